import { normaliseForTrigger } from '../../format/index.ts'
import { defineTrigger } from '../define.ts'

/**
 * User Before Save (blocking): fires before a user is saved (not for login/logout bookkeeping),
 * with the flat user fields; a failure cancels the save (spec/ENGINE.md §4.1, §4.1.1).
 */
export const userBeforeSave = defineTrigger({
  id: 'user-before-save',
  scope: 'user',
  name: 'User Before Save',
  // MISP's wording, "is save" included.
  description: 'This trigger is called just before a user is save in the database',
  icon: 'user-plus',
  blocking: true,
  misp_core_format: false,
  trigger_overhead: 1,
  normalise: (raw, { lookups }) => normaliseForTrigger('user-before-save', raw, lookups),
  // The class does not declare `misp_core_format`, so reflection lists it with the inherited ones.
  declares: ['id', 'scope', 'name', 'description', 'icon', 'inputs', 'outputs', 'blocking', 'trigger_overhead'],
})

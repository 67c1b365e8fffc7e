import { normaliseForTrigger } from '../../format/index.ts'
import { defineTrigger } from '../define.ts'

/**
 * User After Save: fires after a user is saved (not for login/logout bookkeeping), with the flat
 * user fields, not converted (spec/ENGINE.md §4.1, §4.1.1).
 */
export const userAfterSave = defineTrigger({
  id: 'user-after-save',
  scope: 'user',
  name: 'User After Save',
  description: 'This trigger is called after a user has been saved in the database',
  icon: 'user-edit',
  blocking: false,
  misp_core_format: false,
  trigger_overhead: 1,
  normalise: (raw, { lookups }) => normaliseForTrigger('user-after-save', raw, lookups),
  // The class does not declare `misp_core_format`, so reflection lists it with the inherited ones.
  declares: ['id', 'scope', 'name', 'description', 'icon', 'inputs', 'outputs', 'blocking', 'trigger_overhead'],
})

import { normaliseForTrigger } from '../../format/index.ts'
import { defineTrigger } from '../define.ts'

/**
 * Post After Save: fires after a discussion post is saved; normalisation adds the thread and the
 * thread's event, giving `{Post, Thread, Event?}` (spec/ENGINE.md §4.1, §4.1.1).
 */
export const postAfterSave = defineTrigger({
  id: 'post-after-save',
  scope: 'post',
  name: 'Post After Save',
  description: 'This trigger is called after a Post has been saved in the database',
  icon: 'comment',
  blocking: false,
  misp_core_format: false,
  trigger_overhead: 1,
  normalise: (raw, { lookups }) => normaliseForTrigger('post-after-save', raw, lookups),
  // The class does not declare `inputs`/`outputs`, so reflection lists them with the inherited ones.
  declares: ['id', 'scope', 'name', 'description', 'icon', 'blocking', 'misp_core_format', 'trigger_overhead'],
})

import { normaliseForTrigger } from '../../format/index.ts'
import { defineTrigger } from '../define.ts'

/**
 * Event After Save New From Pull: fires instead of `event-after-save-new` for events created by a
 * pull, with the full event, converted to the core format (spec/ENGINE.md §4.1, §4.1.1).
 */
export const eventAfterSaveNewFromPull = defineTrigger({
  id: 'event-after-save-new-from-pull',
  scope: 'event',
  name: 'Event After Save New From Pull',
  description:
    'This trigger is called after a new Event has been saved in the database from a PULL operation. This trigger executes in place of `event-after-save-new`',
  icon: 'envelope',
  blocking: false,
  misp_core_format: true,
  trigger_overhead: 1,
  normalise: (raw, { lookups }) => normaliseForTrigger('event-after-save-new-from-pull', raw, lookups),
})

import { normaliseForTrigger } from '../../format/index.ts'
import { defineTrigger } from '../define.ts'

/**
 * Event After Save New: fires once a new event and all its contents are stored, with the full
 * event, converted to the core format (spec/ENGINE.md §4.1, §4.1.1).
 */
export const eventAfterSaveNew = defineTrigger({
  id: 'event-after-save-new',
  scope: 'event',
  name: 'Event After Save New',
  description: 'This trigger is called after a new Event has been saved in the database',
  icon: 'envelope',
  blocking: false,
  misp_core_format: true,
  trigger_overhead: 1,
  normalise: (raw, { lookups }) => normaliseForTrigger('event-after-save-new', raw, lookups),
})

import { normaliseForTrigger } from '../../format/index.ts'
import { defineTrigger } from '../define.ts'

/**
 * Event After Save: fires after every event save (create and update), with a quick fetch of the
 * event, converted to the core format (spec/ENGINE.md §4.1, §4.1.1).
 */
export const eventAfterSave = defineTrigger({
  id: 'event-after-save',
  scope: 'event',
  name: 'Event After Save',
  description: 'This trigger is called after an Event or any of its elements has been saved in the database',
  icon: 'envelope',
  blocking: false,
  misp_core_format: true,
  trigger_overhead: 3,
  trigger_overhead_message:
    'This trigger is called each time an Event or Attribute have been saved. This means that when a large quantity of Attributes are being saved (e.g. Feed pulling or synchronisation), the workflow will be run for as many time as there are Attributes.',
  normalise: (raw, { lookups }) => normaliseForTrigger('event-after-save', raw, lookups),
})

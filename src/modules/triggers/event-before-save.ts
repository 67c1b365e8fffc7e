import { normaliseForTrigger } from '../../format/index.ts'
import { defineTrigger } from '../define.ts'

/**
 * Event Before Save (blocking): fires before every event save with the model data being written;
 * a failure cancels the save (spec/ENGINE.md §4.1, §4.1.1).
 */
export const eventBeforeSave = defineTrigger({
  id: 'event-before-save',
  scope: 'event',
  name: 'Event Before Save',
  description: 'This trigger is called before an Event or any of its elements is about to be saved in the database',
  icon: 'envelope',
  blocking: true,
  misp_core_format: true,
  trigger_overhead: 3,
  trigger_overhead_message:
    'This trigger is called each time an Event or Attribute is about to be saved. This means that when a large quantity of Attributes are being saved (e.g. Feed pulling or synchronisation), the workflow will be run for as many time as there are Attributes.',
  normalise: (raw, { lookups }) => normaliseForTrigger('event-before-save', raw, lookups),
})

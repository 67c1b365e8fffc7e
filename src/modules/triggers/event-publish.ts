import { normaliseForTrigger } from '../../format/index.ts'
import { defineTrigger } from '../define.ts'

/**
 * Event Publish (blocking): fires inside the publish routine before the event is marked
 * published; a failure stops publishing (spec/ENGINE.md §4.1, §4.1.1).
 */
export const eventPublish = defineTrigger({
  id: 'event-publish',
  scope: 'event',
  name: 'Event Publish',
  description: 'This trigger is called just before a MISP Event starts the publishing process',
  icon: 'upload',
  blocking: true,
  misp_core_format: true,
  trigger_overhead: 1,
  normalise: (raw, { lookups }) => normaliseForTrigger('event-publish', raw, lookups),
})

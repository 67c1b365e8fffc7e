import { defineActionModule } from '../define.ts'
import { notYet } from './not-yet.ts'

/** Publish Event: publishes `Event.id` synchronously, firing `event-publish` (spec/ENGINE.md §4.3). */
export const publishEvent = defineActionModule({
  id: 'publish-event',
  name: 'Publish Event',
  description: 'Publish an Event in the context of the workflow',
  icon: 'upload',
  exec: notYet('publish-event'),
})

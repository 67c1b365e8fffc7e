import { defineActionModule } from '../define.ts'
import { idOf } from './support/items.ts'
import { requireOperation } from './support/operations.ts'

/**
 * Publish Event: publishes `Event.id` synchronously through the host's publish, which fires
 * the blocking `event-publish` (spec/ENGINE.md §4.3; the loop guard keeps a publish workflow
 * from recursing, §2.14). True when the event was published; a veto's errors become the node's.
 */
export const publishEvent = defineActionModule({
  id: 'publish-event',
  name: 'Publish Event',
  description: 'Publish an Event in the context of the workflow',
  icon: 'upload',
  async exec(ctx) {
    const eventId = idOf(ctx.data?.Event?.id)
    if (eventId === null) {
      ctx.errors.push('No event to publish: the data has no `Event.id`')
      return false
    }
    const outcome = await requireOperation(ctx, 'publishEvent')(eventId)
    ctx.errors.push(...outcome.errors)
    return outcome.published
  },
})

import { phpTruthy } from '../../format/index.ts'
import { defineActionModule } from '../define.ts'
import { idOf } from './support/items.ts'
import { reloadEvent } from './support/reload-event.ts'

/**
 * Reload full Event: when the workflow's trigger gives core-format data, re-fetches event
 * `Event.id` in full, converts it to the core format and makes it the roaming data; otherwise
 * (and in stateless runs, which have no trigger node) it does nothing (spec/ENGINE.md §4.3).
 */
export const reloadFullEvent = defineActionModule({
  id: 'reload-full-event',
  name: 'Reload full Event',
  description: 'Reload the full Event from the database and assign it to the roaming data.',
  icon: 'sync-alt',
  expect_misp_core_format: true,
  async exec(ctx) {
    const trigger = ctx.roaming.getTriggerNode()
    if (!trigger || !phpTruthy(trigger.data?.misp_core_format)) return true
    const eventId = idOf(ctx.data?.Event?.id)
    if (eventId === null) throw new Error('the roaming data holds no `Event.id` to reload')
    ctx.setData(await reloadEvent(ctx, eventId))
    return true
  },
})

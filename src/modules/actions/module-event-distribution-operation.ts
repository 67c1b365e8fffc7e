import { defineActionModule } from '../define.ts'
import { phpToString } from '../../format/index.ts'
import { idOf, stringList } from './support/items.ts'
import { requireOperation } from './support/operations.ts'
import { distributionOptions } from '../distribution-levels.ts'

/**
 * Event distribution operation: sets the event's distribution (and sharing group) and saves it
 * through the host's event save, which fires the event-save triggers (spec/ENGINE.md §4.3).
 * Unless `freeze`, the event is touched and unpublished. The roaming data then carries the new
 * distribution. MISP quirk fixed (Q16): an event without attributes is changed too
 * (docs/differences-from-misp.md). Distribution 4 needs the `sharing_group_id` picker's group
 * (single choice); an unknown one is refused by the host's event save, a node error. The
 * distribution list is MISP's constant; the sharing-group options (`{<id>: <name>}`) are filled
 * by the host.
 */
export const moduleEventDistributionOperation = defineActionModule({
  id: 'Module_event_distribution_operation',
  name: 'Event distribution operation',
  description: "Set the Event's distribution to the selected level",
  icon: 'edit',
  expect_misp_core_format: true,
  params: [
    {
      id: 'freeze',
      label: 'Preserve timestamp and published state',
      type: 'select',
      options: { modify: 'Modify timestamp and unpublish', freeze: 'Freeze timestamp and keep published state' },
      default: 'modify',
    },
    {
      id: 'distribution',
      label: 'Distribution',
      type: 'select',
      default: '0',
      options: distributionOptions(),
      placeholder: 'Pick a distribution',
    },
    {
      id: 'sharing_group_id',
      label: 'Sharing Groups',
      type: 'picker',
      multiple: false,
      options: {},
      default: [],
      placeholder: 'Pick a sharing group',
      display_on: { distribution: '4' },
    },
  ],
  async exec(ctx) {
    const distribution = phpToString(ctx.params.distribution)
    if (!/^[0-4]$/.test(distribution)) {
      ctx.errors.push(`Invalid distribution \`${distribution}\`: expected 0 to 4`)
      return false
    }
    const data = ctx.data
    const eventId = idOf(data?.Event?.id)
    if (eventId === null) {
      ctx.errors.push('No event to change: the data has no `Event.id`')
      return false
    }
    const sharingGroupId = distribution === '4' ? (stringList(ctx.params.sharing_group_id)[0] ?? '') : undefined
    if (sharingGroupId === '') {
      ctx.errors.push('Distribution 4 needs a sharing group: pick one in `sharing_group_id`')
      return false
    }
    const saved = await requireOperation(ctx, 'editEventDistribution')(eventId, {
      distribution: Number(distribution),
      ...(sharingGroupId !== undefined ? { sharingGroupId } : {}),
      freeze: phpToString(ctx.params.freeze) === 'freeze',
    })
    if (!saved) return false
    data.Event.distribution = distribution
    if (sharingGroupId !== undefined) data.Event.sharing_group_id = sharingGroupId
    ctx.setData(data)
    return true
  },
})

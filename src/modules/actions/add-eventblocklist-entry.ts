import { defineActionModule } from '../define.ts'
import { phpToString } from '../../format/index.ts'
import { get } from '../../hashpath/index.ts'
import { idOf } from './support/items.ts'
import { requireOperation } from './support/operations.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Add Event Blocklist entry: blocklists the event whose UUID and info are at the two hash paths
 * (plain dotted paths), naming the creator organisation of `Event.orgc_id` (MISP's `"unkwown"`,
 * typo included, when it is not found), so that the event is refused on its next pull or push
 * (spec/ENGINE.md §4.3). An event already blocklisted counts as done. Unlike MISP, a missing
 * UUID is a node error rather than a silent success.
 */
export const addEventblocklistEntry = defineActionModule({
  id: 'add_eventblocklist_entry',
  name: 'Add Event Blocklist entry',
  description: 'Create a new entry in the Event blocklist table',
  icon: 'ban',
  expect_misp_core_format: true,
  params: [
    {
      id: 'uuid_hash_path',
      label: 'Event UUID Hash path',
      type: 'hashpath',
      placeholder: 'Event.uuid',
      default: 'Event.uuid',
      hashpath: { is_sub_selector: true },
    },
    {
      id: 'eventinfo_hash_path',
      label: 'Event Info Hash path',
      type: 'hashpath',
      placeholder: 'Event.info',
      default: 'Event.info',
      hashpath: { is_sub_selector: true },
    },
    {
      id: 'block_comment',
      label: 'Blocklist Comment',
      type: 'input',
      placeholder: 'Blocked from workflow',
      default: 'Blocked from workflow',
    },
  ],
  async exec(ctx) {
    const data = ctx.data
    const uuid = phpToString(get(data, phpToString(ctx.params.uuid_hash_path)) ?? '')
    if (uuid === '') {
      ctx.errors.push(`No event UUID at \`${phpToString(ctx.params.uuid_hash_path)}\``)
      return false
    }
    if (!UUID.test(uuid)) {
      ctx.errors.push(`Not an event UUID at \`${phpToString(ctx.params.uuid_hash_path)}\`: ${uuid.slice(0, 64)}`)
      return false
    }
    const info = phpToString(get(data, phpToString(ctx.params.eventinfo_hash_path)) ?? '')
    const orgcId = idOf(data?.Event?.orgc_id)
    const orgName = orgcId === null ? null : await requireOperation(ctx, 'organisationName')(orgcId)
    await requireOperation(
      ctx,
      'addEventBlocklistEntry',
    )({
      event_uuid: uuid,
      event_info: info,
      // MISP quirk: the typo is MISP's.
      event_orgc: orgName ?? 'unkwown',
      comment: phpToString(ctx.params.block_comment),
    })
    return true
  },
})

import { phpToString } from '../../format/index.ts'
import { defineActionModule } from '../define.ts'
import { NO_ENRICHMENT_MODULE, requireEnrichment } from './attach-enrichment.ts'
import { ZMQ_WORKFLOW_TOPIC } from './push-zmq.ts'
import { recordsOf } from './support/items.ts'

/** MISP's ZeroMQ notice when nothing could be done. */
const UNREACHABLE_NOTICE = {
  Warning: 'Error while trying to reach enrichment service or no module available',
  'Attribute added': 0,
}

/**
 * Enrich Event: runs MISP's event enrichment with one module (spec/ENGINE.md §4.3). `options` is
 * the sorted list of `""` and every enrichment module name; the host adds the names.
 *
 * The host runs the enrichment (each attribute's query preceded by `enrichment-before-query`)
 * and adds what the module finds to the event. The outcome is pushed to ZeroMQ as MISP does
 * (best effort: a publisher that cannot run does not fail the node), and the roaming data
 * becomes the freshly fetched event, which, as in MISP, is not in core format (§9).
 */
export const enrichEvent = defineActionModule<{ modules: unknown }>({
  id: 'enrich-event',
  name: 'Enrich Event',
  description: 'Enrich all Attributes contained in the Event with the provided module.',
  version: '0.2',
  icon: 'asterisk',
  support_filters: true,
  expect_misp_core_format: true,
  params: [{ id: 'modules', label: 'Modules', type: 'select', options: [''] }],
  async exec(ctx) {
    const module = Array.isArray(ctx.params.modules)
      ? phpToString(ctx.params.modules[0])
      : phpToString(ctx.params.modules)
    if (module === '') {
      ctx.errors.push(NO_ENRICHMENT_MODULE)
      return false
    }
    let attributeUuids: string[] | undefined
    if (ctx.filtersEnabled) {
      const items = recordsOf(ctx.matchingItems())
      if (items.length === 0) return true
      attributeUuids = items.map((item) => phpToString(item.uuid))
    }
    const eventId = phpToString(ctx.data?.Event?.id)
    const outcome = await requireEnrichment(ctx).enrichEvent({
      eventId,
      module,
      ...(attributeUuids ? { attributeUuids } : {}),
    })
    const notice = outcome ? { 'Enriching event': eventId, 'Attribute added': outcome.added } : UNREACHABLE_NOTICE
    await ctx.outbound?.publish?.(ZMQ_WORKFLOW_TOPIC, notice).catch(() => undefined)
    if (outcome && ctx.backend?.fetchFullEvent) {
      const fresh = await ctx.backend.fetchFullEvent(eventId)
      if (fresh) ctx.setData(fresh)
    }
    return true
  },
})

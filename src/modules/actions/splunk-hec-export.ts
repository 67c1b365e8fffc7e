import { extract } from '../../hashpath/index.ts'
import { phpTruthy } from '../../format/index.ts'
import { defineActionModule } from '../define.ts'
import { defaultHeaders, sendWebhook } from './webhook-request.ts'

interface SplunkParams {
  url: unknown
  verify_tls: unknown
  hec_token: unknown
  source_type: unknown
  event_per_attribute: unknown
  data_extraction_model: unknown
}

/** The Splunk events for the data: the whole data, or one `{Attribute, Event}` per event attribute. */
function splunkEvents(data: any, perAttribute: boolean): unknown[] {
  if (!perAttribute) return [data]
  const { Attribute, _AttributeFlattened, ...base } = (data?.Event ?? {}) as Record<string, unknown>
  const attributes = Array.isArray(Attribute) ? Attribute : []
  return attributes.map((attribute) => ({ Attribute: attribute, Event: base }))
}

/** `{field: HashExtract(event, path)}`, a single-element result unwrapped. */
function applyModel(event: unknown, model: Record<string, unknown>): Record<string, unknown> {
  const shaped: Record<string, unknown> = {}
  for (const [field, path] of Object.entries(model)) {
    const found = extract(event, String(path))
    shaped[field] = Array.isArray(found) && found.length === 1 ? found[0] : found
  }
  return shaped
}

/** The extraction model, or an error line when it is not a JSON object. */
function parseModel(text: unknown): Record<string, unknown> | string | null {
  if (typeof text !== 'string' || text.trim() === '') return null
  try {
    const model = JSON.parse(text)
    if (typeof model === 'object' && model !== null && !Array.isArray(model)) return model
  } catch {
    // Reported below.
  }
  return 'The data extraction model is not a JSON object.'
}

/**
 * Splunk HEC export: sends the event, or one Splunk event per attribute, to a Splunk HTTP Event
 * Collector (spec/ENGINE.md §4.3). The numeric defaults `1` and `0` are MISP's. Sluice does what
 * the module was meant to do, where MISP's sends nothing (docs/differences-from-misp.md): one
 * POST per Splunk event with `Authorization: Splunk <token>`, stopping at the first failure.
 */
export const splunkHecExport = defineActionModule<SplunkParams>({
  id: 'splunk-hec-export',
  name: 'Splunk HEC export',
  description:
    "Export Event Data to Splunk HTTP Event Collector. Due to the potential high amount of requests, it's recommanded to put this module after a `concurrent_task` logic module.",
  version: '0.2',
  icon_path: 'Splunk.png',
  outputs: 0,
  expect_misp_core_format: true,
  params: [
    { id: 'url', label: 'HEC URL', type: 'input', placeholder: 'https://splunk:8088/services/collector/event' },
    {
      id: 'verify_tls',
      label: 'Verify HTTPS Certificate',
      type: 'select',
      options: { '1': 'True', '0': 'False' },
      default: 1,
    },
    { id: 'hec_token', label: 'HEC Token', type: 'input', placeholder: '00000000-0000-0000-000000000000' },
    { id: 'source_type', label: 'Source Type', type: 'input', default: '', placeholder: 'misp:event' },
    {
      id: 'event_per_attribute',
      label: 'Create one Splunk Event per Attribute',
      type: 'select',
      options: { '1': 'True', '0': 'False' },
      default: 0,
    },
    {
      id: 'data_extraction_model',
      label: 'Data extraction model (JSON)',
      type: 'textarea',
      default: '',
      placeholder: '{ "EventInfo": "Event.info", "AttributeValue": "Event.Attribute.{n}.value"}',
    },
  ],
  async exec(ctx) {
    const { params } = ctx
    const url = typeof params.url === 'string' ? params.url.trim() : ''
    if (url === '') {
      ctx.errors.push('URL not provided.')
      return false
    }
    const token = typeof params.hec_token === 'string' ? params.hec_token.trim() : ''
    if (token === '') {
      ctx.errors.push('Authorization token not provided.')
      return false
    }
    const model = parseModel(params.data_extraction_model)
    if (typeof model === 'string') {
      ctx.errors.push(model)
      return false
    }
    const sourceType = typeof params.source_type === 'string' ? params.source_type : ''
    const headers = { ...defaultHeaders(), Authorization: `Splunk ${token}` }
    for (const event of splunkEvents(ctx.data, phpTruthy(params.event_per_attribute))) {
      const body = {
        event: model ? applyModel(event, model) : event,
        ...(sourceType !== '' ? { sourcetype: sourceType } : {}),
      }
      const ok = await sendWebhook(ctx, {
        url,
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        verifyTls: phpTruthy(params.verify_tls),
      })
      if (!ok) return false
    }
    return true
  },
})

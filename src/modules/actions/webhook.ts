import { defineActionModule } from '../define.ts'
import { defaultHeaders, parseHeaderLines, phpFormEncode, sendWebhook, setHeader } from './webhook-request.ts'

interface WebhookParams {
  url: unknown
  content_type: unknown
  request_method: unknown
  self_signed: unknown
  payload: unknown
  headers: unknown
}

const METHODS: Record<string, string> = { post: 'POST', get: 'GET', put: 'PUT', delete: 'DELETE' }

/**
 * The body to send: the rendered payload (parsed when it is JSON and the content type is json),
 * else the data view; encoded as JSON or in PHP's form encoding (spec/ENGINE.md §4.3 steps 3, 5).
 */
function encodeBody(payload: unknown, data: unknown, contentType: string): string {
  let value: unknown = typeof payload === 'string' && payload !== '' ? payload : data
  if (contentType === 'form') return typeof value === 'string' ? value : phpFormEncode(value)
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value)
    } catch {
      // Not JSON: MISP sends it as a JSON string literal.
    }
  }
  return JSON.stringify(value ?? null)
}

/**
 * Webhook: sends the payload (or the data view) to a URL (spec/ENGINE.md §4.3). The engine has
 * rendered the Jinja `url`, `payload` and `headers` already; where the URL may go is the host's
 * allow-list's decision (docs/outbound.md). Unlike MISP, a method outside the four options is
 * refused rather than sent.
 */
export const webhook = defineActionModule<WebhookParams>({
  id: 'webhook',
  name: 'Webhook',
  description: 'Allow to perform custom callbacks to the provided URL',
  version: '0.7',
  icon_path: 'webhook.png',
  params: [
    { id: 'url', label: 'URL', type: 'input', placeholder: 'https://example.com/test', jinja_supported: true },
    {
      id: 'content_type',
      label: 'Content type',
      type: 'select',
      default: 'json',
      options: { json: 'application/json', form: 'application/x-www-form-urlencoded' },
    },
    {
      id: 'request_method',
      label: 'HTTP Request Method',
      type: 'select',
      default: 'post',
      options: { post: 'POST', get: 'GET', put: 'PUT', delete: 'DELETE' },
    },
    {
      id: 'self_signed',
      label: 'Self-signed certificates',
      type: 'select',
      default: 'deny',
      options: { deny: 'Deny self-signed certificates', allow: 'Allow self-signed certificates' },
    },
    {
      id: 'payload',
      label: 'Payload (leave empty for roaming data)',
      type: 'textarea',
      default: '',
      placeholder: '',
      jinja_supported: true,
    },
    { id: 'headers', label: 'Headers', type: 'textarea', placeholder: 'Authorization: foobar', jinja_supported: true },
  ],
  async exec(ctx) {
    const { params } = ctx
    const url = typeof params.url === 'string' ? params.url.trim() : ''
    if (url === '') {
      ctx.errors.push('URL not provided.')
      return false
    }
    const method = METHODS[String(params.request_method)]
    if (!method) {
      ctx.errors.push(`Unknown HTTP request method \`${String(params.request_method)}\`.`)
      return false
    }
    const contentType = params.content_type === 'form' ? 'form' : 'json'
    const headers = defaultHeaders()
    for (const [name, value] of Object.entries(parseHeaderLines(params.headers))) setHeader(headers, name, value)
    if (contentType === 'form') setHeader(headers, 'Content-Type', 'application/x-www-form-urlencoded')
    return sendWebhook(ctx, {
      url,
      method,
      headers,
      ...(method === 'GET' ? {} : { body: encodeBody(params.payload, ctx.data, contentType) }),
      verifyTls: params.self_signed !== 'allow',
    })
  },
})

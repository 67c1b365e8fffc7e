import { defineActionModule } from '../define.ts'
import { defaultHeaders, phpFormEncode, sendWebhook, setHeader } from './webhook-request.ts'

/**
 * MS Teams Webhook: posts the data view, form-encoded as `text=<JSON>`, to a Teams incoming
 * webhook (spec/ENGINE.md §4.3). `data_extraction_path` is unused, as in MISP (Q14).
 */
export const msTeamsWebhook = defineActionModule<{ url: unknown }>({
  id: 'ms-teams-webhook',
  name: 'MS Teams Webhook',
  description: 'Perform callbacks to the MS Teams webhook provided by the "Incoming Webhook" connector',
  version: '0.5',
  icon_path: 'MS_Teams.png',
  params: [
    { id: 'url', label: 'MS Teams Webhook URL', type: 'input', placeholder: 'https://example.com/test' },
    {
      id: 'content_type',
      label: 'Content type',
      type: 'select',
      default: 'form',
      options: { form: 'application/x-www-form-urlencoded' },
    },
    {
      id: 'data_extraction_path',
      label: 'Data extraction path',
      type: 'hashpath',
      default: '',
      placeholder: 'Attribute.{n}.AttributeTag.{n}.Tag.name',
    },
  ],
  exec(ctx) {
    const url = typeof ctx.params.url === 'string' ? ctx.params.url.trim() : ''
    if (url === '') {
      ctx.errors.push('URL not provided.')
      return false
    }
    const headers = defaultHeaders()
    setHeader(headers, 'Content-Type', 'application/x-www-form-urlencoded')
    // MISP allows no self-signed certificate here.
    return sendWebhook(ctx, {
      url,
      method: 'POST',
      headers,
      body: phpFormEncode({ text: JSON.stringify(ctx.data) }),
      verifyTls: true,
    })
  },
})

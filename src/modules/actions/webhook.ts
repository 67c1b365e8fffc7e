import { defineActionModule } from '../define.ts'
import { notYet } from './not-yet.ts'

/** Webhook: sends the payload (or the data view) to a URL (spec/ENGINE.md §4.3). */
export const webhook = defineActionModule({
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
  exec: notYet('webhook'),
})

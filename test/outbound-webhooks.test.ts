/**
 * `webhook`, `ms-teams-webhook`, `telegram-send-alert` and `splunk-hec-export` against a real
 * HTTP receiver on 127.0.0.1 through the host's Outbound (spec/ENGINE.md §4.3; docs/outbound.md):
 * what the receiver got (method, headers, body) and every failure path as a node error.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { msTeamsWebhook } from '../src/modules/actions/ms-teams-webhook.ts'
import { splunkHecExport } from '../src/modules/actions/splunk-hec-export.ts'
import { telegramSendAlert } from '../src/modules/actions/telegram-send-alert.ts'
import { webhook } from '../src/modules/actions/webhook.ts'
import { execModule } from './harness/exec-module.ts'
import { closedPort, type HttpReceiver, startHttpReceiver } from './harness/http-receiver.ts'
import { outboundPorts } from './harness/outbound.ts'

const event = {
  Event: {
    id: '12',
    info: 'Phishing wave',
    Attribute: [
      { id: '1', type: 'ip-dst', value: '198.51.100.7' },
      { id: '2', type: 'domain', value: 'evil.example' },
    ],
    _AttributeFlattened: [
      { id: '1', type: 'ip-dst', value: '198.51.100.7' },
      { id: '2', type: 'domain', value: 'evil.example' },
    ],
  },
}

let receiver: HttpReceiver
beforeAll(async () => {
  receiver = await startHttpReceiver()
})
afterAll(() => receiver.close())
afterEach(() => {
  receiver.requests.length = 0
  receiver.answer = {}
})

describe('webhook', () => {
  it('POSTs the data view as JSON with MISP’s default headers and the custom ones', async () => {
    const { ports } = outboundPorts()
    const run = await execModule(
      webhook,
      { url: `${receiver.url}/hook`, headers: 'Authorization: secret-token\nX-Team: cti' },
      event,
      { ports },
    )
    expect(run).toMatchObject({ result: true, errors: [] })
    const [got] = receiver.requests
    expect(got).toMatchObject({ method: 'POST', url: '/hook' })
    expect(got?.headers).toMatchObject({
      accept: 'application/json',
      'content-type': 'application/json',
      'user-agent': 'MISP 2.5.0',
      authorization: 'secret-token',
      'x-team': 'cti',
    })
    expect(JSON.parse(got?.body ?? '')).toEqual(event)
  })

  it('renders the Jinja URL, payload and headers against the data view', async () => {
    const { ports } = outboundPorts()
    const run = await execModule(
      webhook,
      {
        url: `${receiver.url}/events/{{ Event.id }}`,
        payload: '{"info": "{{ Event.info }}", "count": {{ Event._AttributeFlattened | length }}}',
        headers: 'X-Event: {{ Event.id }}',
        request_method: 'put',
      },
      event,
      { ports },
    )
    expect(run.result).toBe(true)
    const [got] = receiver.requests
    expect(got).toMatchObject({ method: 'PUT', url: '/events/12' })
    expect(got?.headers['x-event']).toBe('12')
    expect(JSON.parse(got?.body ?? '')).toEqual({ info: 'Phishing wave', count: 2 })
  })

  it('sends a payload that is not JSON as a JSON string literal, as MISP does', async () => {
    const { ports } = outboundPorts()
    await execModule(webhook, { url: receiver.url, payload: 'plain {{ Event.info }}' }, event, { ports })
    expect(receiver.requests[0]?.body).toBe('"plain Phishing wave"')
  })

  it('form-encodes an object in PHP style and forces the form content type', async () => {
    const { ports } = outboundPorts()
    await execModule(
      webhook,
      { url: receiver.url, content_type: 'form', headers: 'Content-Type: text/plain' },
      { Event: { info: 'a b&c', Tag: [{ name: 'tlp:red' }], published: false } },
      { ports },
    )
    const [got] = receiver.requests
    expect(got?.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(got?.body).toBe('Event%5Binfo%5D=a+b%26c&Event%5BTag%5D%5B0%5D%5Bname%5D=tlp%3Ared&Event%5Bpublished%5D=0')
  })

  it('sends no body with GET', async () => {
    const { ports } = outboundPorts()
    expect((await execModule(webhook, { url: receiver.url, request_method: 'get' }, event, { ports })).result).toBe(
      true,
    )
    expect(receiver.requests[0]).toMatchObject({ method: 'GET', body: '' })
  })

  it('fails with `URL not provided.` for an empty (rendered) URL', async () => {
    const { ports } = outboundPorts()
    expect(await execModule(webhook, { url: '{{ Event.nothing }}' }, event, { ports })).toMatchObject({
      result: false,
      errors: ['URL not provided.'],
    })
  })

  it('reports a non-2xx answer with its body, and 401/403 as an authentication failure', async () => {
    const { ports } = outboundPorts()
    receiver.answer = { status: 500, body: 'upstream broke' }
    expect(await execModule(webhook, { url: receiver.url }, event, { ports })).toMatchObject({
      result: false,
      errors: [
        'Something went wrong with the request or the remote side is having issues. Body returned: upstream broke',
      ],
    })
    receiver.answer = { status: 403, body: 'no' }
    expect((await execModule(webhook, { url: receiver.url }, event, { ports })).errors).toEqual([
      'Authentication failed.',
    ])
  })

  it('reports a receiver that is down', async () => {
    const { ports } = outboundPorts()
    const port = await closedPort()
    const run = await execModule(webhook, { url: `http://127.0.0.1:${port}/x?token=abc` }, event, { ports })
    expect(run.result).toBe(false)
    expect(run.errors[0]).toMatch(/^Something went wrong while sending the request\. Error returned: .*ECONNREFUSED/)
    expect(run.errors[0]).not.toContain('token=abc')
  })

  it('gives up after the outbound timeout', async () => {
    const { ports } = outboundPorts({ 'Sluice.outbound_allow_list': ['127.0.0.1'], 'Sluice.outbound_timeout': 0.2 })
    receiver.answer = { delayMs: 2000 }
    const started = performance.now()
    const run = await execModule(webhook, { url: receiver.url }, event, { ports })
    expect(performance.now() - started).toBeLessThan(1500)
    expect(run.errors).toEqual([
      `Something went wrong while sending the request. Error returned: ${receiver.url} did not answer within 200 ms`,
    ])
  })

  it('refuses a URL outside the allow-list without connecting', async () => {
    const { ports } = outboundPorts({ 'Sluice.outbound_allow_list': ['hooks.example.org', '10.0.0.0/8'] })
    const run = await execModule(webhook, { url: `${receiver.url}/hook` }, event, { ports })
    expect(run).toMatchObject({
      result: false,
      errors: [`the outbound allow-list (\`Sluice.outbound_allow_list\`) does not allow ${receiver.url}`],
    })
    expect(receiver.requests).toHaveLength(0)
  })

  it('refuses everything with MISP’s message while arbitrary URLs are off and no allow-list is set', async () => {
    const { ports } = outboundPorts({})
    expect((await execModule(webhook, { url: receiver.url }, event, { ports })).errors).toEqual([
      '`Security.rest_client_enable_arbitrary_urls` is turned off',
    ])
    expect(receiver.requests).toHaveLength(0)
    const open = outboundPorts({ 'Security.rest_client_enable_arbitrary_urls': true })
    expect((await execModule(webhook, { url: receiver.url }, event, { ports: open.ports })).result).toBe(true)
  })

  it('turns a hostile template into a node error naming the parameter, and sends nothing', async () => {
    const { ports } = outboundPorts()
    await expect(
      execModule(
        webhook,
        { url: receiver.url, payload: "{{ x.constructor.constructor('return process')() }}" },
        event,
        {
          ports,
        },
      ),
    ).rejects.toThrow(/^Jinja rendering failed for parameter `payload`/)
    expect(receiver.requests).toHaveLength(0)
  })
})

describe('ms-teams-webhook', () => {
  it('POSTs `text=<JSON of the data view>` form-encoded', async () => {
    const { ports } = outboundPorts()
    const run = await execModule(msTeamsWebhook, { url: `${receiver.url}/teams` }, event, { ports })
    expect(run.result).toBe(true)
    const [got] = receiver.requests
    expect(got).toMatchObject({ method: 'POST', url: '/teams' })
    expect(got?.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(JSON.parse(new URLSearchParams(got?.body).get('text') ?? '')).toEqual(event)
  })

  it('fails with `URL not provided.` without a URL', async () => {
    expect((await execModule(msTeamsWebhook, { url: '' }, event, outboundPorts())).errors).toEqual([
      'URL not provided.',
    ])
  })
})

describe('telegram-send-alert', () => {
  it('posts the rendered message to <API base>/bot<token>/sendMessage', async () => {
    const { ports } = outboundPorts({ 'Sluice.telegram_api_url': receiver.url })
    const run = await execModule(
      telegramSendAlert,
      { bot_token: '123:ABC', chat_id: '-42', message_body_template: '<b>{{ Event.info }}</b>' },
      event,
      { ports },
    )
    expect(run.result).toBe(true)
    const [got] = receiver.requests
    expect(got).toMatchObject({ method: 'POST', url: '/bot123:ABC/sendMessage' })
    expect(JSON.parse(got?.body ?? '')).toEqual({ chat_id: '-42', text: '<b>Phishing wave</b>', parse_mode: 'HTML' })
  })

  it('words a 401 and other failures as MISP does, never quoting the token', async () => {
    const { ports } = outboundPorts({ 'Sluice.telegram_api_url': receiver.url })
    receiver.answer = { status: 401, body: '{"ok":false}' }
    const params = { bot_token: '123:SECRET', chat_id: '1', message_body_template: 'x' }
    expect((await execModule(telegramSendAlert, params, event, { ports })).errors).toEqual(['Authentication failed'])
    receiver.answer = { status: 400, body: '{"description":"chat not found"}' }
    expect((await execModule(telegramSendAlert, params, event, { ports })).errors).toEqual([
      'Something went wrong with the request: {"description":"chat not found"}',
    ])
    const down = outboundPorts({ 'Sluice.telegram_api_url': `http://127.0.0.1:${await closedPort()}` })
    const run = await execModule(telegramSendAlert, params, event, { ports: down.ports })
    expect(run.result).toBe(false)
    expect(run.errors.join()).not.toContain('SECRET')
  })
})

describe('splunk-hec-export', () => {
  it('sends one HEC event per attribute with the Splunk token and source type', async () => {
    const { ports } = outboundPorts()
    const run = await execModule(
      splunkHecExport,
      {
        url: `${receiver.url}/services/collector/event`,
        hec_token: 'hec-123',
        source_type: 'misp:event',
        event_per_attribute: '1',
      },
      event,
      { ports },
    )
    expect(run).toMatchObject({ result: true, errors: [] })
    expect(receiver.requests).toHaveLength(2)
    expect(receiver.requests[0]?.headers.authorization).toBe('Splunk hec-123')
    expect(JSON.parse(receiver.requests[1]?.body ?? '')).toEqual({
      event: {
        Attribute: { id: '2', type: 'domain', value: 'evil.example' },
        Event: { id: '12', info: 'Phishing wave' },
      },
      sourcetype: 'misp:event',
    })
  })

  it('shapes each event with the data extraction model and omits an empty source type', async () => {
    const { ports } = outboundPorts()
    await execModule(
      splunkHecExport,
      {
        url: receiver.url,
        hec_token: 't',
        data_extraction_model: '{"EventInfo": "Event.info", "Values": "Event.Attribute.{n}.value"}',
      },
      event,
      { ports },
    )
    expect(JSON.parse(receiver.requests[0]?.body ?? '')).toEqual({
      event: { EventInfo: 'Phishing wave', Values: ['198.51.100.7', 'evil.example'] },
    })
  })

  it('stops at the first failure and checks its parameters', async () => {
    const { ports } = outboundPorts()
    receiver.answer = { status: 403 }
    const run = await execModule(
      splunkHecExport,
      { url: receiver.url, hec_token: 't', event_per_attribute: '1' },
      event,
      { ports },
    )
    expect(run).toMatchObject({ result: false, errors: ['Authentication failed.'] })
    expect(receiver.requests).toHaveLength(1)
    expect((await execModule(splunkHecExport, { url: receiver.url }, event, { ports })).errors).toEqual([
      'Authorization token not provided.',
    ])
  })
})

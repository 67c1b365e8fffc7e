import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closedPort, type HttpReceiver, startHttpReceiver } from '../../../test/harness/http-receiver.ts'
import { createDebugPoster, debugPostUrl } from './debug-poster.ts'

const post = (path: string, data: unknown = {}) => ({
  path,
  body: {
    source: { node_id: '', module_id: '', filters: '', parameters: '' },
    timestamp: '2026-01-01T00:00:00+00:00',
    data,
  },
})

describe('createDebugPoster', () => {
  let receiver: HttpReceiver
  beforeEach(async () => {
    receiver = await startHttpReceiver()
  })
  afterEach(async () => receiver.close())

  it('posts JSON to <base url>/<trigger><path> in the order the run made the posts', async () => {
    const poster = createDebugPoster({ baseUrl: () => `${receiver.url}/` })
    for (let index = 0; index < 5; index++)
      poster.debugPost('event-publish', post(`/exec/m${index}?result=success`, { index }))
    await poster.settled()
    expect(receiver.requests.map((request) => request.url)).toEqual(
      [0, 1, 2, 3, 4].map((index) => `/event-publish/exec/m${index}?result=success`),
    )
    expect(JSON.parse(receiver.requests[3].body).data).toEqual({ index: 3 })
    expect(receiver.requests[0].headers['content-type']).toBe('application/json')
  })
  it('masks the node’s secret parameters before they leave, the other parameters as they are', async () => {
    const poster = createDebugPoster({ baseUrl: () => receiver.url })
    const parameters = {
      url: 'https://hooks.example/{{ Event.id }}',
      headers: 'Authorization: Bearer s3cr3t',
      method: 'post',
    }
    const sent = {
      ...post('/exec/webhook?result=success'),
      body: { ...post('').body, source: { node_id: 2, module_id: 'webhook', filters: '', parameters } },
    }
    poster.debugPost('event-publish', sent)
    await poster.settled()
    expect(receiver.requests[0].body).not.toContain('s3cr3t')
    expect(JSON.parse(receiver.requests[0].body).source).toEqual({
      node_id: 2,
      module_id: 'webhook',
      filters: '',
      parameters: { ...parameters, headers: '******' },
    })
    expect(sent.body.source.parameters.headers).toBe('Authorization: Bearer s3cr3t')
  })
  it('gives up after the timeout and tells why, without the body', async () => {
    receiver.answer = { delayMs: 2000 }
    const errors: string[] = []
    const poster = createDebugPoster({
      baseUrl: () => receiver.url,
      timeoutMs: 100,
      onError: (message) => errors.push(message),
    })
    poster.debugPost('event-publish', post('/init?type=blocking', { secret: 'not in the message' }))
    await poster.settled()
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain(`debug post to ${receiver.url} failed`)
    expect(errors[0]).not.toContain('not in the message')
  })
  it('survives a listener that is down and a base URL that is not one', async () => {
    const errors: string[] = []
    const port = await closedPort()
    let base = `http://127.0.0.1:${port}`
    const poster = createDebugPoster({ baseUrl: () => base, onError: (message) => errors.push(message) })
    poster.debugPost('t', post('/end?outcome=success'))
    base = 'not a url'
    poster.debugPost('t', post('/end?outcome=success'))
    await poster.settled()
    expect(errors).toHaveLength(2)
  })
  it('drops posts beyond maxPending instead of holding them', async () => {
    receiver.answer = { delayMs: 50 }
    const errors: string[] = []
    const poster = createDebugPoster({
      baseUrl: () => receiver.url,
      maxPending: 2,
      onError: (message) => errors.push(message),
    })
    for (let index = 0; index < 4; index++) poster.debugPost('t', post(`/exec/m${index}?result=success`))
    await poster.settled()
    expect(receiver.requests).toHaveLength(2)
    expect(errors.filter((message) => message.includes('dropped'))).toHaveLength(2)
  })
})

describe('debugPostUrl', () => {
  it('percent-encodes what MISP leaves raw in an error message', () => {
    expect(debugPostUrl('http://h:1/x/', 'event-publish', '/exec/webhook?result=error&message=Could not reach')).toBe(
      'http://h:1/x/event-publish/exec/webhook?result=error&message=Could%20not%20reach',
    )
  })
})

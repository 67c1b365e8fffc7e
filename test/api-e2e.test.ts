/**
 * The API over the real platform and store (SQLite in memory), over real HTTP: the MISP shapes
 * of test/api.test.ts end to end. Waits for src/platform/create-platform.ts and is skipped with
 * a message until it exists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AUTH_FAILED_MESSAGE, buildApp, PUBLISHED_MESSAGE } from '../src/api/index.ts'
import { call } from './harness/http.ts'

describe('MISP API over the real platform', () => {
  const key = 'e'.repeat(40)
  let baseUrl = ''
  let close: () => Promise<void> = async () => {}

  beforeAll(async () => {
    // Loaded dynamically: the platform's exports land in parallel (issue #3).
    const platformModule: any = await import('../src/platform/index.ts')
    const storeModule: any = await import('../src/store/index.ts')
    const store = await storeModule.openDatabase(':memory:')
    const platform = platformModule.createPlatform({ store })
    await platformModule.bootstrap(platform, { adminKey: key })
    const app = buildApp({ platform })
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 })
    close = async () => {
      await app.close()
      await platform.close?.()
      await store.close()
    }
  })
  afterAll(async () => {
    await close()
  })

  const send = (method: string, path: string, body?: unknown) => call(baseUrl, method, path, { key, body })

  it('refuses a wrong key with MISP’s body', async () => {
    const result = await call(baseUrl, 'GET', '/events/index', { key: 'x'.repeat(40) })
    expect(result.status).toBe(403)
    expect(result.json).toEqual({ name: AUTH_FAILED_MESSAGE, message: AUTH_FAILED_MESSAGE, url: '/events/index' })
  })
  it('creates an event with a tlp:red attribute, publishes it without a workflow, and views it', async () => {
    const added = await send('POST', '/events/add', {
      Event: {
        info: 'e2e',
        distribution: 0,
        Attribute: [{ type: 'ip-src', value: '198.51.100.7', Tag: [{ name: 'tlp:red' }] }],
      },
    })
    expect(added.status).toBe(200)
    const event = added.json.Event
    expect(event.info).toBe('e2e')
    const published = await send('POST', `/events/publish/${event.id}`)
    expect(published.status).toBe(200)
    expect(published.json).toMatchObject({
      saved: true,
      success: true,
      name: PUBLISHED_MESSAGE,
      id: String(event.id),
    })
    const viewed = await send('GET', `/events/view/${event.uuid}`)
    expect(viewed.status).toBe(200)
    expect(viewed.json.Event.published).toBe(true)
    expect(viewed.json.Event.Attribute[0].value).toBe('198.51.100.7')
  })
  it('names Event.info when it is missing and stores nothing', async () => {
    const before = (await send('GET', '/events/index')).json.length
    const result = await send('POST', '/events/add', { Event: { distribution: 0 } })
    expect(result.status).toBe(403)
    expect(result.json.errors.Event.info).toEqual([expect.any(String)])
    expect((await send('GET', '/events/index')).json.length).toBe(before)
  })
  it('names an ip-src value that is not an IP', async () => {
    const event = (await send('POST', '/events/add', { Event: { info: 'bad ip' } })).json.Event
    const result = await send('POST', `/attributes/add/${event.id}`, { type: 'ip-src', value: 'not an ip' })
    expect(result.status).toBeGreaterThanOrEqual(400)
    expect(result.status).toBeLessThan(500)
    expect(result.json.errors.Attribute.value).toEqual([expect.any(String)])
  })
  it('answers 404 `Invalid event` for an unknown event', async () => {
    const result = await send('GET', '/events/view/987654')
    expect(result.status).toBe(404)
    expect(result.json.url).toBe('/events/view/987654')
  })
  it('answers /servers/getVersion', async () => {
    const result = await send('GET', '/servers/getVersion')
    expect(result.status).toBe(200)
    expect(typeof result.json.version).toBe('string')
  })
})

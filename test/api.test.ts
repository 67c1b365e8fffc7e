/**
 * The MISP-compatible HTTP layer over real HTTP (127.0.0.1, a free port) against the fake
 * platform: authentication, each route's MISP shape, validation naming the field, malformed
 * JSON, oversized bodies, unknown routes, internal errors, and the OpenAPI document.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  ATTRIBUTE_DELETED,
  AUTH_FAILED_MESSAGE,
  INTERNAL_ERROR_MESSAGE,
  INVALID_JSON_MESSAGE,
  PUBLISHED_MESSAGE,
  publishBlockedMessage,
} from '../src/api/index.ts'
import { createFakePlatform, FAKE_KEYS, FAKE_VETO, type FakePlatform } from './harness/fake-platform.ts'
import { call, type RunningApp, startApp } from './harness/http.ts'

let platform: FakePlatform
let server: RunningApp
const admin = FAKE_KEYS.admin

beforeEach(async () => {
  platform = createFakePlatform()
  server = await startApp(platform, { bodyLimit: 64 * 1024 })
})
afterEach(async () => {
  await server.close()
})

const send = (method: string, path: string, options: Parameters<typeof call>[3] = {}) =>
  call(server.baseUrl, method, path, { key: admin, ...options })

async function addEvent(body: unknown = { Event: { info: 'Test event', distribution: 0 } }) {
  const result = await send('POST', '/events/add', { body })
  expect(result.status).toBe(200)
  return result.json.Event
}

describe('authentication', () => {
  it('answers 403 with MISP’s exact body when the Authorization header is missing', async () => {
    const result = await call(server.baseUrl, 'GET', '/events/index')
    expect(result.status).toBe(403)
    expect(result.json).toEqual({ name: AUTH_FAILED_MESSAGE, message: AUTH_FAILED_MESSAGE, url: '/events/index' })
  })
  it('answers 403 with MISP’s exact body for an unknown key, the URL without its query string', async () => {
    const result = await call(server.baseUrl, 'GET', '/events/view/1?x=1', { key: 'c'.repeat(40) })
    expect(result.status).toBe(403)
    expect(result.json).toEqual({ name: AUTH_FAILED_MESSAGE, message: AUTH_FAILED_MESSAGE, url: '/events/view/1' })
  })
  it('refuses before reading the body: a bad key with malformed JSON is still 403', async () => {
    const result = await call(server.baseUrl, 'POST', '/events/add', { key: 'nope', rawBody: '{' })
    expect(result.status).toBe(403)
    expect(result.json.name).toBe(AUTH_FAILED_MESSAGE)
  })
  it('uses MISP’s exact text', () => {
    expect(AUTH_FAILED_MESSAGE).toBe(
      'Authentication failed. Please make sure you pass the API key of an API enabled user along in the Authorization header.',
    )
  })
})

describe('POST /events/add', () => {
  it('creates an event from {Event: {...}} and answers the whole event', async () => {
    const result = await send('POST', '/events/add', {
      body: {
        Event: { info: 'Phishing wave', distribution: '0', Attribute: [{ type: 'ip-src', value: '198.51.100.7' }] },
      },
    })
    expect(result.status).toBe(200)
    expect(result.json.Event).toMatchObject({ info: 'Phishing wave', published: false, distribution: '0' })
    expect(result.json.Event.Attribute[0]).toMatchObject({ type: 'ip-src', value: '198.51.100.7' })
    expect(result.json.Event.uuid).toMatch(/^[0-9a-f-]{36}$/)
  })
  it('accepts the bare event, as MISP does', async () => {
    const result = await send('POST', '/events/add', { body: { info: 'Bare', threat_level_id: 1 } })
    expect(result.status).toBe(200)
    expect(result.json.Event.info).toBe('Bare')
  })
  it('answers MISP’s save failure naming Event.info when info is missing (403, as MISP)', async () => {
    const result = await send('POST', '/events/add', { body: { Event: { distribution: 0 } } })
    expect(result.status).toBe(403)
    expect(result.json).toMatchObject({
      saved: false,
      name: 'Could not add Event',
      url: '/events/add',
      errors: { Event: { info: ['Info cannot be empty.'] } },
    })
  })
  it('refuses a wrong type with 400 naming the field', async () => {
    const result = await send('POST', '/events/add', { body: { Event: { info: { not: 'a string' } } } })
    expect(result.status).toBe(400)
    expect(result.json.errors).toEqual({ Event: { info: [expect.stringContaining('string')] } })
    expect(result.json.name).toBe('Could not add Event')
    expect(result.json.url).toBe('/events/add')
  })
  it('names a wrong type inside an attribute of the event', async () => {
    const result = await send('POST', '/events/add', { body: { Event: { info: 'x', Attribute: [{ type: 7 }] } } })
    expect(result.status).toBe(400)
    expect(result.json.errors).toEqual({ Attribute: { '0.type': [expect.any(String)] } })
  })
  it('names the field of a bare body', async () => {
    const result = await send('POST', '/events/add', { body: { info: 'x', distribution: 'everyone' } })
    expect(result.status).toBe(400)
    expect(Object.keys(result.json.errors.Event)).toEqual(['distribution'])
  })
  it('names the attribute value that does not fit its type', async () => {
    const result = await send('POST', '/events/add', {
      body: { Event: { info: 'x', Attribute: [{ type: 'ip-src', value: 'not an ip' }] } },
    })
    expect(result.status).toBe(403)
    expect(result.json.errors).toEqual({ Attribute: { value: ['IP address has an invalid format.'] } })
  })
  it('answers 400 with MISP’s invalid-JSON text and the parser’s reason for malformed JSON', async () => {
    const result = await send('POST', '/events/add', { rawBody: '{"Event": {"info": "x",}' })
    expect(result.status).toBe(400)
    expect(result.json.name).toBe(INVALID_JSON_MESSAGE)
    expect(result.json.message).toContain(INVALID_JSON_MESSAGE)
    expect(result.json.message.length).toBeGreaterThan(INVALID_JSON_MESSAGE.length)
    expect(result.json.url).toBe('/events/add')
  })
  it('answers 413 for a body over the limit', async () => {
    const result = await send('POST', '/events/add', { body: { Event: { info: 'x'.repeat(100 * 1024) } } })
    expect(result.status).toBe(413)
    expect(result.json).toMatchObject({ url: '/events/add', name: expect.stringContaining('too large') })
  })
  it('answers 400 naming the body when there is none', async () => {
    const result = await send('POST', '/events/add', { headers: { 'Content-Type': 'application/json' } })
    expect(result.status).toBe(400)
    expect(result.json.saved).toBe(false)
  })
  it('reads a body sent with curl’s default form content type as JSON', async () => {
    const result = await send('POST', '/events/add', {
      rawBody: JSON.stringify({ info: 'from curl -d' }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    expect(result.status).toBe(200)
    expect(result.json.Event.info).toBe('from curl -d')
  })
})

describe('GET /events/view/:id', () => {
  it('answers {Event} by id and by UUID', async () => {
    const event = await addEvent()
    const byId = await send('GET', `/events/view/${event.id}`)
    const byUuid = await send('GET', `/events/view/${event.uuid}`)
    expect(byId.status).toBe(200)
    expect(byId.json.Event.id).toBe(event.id)
    expect(byUuid.json).toEqual(byId.json)
  })
  it('answers 404 `Invalid event` for an unknown id, in MISP’s shape', async () => {
    const result = await send('GET', '/events/view/999')
    expect(result.status).toBe(404)
    expect(result.json).toEqual({ name: 'Invalid event', message: 'Invalid event', url: '/events/view/999' })
  })
  it('answers 404 `Invalid event` for an id that is neither a number nor a UUID', async () => {
    const result = await send('GET', '/events/view/drop%20table')
    expect(result.status).toBe(404)
    expect(result.json.name).toBe('Invalid event')
  })
  it('hides another organisation’s unshared event from a user (404)', async () => {
    const event = await addEvent({ Event: { info: 'org 1 only', distribution: 0 } })
    const result = await call(server.baseUrl, 'GET', `/events/view/${event.id}`, { key: FAKE_KEYS.user })
    expect(result.status).toBe(404)
  })
})

describe('POST /events/edit/:id', () => {
  it('edits by id (POST) and by UUID (PUT) and answers the whole event', async () => {
    const event = await addEvent()
    const post = await send('POST', `/events/edit/${event.id}`, { body: { Event: { info: 'Renamed' } } })
    expect(post.status).toBe(200)
    expect(post.json.Event.info).toBe('Renamed')
    const put = await send('PUT', `/events/edit/${event.uuid}`, { body: { info: 'Again' } })
    expect(put.status).toBe(200)
    expect(put.json.Event.info).toBe('Again')
  })
  it('answers MISP’s `Could not edit Event` naming the field', async () => {
    const event = await addEvent()
    const result = await send('POST', `/events/edit/${event.id}`, { body: { Event: { info: '  ' } } })
    expect(result.status).toBe(403)
    expect(result.json).toMatchObject({
      saved: false,
      name: 'Could not edit Event',
      errors: { Event: { info: [expect.any(String)] } },
    })
  })
  it('answers 404 for an unknown event', async () => {
    const result = await send('POST', '/events/edit/4242', { body: { info: 'x' } })
    expect(result.status).toBe(404)
    expect(result.json.name).toBe('Invalid event')
  })
})

describe('GET|POST /events/index', () => {
  it('lists events (GET) and filters by published (POST body)', async () => {
    const first = await addEvent({ Event: { info: 'one' } })
    await addEvent({ Event: { info: 'two' } })
    await send('POST', `/events/publish/${first.id}`)
    const all = await send('GET', '/events/index')
    expect(all.status).toBe(200)
    expect(all.json.map((event: { info: string }) => event.info).sort()).toEqual(['one', 'two'])
    const published = await send('POST', '/events/index', { body: { published: 1 } })
    expect(published.json.map((event: { info: string }) => event.info)).toEqual(['one'])
    const unpublished = await send('GET', '/events/index?published=0')
    expect(unpublished.json.map((event: { info: string }) => event.info)).toEqual(['two'])
  })
})

describe('POST|DELETE /events/delete/:id', () => {
  it('answers MISP’s success envelope', async () => {
    const event = await addEvent()
    const result = await send('DELETE', `/events/delete/${event.id}`)
    expect(result.status).toBe(200)
    expect(result.json).toEqual({
      saved: true,
      success: true,
      name: 'Event deleted.',
      message: 'Event deleted.',
      url: `/events/delete/${event.id}`,
      id: event.id,
    })
    expect((await send('GET', `/events/view/${event.id}`)).status).toBe(404)
  })
  it('answers MISP’s save failure for an unknown event, as MISP does (403, not 404)', async () => {
    const result = await send('POST', '/events/delete/777')
    expect(result.status).toBe(403)
    expect(result.json).toEqual({
      saved: false,
      name: 'Could not delete Event',
      message: 'Could not delete Event',
      url: '/events/delete',
      errors: 'Event was not deleted.',
    })
  })
})

describe('POST /events/publish/:id', () => {
  it('answers MISP’s `Event published without alerts` envelope', async () => {
    const event = await addEvent()
    const result = await send('POST', `/events/publish/${event.uuid}`)
    expect(result.status).toBe(200)
    expect(result.json).toEqual({
      saved: true,
      success: true,
      name: PUBLISHED_MESSAGE,
      message: PUBLISHED_MESSAGE,
      url: `/events/publish/${event.id}`,
      id: event.id,
    })
    expect((await send('GET', `/events/view/${event.id}`)).json.Event.published).toBe(true)
  })
  it('answers a veto with MISP’s `Could not publish Event`, errors.Module and the workflow’s errors', async () => {
    const event = await addEvent({
      Event: { info: 'red', Attribute: [{ type: 'ip-src', value: '203.0.113.9', Tag: [{ name: 'tlp:red' }] }] },
    })
    const result = await send('POST', `/events/publish/${event.id}`)
    expect(result.status).toBe(403)
    expect(result.json).toEqual({
      saved: false,
      name: 'Could not publish Event',
      message: publishBlockedMessage([FAKE_VETO]),
      url: `/events/publish/${event.id}`,
      errors: { Module: 'Module failure.' },
      id: event.id,
    })
    expect(result.json.message).toBe(
      `Event publishing failed due to a blocking module failing. The reason for the failure: ${FAKE_VETO}`,
    )
    expect((await send('GET', `/events/view/${event.id}`)).json.Event.published).toBe(false)
  })
  it('answers 404 for an unknown event', async () => {
    const result = await send('POST', '/events/publish/31337')
    expect(result.status).toBe(404)
  })
})

describe('POST /events/unpublish/:id', () => {
  it('answers MISP’s `Event unpublished.` envelope', async () => {
    const event = await addEvent()
    await send('POST', `/events/publish/${event.id}`)
    const result = await send('POST', `/events/unpublish/${event.id}`)
    expect(result.status).toBe(200)
    expect(result.json).toMatchObject({
      saved: true,
      success: true,
      name: 'Event unpublished.',
      url: `/events/unpublish/${event.id}`,
    })
  })
})

describe('/attributes', () => {
  it('POST /attributes/add/:eventId answers {Attribute}', async () => {
    const event = await addEvent()
    const result = await send('POST', `/attributes/add/${event.id}`, { body: { type: 'domain', value: 'evil.test' } })
    expect(result.status).toBe(200)
    expect(result.json.Attribute).toMatchObject({ type: 'domain', value: 'evil.test', event_id: event.id })
  })
  it('POST /attributes/add names an unknown type and a value that does not fit', async () => {
    const event = await addEvent()
    const unknown = await send('POST', `/attributes/add/${event.id}`, {
      body: { Attribute: { type: 'nonsense', value: 'x' } },
    })
    expect(unknown.status).toBe(403)
    expect(unknown.json).toMatchObject({
      name: 'Could not add Attribute',
      errors: { Attribute: { type: [expect.any(String)] } },
    })
    const badIp = await send('POST', `/attributes/add/${event.id}`, { body: { type: 'ip-dst', value: '999.1.1.1' } })
    expect(badIp.json.errors).toEqual({ Attribute: { value: ['IP address has an invalid format.'] } })
  })
  it('POST /attributes/add refuses a wrong type naming the field', async () => {
    const event = await addEvent()
    const result = await send('POST', `/attributes/add/${event.id}`, {
      body: { type: 'domain', value: 'x', to_ids: [1] },
    })
    expect(result.status).toBe(400)
    expect(result.json.errors).toEqual({ Attribute: { to_ids: [expect.any(String)] } })
  })
  it('POST /attributes/add answers 404 for an unknown event', async () => {
    const result = await send('POST', '/attributes/add/999', { body: { type: 'domain', value: 'x' } })
    expect(result.status).toBe(404)
    expect(result.json.name).toBe('Invalid event')
  })
  it('POST /attributes/edit/:id answers {Attribute}', async () => {
    const event = await addEvent({ Event: { info: 'x', Attribute: [{ type: 'comment', value: 'a' }] } })
    const attribute = event.Attribute[0]
    const result = await send('POST', `/attributes/edit/${attribute.uuid}`, { body: { Attribute: { value: 'b' } } })
    expect(result.status).toBe(200)
    expect(result.json.Attribute).toMatchObject({ id: attribute.id, value: 'b' })
  })
  it('POST /attributes/delete/:id soft-deletes and /1 hard-deletes, answering MISP’s message', async () => {
    const event = await addEvent({
      Event: {
        info: 'x',
        Attribute: [
          { type: 'comment', value: 'a' },
          { type: 'comment', value: 'b' },
        ],
      },
    })
    const soft = await send('POST', `/attributes/delete/${event.Attribute[0].id}`)
    expect(soft.status).toBe(200)
    expect(soft.json).toEqual({ message: ATTRIBUTE_DELETED })
    const hard = await send('POST', `/attributes/delete/${event.Attribute[1].id}/1`)
    expect(hard.json).toEqual({ message: 'Attribute deleted.' })
    expect((await send('GET', `/events/view/${event.id}`)).json.Event.Attribute).toEqual([])
  })
  it('POST /attributes/delete/:id answers 404 `Invalid attribute` for an unknown one', async () => {
    const result = await send('POST', '/attributes/delete/5555')
    expect(result.status).toBe(404)
    expect(result.json).toEqual({
      name: 'Invalid attribute',
      message: 'Invalid attribute',
      url: '/attributes/delete/5555',
    })
  })
})

describe('/tags', () => {
  it('POST /tags/add answers {Tag}', async () => {
    const result = await send('POST', '/tags/add', { body: { Tag: { name: 'tlp:amber', colour: '#ffc000' } } })
    expect(result.status).toBe(200)
    expect(result.json.Tag).toMatchObject({ name: 'tlp:amber', colour: '#ffc000' })
  })
  it('POST /tags/add refuses a missing name with MISP’s 405 text naming the field', async () => {
    const result = await send('POST', '/tags/add', { body: { colour: '#000000' } })
    expect(result.status).toBe(405)
    expect(result.json.name).toBe('Could not add the Tag. [name]: This field cannot be left empty.')
  })
  it('GET /tags/index answers {Tag: [...]}, and searchall:<term> filters', async () => {
    await send('POST', '/tags/add', { body: { name: 'tlp:red' } })
    await send('POST', '/tags/add', { body: { name: 'pap:red' } })
    await send('POST', '/tags/add', { body: { name: 'tlp:green' } })
    const all = await send('GET', '/tags/index')
    expect(all.status).toBe(200)
    expect(all.json.Tag).toHaveLength(3)
    const search = await send('GET', '/tags/index/searchall:tlp')
    expect(search.json.Tag.map((tag: { name: string }) => tag.name).sort()).toEqual(['tlp:green', 'tlp:red'])
    const query = await send('GET', '/tags/index?searchall=pap')
    expect(query.json.Tag.map((tag: { name: string }) => tag.name)).toEqual(['pap:red'])
  })
  it('POST /tags/attachTagToObject and removeTagFromObject answer MISP’s envelopes', async () => {
    const event = await addEvent()
    const attached = await send('POST', '/tags/attachTagToObject', {
      body: { uuid: event.uuid, tag: 'tlp:red', local: 0 },
    })
    expect(attached.status).toBe(200)
    expect(attached.json).toEqual({
      saved: true,
      success: true,
      name: `Successfully attached 1 tags to Event (${event.id})`,
      message: `Successfully attached 1 tags to Event (${event.id})`,
      url: '/tags/attachTagToObject',
    })
    expect((await send('POST', `/events/publish/${event.id}`)).status).toBe(403)
    const removed = await send('POST', '/tags/removeTagFromObject', { body: { uuid: event.uuid, tag: 'tlp:red' } })
    expect(removed.status).toBe(200)
    expect(removed.json).toMatchObject({
      saved: true,
      url: '/tags/removeTagFromObject',
      name: expect.stringContaining('removed'),
    })
    expect((await send('POST', `/events/publish/${event.id}`)).status).toBe(200)
  })
  it('POST /tags/attachTagToObject names a missing uuid', async () => {
    const result = await send('POST', '/tags/attachTagToObject', { body: { tag: 'x' } })
    expect(result.status).toBe(400)
    expect(result.json.errors).toEqual({ Tag: { uuid: [expect.any(String)] } })
  })
})

describe('GET /servers/getVersion', () => {
  it('answers the platform’s version facts', async () => {
    const result = await send('GET', '/servers/getVersion')
    expect(result.status).toBe(200)
    expect(result.json).toEqual({
      version: '2.5.0',
      perm_sync: false,
      perm_sighting: false,
      perm_galaxy_editor: false,
      request_encoding: ['gzip'],
      filter_sightings: true,
    })
  })
})

describe('GET /admin/logs/index', () => {
  it('answers [{Log}] filtered by query and by MISP named parameters', async () => {
    const event = await addEvent({ Event: { info: 'red', Tag: [{ name: 'tlp:red' }] } })
    await send('POST', `/events/publish/${event.id}`)
    const all = await send('GET', '/admin/logs/index')
    expect(all.status).toBe(200)
    expect(all.json.length).toBe(2)
    const named = await send('GET', '/admin/logs/index/model:Event/action:publish')
    expect(named.json).toEqual([
      { Log: expect.objectContaining({ action: 'publish', title: 'Publishing stopped by a blocking workflow.' }) },
    ])
    const query = await send('GET', '/admin/logs/index?action=add&limit=1')
    expect(query.json).toHaveLength(1)
    expect(query.json[0].Log.action).toBe('add')
  })
  it('answers 403 to a user who is not a site admin', async () => {
    const result = await call(server.baseUrl, 'GET', '/admin/logs/index', { key: FAKE_KEYS.user })
    expect(result.status).toBe(403)
    expect(result.json).toEqual({
      name: 'You do not have permission to use this functionality.',
      message: 'You do not have permission to use this functionality.',
      url: '/admin/logs/index',
    })
  })
})

describe('errors', () => {
  it('answers an unknown route with MISP’s 404 body', async () => {
    const result = await send('GET', '/nothing/here?x=1')
    expect(result.status).toBe(404)
    expect(result.json).toEqual({ name: 'Not Found', message: 'Not Found', url: '/nothing/here' })
  })
  it('answers an unexpected error with a generic 500, no stack and no detail', async () => {
    platform.failNext(new Error('SQLITE_CORRUPT at /secret/path/db.sqlite'))
    const result = await send('GET', '/events/index')
    expect(result.status).toBe(500)
    expect(result.json).toEqual({ name: INTERNAL_ERROR_MESSAGE, message: INTERNAL_ERROR_MESSAGE, url: '/events/index' })
    expect(result.text).not.toContain('secret')
    expect(result.text).not.toMatch(/at .*\.ts/)
  })
  it('answers a blocking workflow’s veto of a save with 403 and MISP’s save failure', async () => {
    platform.failNext(
      Object.assign(new Error('The workflow `event-before-save` prevented the saving of event'), {
        code: 'SLC_BLOCKED_BY_WORKFLOW',
      }),
    )
    const result = await send('POST', '/events/add', { body: { info: 'x' } })
    expect(result.status).toBe(403)
    expect(result.json).toMatchObject({
      saved: false,
      name: 'Could not add Event',
      errors: expect.stringContaining('event-before-save'),
    })
  })
  it('answers a thrown non-Error value with a generic 500', async () => {
    platform.failNext('a string')
    const result = await send('GET', '/events/view/1')
    expect(result.status).toBe(500)
    expect(result.json.name).toBe(INTERNAL_ERROR_MESSAGE)
  })
})

describe('OpenAPI', () => {
  let docs: RunningApp
  beforeAll(async () => {
    docs = await startApp(createFakePlatform())
  })
  afterAll(async () => {
    await docs.close()
  })
  it('serves the document at /api/openapi.json without authentication, listing the routes', async () => {
    const result = await call(docs.baseUrl, 'GET', '/api/openapi.json')
    expect(result.status).toBe(200)
    expect(result.json.openapi).toMatch(/^3\./)
    for (const path of [
      '/events/add',
      '/events/edit/{id}',
      '/events/view/{id}',
      '/events/index',
      '/events/delete/{id}',
      '/events/publish/{id}',
      '/events/unpublish/{id}',
      '/attributes/add/{eventId}',
      '/attributes/edit/{id}',
      '/attributes/delete/{id}',
      '/attributes/delete/{id}/{hard}',
      '/tags/add',
      '/tags/index',
      '/tags/attachTagToObject',
      '/tags/removeTagFromObject',
      '/servers/getVersion',
      '/admin/logs/index',
    ]) {
      expect(Object.keys(result.json.paths)).toContain(path)
    }
    expect(result.json.components.securitySchemes.apiKey).toEqual({
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
    })
  })
  it('serves the browsable page at /api/docs with its assets locally', async () => {
    const page = await call(docs.baseUrl, 'GET', '/api/docs/')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toContain('text/html')
    const script = await call(docs.baseUrl, 'GET', '/api/docs/static/swagger-ui-bundle.js')
    expect(script.status).toBe(200)
  })
})

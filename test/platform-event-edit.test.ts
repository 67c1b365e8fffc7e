/**
 * `/events/edit` with nested contents, as MISP's `Event::_edit` takes them (issue #3): `Attribute`
 * and `Object` entries matched by uuid (or id) are updated, new ones added, `deleted: true`
 * soft-deletes; `Tag` entries attach, or detach with `deleted: true`. Each saved row fires the
 * trigger its single operation fires (spec/ENGINE.md §4.1.1), the event its before/after-save
 * once; a veto or a bad entry leaves everything as it was. On every test database, and over HTTP.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { hasErrorCode } from '../src/errors.ts'
import type { Actor, LocalPlatform } from '../src/platform/index.ts'
import type { Store } from '../src/store/index.ts'
import { testDatabases } from './harness/databases.ts'
import { call } from './harness/http.ts'
import { openRecordingPlatform, type RecordingPlatform, serveTestPlatform } from './harness/test-platform.ts'
import { installRecorder, installVeto } from './harness/trigger-recorder.ts'

const TRIGGERS = [
  'event-before-save',
  'event-after-save',
  'attribute-after-save',
  'object-after-save',
  'tag-attached-after-save',
]

const IP = 'd3f1b0a0-0000-4000-8000-000000000001'
const DOMAIN = 'd3f1b0a0-0000-4000-8000-000000000002'
const OBJECT = 'd3f1b0a0-0000-4000-8000-0000000000a1'

/** An event with two attributes and a file object, as the tests start from. */
function seedEvent() {
  return {
    Event: {
      info: 'Nested edit',
      distribution: 1,
      Attribute: [
        { uuid: IP, type: 'ip-src', value: '198.51.100.1', comment: 'first' },
        { uuid: DOMAIN, type: 'domain', value: 'old.example' },
      ],
    },
  }
}

const FILE_OBJECT = {
  uuid: OBJECT,
  name: 'file',
  'meta-category': 'file',
  Attribute: [
    { object_relation: 'filename', type: 'filename', value: 'a.exe' },
    { object_relation: 'md5', type: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e' },
  ],
}

/** Rows an edit could touch, to compare before and after a refused one. */
async function contents(store: Store) {
  const rows: Record<string, unknown[]> = {}
  for (const table of ['events', 'attributes', 'objects', 'tags', 'event_tags', 'attribute_tags'] as const) {
    rows[table] = await store.db.selectFrom(table).selectAll().orderBy('id').execute()
  }
  return rows
}

for (const db of testDatabases()) {
  describe(`${db.name}: platform events.edit with nested contents`, () => {
    let env: RecordingPlatform
    let store: Store
    let platform: LocalPlatform
    let admin: Actor
    let eventId: string

    const fired = (id: string) => env.records.filter((record) => record.triggerId === id)

    beforeEach(async () => {
      env = await openRecordingPlatform(db, TRIGGERS)
      ;({ store, platform, admin } = env)
      eventId = (await platform.events.add(admin, seedEvent())).Event.id
      await platform.objects.add(admin, eventId, FILE_OBJECT)
      for (const trigger of TRIGGERS) await installRecorder(platform, trigger)
    })
    afterEach(() => env.close())

    it('updates attributes matched by uuid or id, adds new ones and soft-deletes `deleted` ones', async () => {
      const before = await platform.events.view(admin, eventId)
      const domainId = before.Event.Attribute.find((row: any) => row.uuid === DOMAIN).id
      const view = await platform.events.edit(admin, eventId, {
        Event: {
          info: 'Nested edit, changed',
          Attribute: [
            { uuid: IP, comment: 'second', to_ids: false },
            { id: domainId, deleted: true },
            { type: 'url', value: 'https://new.example/x' },
          ],
        },
      })
      await platform.drain()
      const live = view.Event.Attribute.map((row: any) => [row.type, row.value, row.comment, row.to_ids])
      expect(live).toEqual([
        ['ip-src', '198.51.100.1', 'second', false],
        ['url', 'https://new.example/x', '', true], // describeTypes' IDS default for url
      ])
      expect(view.Event.info).toBe('Nested edit, changed')
      expect(view.Event.attribute_count).toBe('4')
      const saves = fired('attribute-after-save').map((record) => [
        record.raw.Attribute.value,
        record.raw.Attribute.deleted,
      ])
      expect(saves).toEqual([
        ['198.51.100.1', false],
        ['old.example', true],
        ['https://new.example/x', false],
      ])
      expect(fired('event-before-save')).toHaveLength(1)
      expect(fired('event-after-save')).toHaveLength(1)
      expect(fired('object-after-save')).toEqual([])
      const [saving] = fired('event-before-save')
      expect(saving.raw.Event).toMatchObject({ id: eventId, info: 'Nested edit, changed', published: false })
      expect(saving.raw.Event.Attribute).toHaveLength(3)
      const logs = await platform.logs.index(admin, { model: 'Attribute' })
      expect(
        logs
          .map((row) => row.Log.action)
          .slice(0, 3)
          .sort(),
      ).toEqual(['add', 'edit', 'soft-delete'])
    })

    it('adds, edits and soft-deletes objects with their attributes, firing object- and attribute-after-save', async () => {
      const view = await platform.events.edit(admin, eventId, {
        Event: {
          Object: [
            {
              uuid: OBJECT,
              comment: 'seen twice',
              Attribute: [{ object_relation: 'filename', type: 'filename', value: 'b.exe', uuid: undefined }],
            },
            {
              name: 'domain-ip',
              'meta-category': 'network',
              Attribute: [{ object_relation: 'domain', type: 'domain', value: 'obj.example' }],
            },
          ],
        },
      })
      await platform.drain()
      expect(view.Event.Object.map((object: any) => object.name)).toEqual(['file', 'domain-ip'])
      const file = view.Event.Object[0]
      expect(file.comment).toBe('seen twice')
      // Unlike /objects/edit, an attribute the request does not name stays.
      expect(file.Attribute.map((row: any) => row.value)).toEqual([
        'a.exe',
        'd41d8cd98f00b204e9800998ecf8427e',
        'b.exe',
      ])
      expect(fired('object-after-save').map((record) => record.raw.Object.name)).toEqual(['file', 'domain-ip'])
      expect(fired('attribute-after-save')).toHaveLength(2)

      await platform.events.edit(admin, eventId, { Event: { Object: [{ uuid: OBJECT, deleted: true }] } })
      await platform.drain()
      const after = await platform.events.view(admin, eventId)
      expect(after.Event.Object.map((object: any) => object.name)).toEqual(['domain-ip'])
      expect(fired('object-after-save').at(-1)!.raw.Object).toMatchObject({ uuid: OBJECT, deleted: true })
      expect(
        fired('attribute-after-save')
          .slice(2)
          .map((record) => record.raw.Attribute.deleted),
      ).toEqual([true, true, true])
    })

    it('attaches event and attribute tags with their local flag and detaches `deleted` ones', async () => {
      await platform.events.edit(admin, eventId, {
        Event: {
          Tag: [{ name: 'tlp:amber', local: true }],
          Attribute: [{ uuid: IP, Tag: [{ name: 'tlp:red' }] }],
        },
      })
      await platform.drain()
      const tags = fired('tag-attached-after-save').map((record) => record.raw.Tag)
      expect(tags).toMatchObject([
        { name: 'tlp:amber', local: true, event_id: eventId },
        { name: 'tlp:red', local: false, event_id: eventId },
      ])
      expect(tags[0].attribute_id).toBeUndefined()
      // MISP saves every attribute it is sent, so a tag-only change fires attribute-after-save too.
      expect(fired('attribute-after-save').map((record) => record.raw.Attribute.uuid)).toEqual([IP])

      await platform.events.edit(admin, eventId, {
        Event: {
          Tag: [{ name: 'tlp:amber', deleted: true }],
          Attribute: [{ uuid: IP, Tag: [{ name: 'tlp:red', deleted: 1 }] }],
        },
      })
      const view = await platform.events.view(admin, eventId)
      expect(view.Event.Tag ?? []).toEqual([])
      expect(view.Event.Attribute.find((row: any) => row.uuid === IP).Tag ?? []).toEqual([])
      expect(fired('tag-attached-after-save')).toHaveLength(2)
    })

    it('skips an entry whose timestamp is no newer than the stored row, as MISP does', async () => {
      const view = await platform.events.view(admin, eventId)
      const ip = view.Event.Attribute.find((row: any) => row.uuid === IP)
      const file = view.Event.Object[0]
      await platform.events.edit(admin, eventId, {
        Event: {
          Attribute: [
            { uuid: IP, comment: 'stale', timestamp: ip.timestamp },
            { uuid: DOMAIN, comment: 'fresh' },
          ],
          Object: [{ uuid: OBJECT, comment: 'stale', timestamp: file.timestamp }],
        },
      })
      await platform.drain()
      const after = await platform.events.view(admin, eventId)
      expect(after.Event.Attribute.map((row: any) => row.comment)).toEqual(['first', 'fresh'])
      expect(after.Event.Object[0].comment).toBe('')
      expect(fired('attribute-after-save').map((record) => record.raw.Attribute.uuid)).toEqual([DOMAIN])
      expect(fired('object-after-save')).toEqual([])
      const error = await platform.events
        .edit(admin, eventId, { Event: { Attribute: [{ uuid: IP, timestamp: 'yesterday' }] } })
        .catch((caught) => caught)
      expect(error.field).toBe('timestamp')
    })

    it('changes nothing when event-before-save vetoes', async () => {
      await installVeto(platform, 'event-before-save', 'No edits today')
      const before = await contents(store)
      const error = await platform.events
        .edit(admin, eventId, {
          Event: {
            info: 'Vetoed',
            Tag: [{ name: 'brand-new-tag' }],
            Attribute: [
              { uuid: IP, comment: 'vetoed' },
              { type: 'domain', value: 'vetoed.example' },
            ],
            Object: [{ uuid: OBJECT, deleted: true }],
          },
        })
        .catch((caught) => caught)
      await platform.drain()
      expect(hasErrorCode(error, 'SLC_BLOCKED_BY_WORKFLOW')).toBe(true)
      expect(await contents(store)).toEqual(before)
      expect(fired('attribute-after-save')).toEqual([])
      expect(fired('event-after-save')).toEqual([])
    })

    it('refuses a bad entry naming its field, before any trigger and with nothing saved', async () => {
      const before = await contents(store)
      const cases: Array<[unknown, string]> = [
        [
          {
            Attribute: [
              { uuid: IP, comment: 'fine' },
              { type: 'ip-dst', value: 'not an ip' },
            ],
          },
          'value',
        ],
        [{ Attribute: [{ uuid: IP, type: 'no-such-type' }] }, 'type'],
        [{ Attribute: 'nope' }, 'Attribute'],
        [{ Object: [{ name: 'file', 'meta-category': 'file', Attribute: [] }] }, 'Attribute'],
        [{ Tag: [{ name: '' }] }, 'name'],
        [
          {
            Attribute: [
              { uuid: IP, comment: 'a' },
              { uuid: IP, comment: 'b' },
            ],
          },
          'uuid',
        ],
      ]
      for (const [body, field] of cases) {
        const error = await platform.events.edit(admin, eventId, { Event: body as any }).catch((caught) => caught)
        expect(hasErrorCode(error, 'SLC_VALIDATION'), JSON.stringify(body)).toBe(true)
        expect(error.field, JSON.stringify(body)).toBe(field)
      }
      await platform.drain()
      expect(await contents(store)).toEqual(before)
      expect(env.records).toEqual([])
    })

    it('refuses an attribute or object uuid that another event holds', async () => {
      const other = await platform.events.add(admin, {
        Event: { info: 'Other', Attribute: [{ type: 'domain', value: 'other.example' }] },
      })
      const foreign = other.Event.Attribute[0].uuid
      const error = await platform.events
        .edit(admin, eventId, { Event: { Attribute: [{ uuid: foreign, comment: 'mine now' }] } })
        .catch((caught) => caught)
      expect(hasErrorCode(error, 'SLC_VALIDATION')).toBe(true)
      expect(error.message).toBe('Attribute.uuid: An attribute with this uuid already exists in another event.')
      const objectError = await platform.events
        .edit(admin, other.Event.id, { Event: { Object: [{ uuid: OBJECT, comment: 'mine now' }] } })
        .catch((caught) => caught)
      expect(objectError.message).toBe('Object.uuid: An object with this uuid already exists in another event.')
    })
  })
}

describe('POST /events/edit/:id with nested contents', () => {
  it('saves the nested lists over HTTP and answers a bad entry with MISP’s error naming the field', async () => {
    const [sqlite] = testDatabases()
    const key = 'n'.repeat(40)
    const { app, close } = await serveTestPlatform(sqlite, { adminKey: key })
    try {
      const added = await call(app.baseUrl, 'POST', '/events/add', { key, body: seedEvent() })
      const id = added.json.Event.id
      const edited = await call(app.baseUrl, 'POST', `/events/edit/${id}`, {
        key,
        body: {
          Event: {
            Attribute: [{ uuid: DOMAIN, value: 'new.example' }],
            Object: [FILE_OBJECT],
            Tag: [{ name: 'tlp:green' }],
          },
        },
      })
      expect(edited.status, JSON.stringify(edited.json)).toBe(200)
      expect(edited.json.Event.Attribute.find((row: any) => row.uuid === DOMAIN).value).toBe('new.example')
      expect(edited.json.Event.Object[0].Attribute).toHaveLength(2)
      expect(edited.json.Event.Tag.map((tag: any) => tag.name)).toEqual(['tlp:green'])
      const bad = await call(app.baseUrl, 'POST', `/events/edit/${id}`, {
        key,
        body: { Event: { Attribute: [{ uuid: IP, value: '999.1.1.1' }] } },
      })
      // MISP answers a refused save with its save-failure body, the field under `errors`.
      expect(bad.status).toBe(403)
      expect(bad.json.errors).toMatchObject({ Attribute: { value: [expect.any(String)] } })
      const view = await call(app.baseUrl, 'GET', `/events/view/${id}`, { key })
      expect(view.json.Event.Attribute.find((row: any) => row.uuid === IP).value).toBe('198.51.100.1')
    } finally {
      await close()
    }
  })
})

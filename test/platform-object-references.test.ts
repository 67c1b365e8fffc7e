/**
 * Object references (issue #3): `/objectReferences/add` and `/objectReferences/delete` over real
 * HTTP on every test database, with MISP's shapes and access rules, and the references in the
 * event view, the object answer and the full fetch `event-publish` receives.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LocalPlatform } from '../src/platform/index.ts'
import { insertOrganisation, type Store } from '../src/store/index.ts'
import { testDatabases } from './harness/databases.ts'
import { type ServedRecordingPlatform, serveRecordingPlatform } from './harness/test-platform.ts'
import { installRecorder } from './harness/trigger-recorder.ts'

const ADMIN_KEY = 'R'.repeat(40)

const fileObject = (name: string) => ({
  Object: {
    name: 'file',
    'meta-category': 'file',
    Attribute: [{ object_relation: 'filename', type: 'filename', value: name }],
  },
})

for (const db of testDatabases()) {
  describe(`${db.name}: /objectReferences over HTTP`, () => {
    let env: ServedRecordingPlatform
    let store: Store
    let platform: LocalPlatform
    let event: any
    let source: any
    let target: any
    const send: ServedRecordingPlatform['send'] = (...args) => env.send(...args)

    /** A user of another organisation; answers its API key. */
    const outsiderKey = async () => {
      const orgId = await insertOrganisation(store.db, {
        uuid: crypto.randomUUID(),
        name: 'Elsewhere',
        local: 1,
        date_created: '2026-01-01 00:00:00',
        date_modified: '2026-01-01 00:00:00',
      })
      const added = await send('POST', '/admin/users/add', {
        User: { email: 'out@example.org', role_id: 3, org_id: orgId },
      })
      return added.json.User.authkey as string
    }

    beforeEach(async () => {
      env = await serveRecordingPlatform(db, ['event-publish', 'log-after-save'], { adminKey: ADMIN_KEY })
      ;({ store, platform } = env)
      event = (
        await send('POST', '/events/add', {
          Event: { info: 'Linked', distribution: 1, Attribute: [{ type: 'domain', value: 'c2.example' }] },
        })
      ).json.Event
      source = (await send('POST', `/objects/add/${event.id}`, fileObject('dropper.exe'))).json.Object
      target = (await send('POST', `/objects/add/${event.id}`, fileObject('payload.dll'))).json.Object
    })
    afterEach(() => env.close())

    it('adds references to an object and to an attribute, in MISP’s shape, shown wherever the object is', async () => {
      await installRecorder(platform, 'log-after-save')
      const toObject = await send('POST', `/objectReferences/add/${source.uuid}`, {
        ObjectReference: { referenced_uuid: target.uuid, relationship_type: 'drops', comment: 'stage 2' },
      })
      expect(toObject.status).toBe(200)
      expect(toObject.json.ObjectReference).toMatchObject({
        object_id: source.id,
        source_uuid: source.uuid,
        object_uuid: source.uuid,
        referenced_uuid: target.uuid,
        referenced_id: target.id,
        referenced_type: '1',
        relationship_type: 'drops',
        comment: 'stage 2',
        deleted: false,
        event_id: event.id,
      })
      expect(toObject.json.ObjectReference.uuid).toMatch(/^[0-9a-f-]{36}$/)
      const domain = event.Attribute[0]
      const toAttribute = await send('POST', `/objectReferences/add/${source.id}`, {
        referenced_uuid: domain.uuid.toUpperCase(),
        relationship_type_select: 'communicates-with',
      })
      expect(toAttribute.json.ObjectReference).toMatchObject({
        referenced_id: domain.id,
        referenced_type: '0',
        relationship_type: 'communicates-with',
      })
      await platform.drain()
      const logged = env.records
        .filter((record) => record.triggerId === 'log-after-save')
        .map((record) => record.raw.Log)
      expect(logged.map((row) => [row.model, row.action])).toEqual([
        ['ObjectReference', 'add'],
        ['ObjectReference', 'add'],
      ])

      const view = (await send('GET', `/events/view/${event.id}`)).json.Event
      expect(view.published).toBe(false)
      const byUuid = new Map(view.Object.map((object: any) => [object.uuid, object]))
      expect((byUuid.get(source.uuid) as any).ObjectReference.map((ref: any) => ref.relationship_type)).toEqual([
        'drops',
        'communicates-with',
      ])
      expect((byUuid.get(target.uuid) as any).ObjectReference).toEqual([])
      const edited = await send('POST', `/objects/edit/${source.id}`, { Object: { comment: 'seen' } })
      expect(edited.json.Object.ObjectReference).toHaveLength(2)

      await installRecorder(platform, 'event-publish')
      await send('POST', `/events/publish/${event.id}`)
      const published = env.records.find((record) => record.triggerId === 'event-publish')!.raw
      const raw = published.Object.find((object: any) => object.uuid === source.uuid)
      expect(raw.ObjectReference.map((ref: any) => ref.uuid)).toEqual([
        toObject.json.ObjectReference.uuid,
        toAttribute.json.ObjectReference.uuid,
      ])
    })

    it('refuses a reference it cannot resolve, naming the field, and stores nothing', async () => {
      const other = (
        await send('POST', '/events/add', {
          Event: { info: 'Other', Attribute: [{ type: 'domain', value: 'x.example' }] },
        })
      ).json.Event
      const cases: unknown[] = [
        {},
        { referenced_uuid: 'not-a-uuid' },
        { referenced_uuid: other.Attribute[0].uuid },
        { referenced_uuid: target.uuid, relationship_type: 5 },
      ]
      for (const body of cases) {
        const refused = await send('POST', `/objectReferences/add/${source.id}`, body)
        expect(refused.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400)
        expect(refused.status, JSON.stringify(body)).toBeLessThan(500)
        const errors = refused.json.errors?.ObjectReference ?? {}
        expect(Object.keys(errors).length, JSON.stringify(refused.json)).toBe(1)
      }
      expect((await send('POST', '/objectReferences/add/999999', { referenced_uuid: target.uuid })).json.message).toBe(
        'Invalid object.',
      )
      const outsider = await outsiderKey()
      const hidden = await send(
        'POST',
        `/objectReferences/add/${source.id}`,
        { referenced_uuid: target.uuid },
        outsider,
      )
      expect(hidden.status).toBe(404)
      expect(await store.db.selectFrom('object_references').select('id').execute()).toEqual([])
    })

    it('soft-deletes and hard-deletes references, refusing another organisation', async () => {
      const added = (await send('POST', `/objectReferences/add/${source.id}`, { referenced_uuid: target.uuid })).json
        .ObjectReference
      const outsider = await outsiderKey()
      const refused = await send('POST', `/objectReferences/delete/${added.id}`, undefined, outsider)
      expect(refused.status).toBe(403)
      expect(refused.json.message).toBe('Invalid object reference.')
      const deleted = await send('POST', `/objectReferences/delete/${added.uuid}`)
      expect(deleted.status).toBe(200)
      expect(deleted.json).toMatchObject({ saved: true, message: 'ObjectReference deleted' })
      const view = (await send('GET', `/events/view/${event.id}`)).json.Event
      expect(view.Object.flatMap((object: any) => object.ObjectReference)).toEqual([])
      expect((await send('POST', `/objectReferences/delete/${added.id}`)).status).toBe(404)
      expect((await send('DELETE', `/objectReferences/delete/${added.id}/1`)).status).toBe(200)
      expect(await store.db.selectFrom('object_references').select('id').execute()).toEqual([])
      expect((await send('POST', '/objectReferences/delete/nope')).status).toBe(404)
    })

    it('drops the references to an object when that object is deleted', async () => {
      await send('POST', `/objectReferences/add/${source.id}`, { referenced_uuid: target.uuid })
      await send('POST', `/objects/delete/${target.id}`)
      const view = (await send('GET', `/events/view/${event.id}`)).json.Event
      expect(view.Object.map((object: any) => [object.uuid, object.ObjectReference.length])).toEqual([[source.uuid, 0]])
      await send('POST', `/objects/delete/${source.id}/1`)
      await send('POST', `/events/delete/${event.id}`)
      expect(await store.db.selectFrom('object_references').select('id').execute()).toEqual([])
    })
  })
}

/**
 * `/objects`, `/sightings`, `/shadow_attributes` and `/event_reports` over real HTTP on the
 * real platform, on every test database (issue #3): MISP's request and response shapes, the
 * 4xx bodies naming the field, and a blocking proposal veto answering 403 with nothing stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LocalPlatform } from '../src/platform/index.ts'
import type { Store } from '../src/store/index.ts'
import { testDatabases } from './harness/databases.ts'
import { type ServedTestPlatform, serveTestPlatform } from './harness/test-platform.ts'
import { installVeto } from './harness/trigger-recorder.ts'

const KEY = 'f'.repeat(40)

for (const db of testDatabases()) {
  describe(`${db.name}: objects, sightings, proposals and reports over HTTP`, () => {
    let env: ServedTestPlatform
    let store: Store
    let platform: LocalPlatform
    let event: any

    const send = (method: string, path: string, body?: unknown) => env.send(method, path, body)

    beforeAll(async () => {
      env = await serveTestPlatform(db, { adminKey: KEY })
      ;({ store, platform } = env)
      event = (
        await send('POST', '/events/add', {
          Event: { info: 'HTTP objects', Attribute: [{ type: 'domain', value: 'evil.example' }] },
        })
      ).json.Event
    })
    afterAll(() => env.close())

    it('POST /objects/add/:eventId answers {Object: {…, Attribute}}; /objects/edit/:id edits it', async () => {
      const added = await send('POST', `/objects/add/${event.id}`, {
        Object: {
          name: 'domain-ip',
          'meta-category': 'network',
          description: 'A domain and its IP addresses',
          distribution: 5,
          comment: '',
          Attribute: [
            { object_relation: 'domain', type: 'domain', value: 'evil.example' },
            { object_relation: 'ip', type: 'ip-dst', value: '203.0.113.5' },
          ],
        },
      })
      expect(added.status).toBe(200)
      expect(added.json.Object).toMatchObject({ name: 'domain-ip', event_id: event.id, template_version: '1' })
      expect(added.json.Object.Attribute).toHaveLength(2)
      const edited = await send('POST', `/objects/edit/${added.json.Object.id}`, { Object: { comment: 'edited' } })
      expect(edited.status).toBe(200)
      expect(edited.json.Object.comment).toBe('edited')
      expect(edited.json.Object.Attribute).toHaveLength(2)
      const view = await send('GET', `/events/view/${event.id}`)
      expect(view.json.Event.Object[0].Attribute.map((a: any) => a.object_relation)).toEqual(['domain', 'ip'])
    })

    it('object errors: 404 for an unknown event, 403 save failure naming the field otherwise', async () => {
      const unknown = await send('POST', '/objects/add/999999', {
        Object: { name: 'x', 'meta-category': 'x', Attribute: [{ object_relation: 'a', type: 'text', value: 'a' }] },
      })
      expect(unknown.status).toBe(404)
      expect(unknown.json).toMatchObject({ message: 'Invalid event.', url: '/objects/add/999999' })
      const badType = await send('POST', `/objects/add/${event.id}`, {
        Object: { name: 'x', 'meta-category': 'x', Attribute: [{ object_relation: 'a', type: 'nope', value: 'a' }] },
      })
      expect(badType.status).toBe(403)
      expect(badType.json).toMatchObject({
        saved: false,
        name: 'Could not add Object',
        url: `/objects/add/${event.id}`,
      })
      expect(badType.json.errors.Attribute.type).toEqual([expect.any(String)])
      const noName = await send('POST', `/objects/add/${event.id}`, { Object: { 'meta-category': 'x', Attribute: [] } })
      expect(noName.json.errors.Object.name).toEqual(['This field cannot be left blank'])
      const wrongShape = await send('POST', `/objects/add/${event.id}`, { Object: { name: 5 } })
      expect(wrongShape.status).toBe(400)
      expect(wrongShape.json.errors.Object.name).toEqual([expect.any(String)])
      const view = await send('GET', `/events/view/${event.id}`)
      expect(view.json.Event.Object).toHaveLength(1)
    })

    it('POST /sightings/add answers the saved {Sighting}; unknown values answer 404 with MISP’s reason', async () => {
      const added = await send('POST', '/sightings/add', { value: 'evil.example', source: 'sensor-1' })
      expect(added.status).toBe(200)
      expect(Object.keys(added.json.Sighting)).toEqual([
        'id',
        'attribute_id',
        'event_id',
        'org_id',
        'date_sighting',
        'uuid',
        'source',
        'type',
      ])
      const byId = await send('POST', `/sightings/add/${event.Attribute[0].uuid}`, { type: '1' })
      expect(byId.json.Sighting).toMatchObject({ attribute_id: event.Attribute[0].id, type: '1' })
      const unknown = await send('POST', '/sightings/add', { value: 'nothing.example' })
      expect(unknown.status).toBe(404)
      expect(unknown.json.message).toBe(
        'Could not add the Sighting. Reason: No valid attributes found that match the criteria.',
      )
      const empty = await send('POST', '/sightings/add', { source: 'x' })
      expect(empty.status).toBe(403)
      expect(empty.json.errors.Sighting.value).toEqual([expect.any(String)])
    })

    it('POST /event_reports/add|edit answer {EventReport}; a missing name is named', async () => {
      const added = await send('POST', `/event_reports/add/${event.id}`, {
        EventReport: { name: 'Report', content: '# A' },
      })
      expect(added.status).toBe(200)
      expect(added.json.EventReport).toMatchObject({ name: 'Report', content: '# A', event_id: event.id })
      const edited = await send('POST', `/event_reports/edit/${added.json.EventReport.id}`, { name: 'Report 2' })
      expect(edited.json.EventReport.name).toBe('Report 2')
      const bad = await send('POST', `/event_reports/add/${event.id}`, { EventReport: { content: 'x' } })
      expect(bad.status).toBe(403)
      expect(bad.json.errors.EventReport.name).toEqual(['This field cannot be left blank'])
      const view = await send('GET', `/events/view/${event.id}`)
      expect(view.json.Event.EventReport.map((r: any) => r.name)).toEqual(['Report 2'])
    })

    it('proposals: add, edit, accept and discard with MISP’s answers', async () => {
      const fresh = await send('POST', `/shadow_attributes/add/${event.id}`, {
        ShadowAttribute: { type: 'url', value: 'https://evil.example/login', comment: 'landing' },
      })
      expect(fresh.status).toBe(200)
      expect(fresh.json.ShadowAttribute).toMatchObject({ old_id: '0', type: 'url', category: 'Network activity' })
      const change = await send('POST', `/shadow_attributes/edit/${event.Attribute[0].id}`, { comment: 'typo?' })
      expect(change.json.ShadowAttribute).toMatchObject({ old_id: event.Attribute[0].id, comment: 'typo?' })
      const view = await send('GET', `/events/view/${event.id}`)
      expect(view.json.Event.ShadowAttribute.map((p: any) => p.id)).toEqual([fresh.json.ShadowAttribute.id])
      expect(view.json.Event.Attribute[0].ShadowAttribute.map((p: any) => p.id)).toEqual([
        change.json.ShadowAttribute.id,
      ])
      const accepted = await send('POST', `/shadow_attributes/accept/${change.json.ShadowAttribute.id}`)
      expect(accepted.json).toEqual({
        name: 'Proposed change accepted.',
        message: 'Proposed change accepted.',
        url: `/shadow_attributes/accept/${change.json.ShadowAttribute.id}`,
      })
      const discarded = await send('POST', `/shadow_attributes/discard/${fresh.json.ShadowAttribute.id}`)
      expect(discarded.json.message).toBe('Proposal discarded.')
      const again = await send('POST', `/shadow_attributes/discard/${fresh.json.ShadowAttribute.id}`)
      expect(again.status).toBe(404)
      const badType = await send('POST', `/shadow_attributes/add/${event.id}`, { type: 'nope', value: 'x' })
      expect(badType.status).toBe(403)
      expect(badType.json.errors.ShadowAttribute.type).toEqual([expect.any(String)])
      const after = await send('GET', `/events/view/${event.id}`)
      expect(after.json.Event.Attribute[0].comment).toBe('typo?')
      expect(after.json.Event.ShadowAttribute).toEqual([])
    })

    it('a vetoing shadow-attribute-before-save answers 403 with MISP’s text and stores nothing', async () => {
      await installVeto(platform, 'shadow-attribute-before-save', 'Proposals are closed')
      const count = async () => (await store.db.selectFrom('shadow_attributes').selectAll().execute()).length
      const before = await count()
      const vetoed = await send('POST', `/shadow_attributes/add/${event.id}`, { type: 'domain', value: 'x.example' })
      expect(vetoed.status).toBe(403)
      expect(vetoed.json).toMatchObject({
        saved: false,
        name: 'Could not add ShadowAttribute',
        errors: 'The workflow `shadow-attribute-before-save` prevented the saving of this proposal.',
      })
      expect(await count()).toBe(before)
      await platform.settings.set('Plugin.Workflow_triggers_shadow-attribute-before-save', false)
    })
  })
}

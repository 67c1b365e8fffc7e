/**
 * Trigger sites of the platform (spec/ENGINE.md §2.1, §4.1.1; CORE-FORMAT.md §6): each operation
 * fires its trigger once, with the raw data shape MISP passes and the normalised data the
 * converter gives, on every test database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LocalPlatform } from '../src/platform/index.ts'
import type { Actor } from '../src/platform/index.ts'
import { testDatabases } from './harness/databases.ts'
import { openRecordingPlatform, type RecordingPlatform } from './harness/test-platform.ts'
import { installRecorder, type Recorded } from './harness/trigger-recorder.ts'

const TRIGGERS = [
  'event-before-save',
  'event-after-save',
  'event-after-save-new',
  'event-publish',
  'attribute-after-save',
  'tag-attached-after-save',
]

for (const db of testDatabases()) {
  describe(`${db.name}: platform trigger sites`, () => {
    let env: RecordingPlatform
    let platform: LocalPlatform
    let admin: Actor
    let records: Recorded[]

    const fired = (triggerId: string) => records.filter((record) => record.triggerId === triggerId)

    beforeEach(async () => {
      env = await openRecordingPlatform(db, TRIGGERS)
      ;({ platform, admin, records } = env)
      await platform.settings.set('Plugin.Workflow_enable', true)
    })
    afterEach(() => env.close())

    it('fires nothing while workflows are disabled (MISP defaults)', async () => {
      await installRecorder(platform, 'event-after-save')
      await platform.settings.set('Plugin.Workflow_enable', false)
      await platform.events.add(admin, { Event: { info: 'quiet' } })
      await platform.drain()
      expect(records).toEqual([])
    })

    it('event-before-save: once, with the submitted event, its uuid and no id', async () => {
      await installRecorder(platform, 'event-before-save')
      const body = {
        Event: {
          info: 'Before save',
          Attribute: [{ type: 'ip-src', value: '198.51.100.7' }],
          Tag: [{ name: 'tlp:amber' }],
        },
      }
      const view = await platform.events.add(admin, body)
      const [record] = fired('event-before-save')
      expect(fired('event-before-save')).toHaveLength(1)
      expect(record.raw.Event.info).toBe('Before save')
      expect(record.raw.Event.uuid).toBe(view.Event.uuid)
      expect(record.raw.Event.id).toBeUndefined()
      expect(record.raw.Event.Attribute).toEqual([{ type: 'ip-src', value: '198.51.100.7' }])
      expect(record.normalised.Event.Attribute[0].value).toBe('198.51.100.7')
      expect(record.normalised.Event._AttributeFlattened).toHaveLength(1)
      expect(record.normalised.Event.Tag.map((tag: any) => tag.name)).toEqual(['tlp:amber'])
    })

    it('event-after-save: once per save, with the quick event fetch; normalised without attributes', async () => {
      await installRecorder(platform, 'event-after-save')
      const view = await platform.events.add(admin, {
        Event: {
          info: 'After save',
          Attribute: [{ type: 'domain', value: 'example.com' }],
          Tag: [{ name: 'tlp:green' }],
        },
      })
      await platform.drain()
      const records = fired('event-after-save')
      expect(records).toHaveLength(1)
      const { raw, normalised } = records[0]
      expect(Object.keys(raw)).toEqual(['Event', 'Orgc', 'EventTag'])
      expect(raw.Event.id).toBe(view.Event.id)
      expect(raw.Event.published).toBe(false)
      expect(raw.Event.sighting_timestamp).toBe('0')
      expect(Object.keys(raw.Orgc)).toEqual(['id', 'uuid', 'name'])
      expect(Object.keys(raw.EventTag[0].Tag)).toEqual(['id', 'name', 'colour', 'exportable'])
      expect(raw.EventTag[0].local).toBe(false)
      expect(normalised.Event._AttributeFlattened).toEqual([])
      expect(normalised.Event.Attribute).toBeUndefined()
      expect(normalised.Event.Tag.map((tag: any) => tag.name)).toEqual(['tlp:green'])
    })

    it('event-after-save-new: once, with the full fetchEvent row; normalised to the complete core event', async () => {
      await installRecorder(platform, 'event-after-save-new')
      const view = await platform.events.add(admin, {
        Event: {
          info: 'After save new',
          distribution: 1,
          Attribute: [{ type: 'ip-dst', value: '203.0.113.9', Tag: [{ name: 'tlp:red' }] }],
          Tag: [{ name: 'tlp:amber' }],
        },
      })
      await platform.drain()
      expect(fired('event-after-save-new')).toHaveLength(1)
      const { raw, normalised } = fired('event-after-save-new')[0]
      expect(raw.Event.id).toBe(view.Event.id)
      expect(raw.Event.event_creator_email).toBe(admin.email)
      expect(raw.Org).toMatchObject({ id: String(admin.orgId), local: true })
      expect(raw.EventTag[0].Tag).toMatchObject({ name: 'tlp:amber', local: false, relationship_type: null })
      expect(raw.Attribute[0]).toMatchObject({
        type: 'ip-dst',
        value: '203.0.113.9',
        to_ids: true,
        category: 'Network activity',
      })
      expect(raw.Attribute[0].AttributeTag[0].Tag.name).toBe('tlp:red')
      expect(normalised.Event.Org.id).toBe(String(admin.orgId))
      expect(normalised.Event.Attribute[0].Tag[0].name).toBe('tlp:red')
      expect(normalised.Event._AttributeFlattened[0]._allTags.map((tag: any) => tag.name).sort()).toEqual([
        'tlp:amber',
        'tlp:red',
      ])
    })

    it('event-publish: once, with the full fetchEvent row, before the flag is set', async () => {
      await installRecorder(platform, 'event-publish')
      const view = await platform.events.add(admin, {
        Event: { info: 'Publish me', Attribute: [{ type: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e' }] },
      })
      const result = await platform.events.publish(admin, view.Event.id)
      expect(result).toEqual({ published: true, eventId: view.Event.id })
      expect(fired('event-publish')).toHaveLength(1)
      const { raw, normalised } = fired('event-publish')[0]
      expect(raw.Event.published).toBe(false)
      expect(raw.Attribute[0].value).toBe('d41d8cd98f00b204e9800998ecf8427e')
      expect(normalised.Event.published).toBe(false)
      expect(normalised.Event._AttributeFlattened).toHaveLength(1)
      expect((await platform.events.view(admin, view.Event.id)).Event.published).toBe(true)
    })

    it('attribute-after-save: once per added attribute, with fetchAttribute plus Sighting; attribute scope', async () => {
      const view = await platform.events.add(admin, { Event: { info: 'Attributes' } })
      await installRecorder(platform, 'attribute-after-save')
      const added = await platform.attributes.add(admin, view.Event.id, {
        type: 'ip-src',
        value: '192.0.2.1',
        Tag: [{ name: 'tlp:clear', local: true }],
      })
      await platform.drain()
      expect(fired('attribute-after-save')).toHaveLength(1)
      const { raw, normalised } = fired('attribute-after-save')[0]
      expect(Object.keys(raw)).toEqual(['Attribute', 'Event'])
      expect(raw.Attribute).toMatchObject({
        id: added.Attribute.id,
        value1: '192.0.2.1',
        value2: '',
        value: '192.0.2.1',
        to_ids: true,
        Sighting: [],
      })
      expect(raw.Attribute.Tag).toEqual([expect.objectContaining({ name: 'tlp:clear', local: true })])
      expect(Object.keys(raw.Event)).toEqual([
        'id',
        'date',
        'info',
        'uuid',
        'published',
        'analysis',
        'threat_level_id',
        'org_id',
        'orgc_id',
        'distribution',
        'sharing_group_id',
        'Orgc',
      ])
      expect(normalised.Event.Attribute).toHaveLength(1)
      expect(normalised.Event.Attribute[0].value).toBe('192.0.2.1')
      expect(normalised.Event.Org).toBeUndefined()
      // An attribute without tags has no `Tag` key at all, as MISP's fetchAttribute gives it.
      await platform.attributes.add(admin, view.Event.id, { type: 'ip-src', value: '192.0.2.2' })
      await platform.drain()
      const untagged = fired('attribute-after-save')[1]
      expect(untagged.raw.Attribute.value).toBe('192.0.2.2')
      expect(Object.hasOwn(untagged.raw.Attribute, 'Tag')).toBe(false)
      expect(Object.hasOwn(untagged.normalised.Event.Attribute[0], 'Tag')).toBe(false)
    })

    it('tag-attached-after-save: once per attachment, for event tags too (Q4) and with the real local flag on attribute tags (Q5)', async () => {
      const view = await platform.events.add(admin, {
        Event: { info: 'Tags', Attribute: [{ type: 'domain', value: 'example.org' }] },
      })
      await platform.tags.add(admin, { Tag: { name: 'workflow:state="draft"', colour: '#00ff00' } })
      await installRecorder(platform, 'tag-attached-after-save', { params: { scope: 'any', locality: 'any' } })
      await platform.tags.attach(admin, { uuid: view.Event.uuid, tag: 'workflow:state="draft"', local: false })
      await platform.tags.attach(admin, {
        uuid: view.Event.Attribute[0].uuid,
        tag: 'workflow:state="draft"',
        local: true,
      })
      await platform.drain()
      const [onEvent, onAttribute] = fired('tag-attached-after-save')
      expect(fired('tag-attached-after-save')).toHaveLength(2)
      expect(onEvent.raw.Tag).toMatchObject({ name: 'workflow:state="draft"', event_id: view.Event.id, local: false })
      expect(onEvent.raw.Tag.attribute_id).toBeUndefined()
      expect(onAttribute.raw.Tag).toMatchObject({
        attribute_id: view.Event.Attribute[0].id,
        event_id: view.Event.id,
        local: true,
      })
      expect(onEvent.normalised.Event.Attribute).toBeUndefined()
      expect(onAttribute.normalised.Event.Attribute.map((attribute: any) => attribute.value)).toEqual(['example.org'])
    })

    it('tag-attached-after-save with locality local runs for a local attribute tag (Q5 fixed)', async () => {
      const view = await platform.events.add(admin, {
        Event: { info: 'Local tags', Attribute: [{ type: 'domain', value: 'example.net' }] },
      })
      await platform.tags.add(admin, { name: 'internal' })
      await installRecorder(platform, 'tag-attached-after-save', { params: { scope: 'attribute', locality: 'local' } })
      await platform.tags.attach(admin, { uuid: view.Event.Attribute[0].uuid, tag: 'internal', local: true })
      await platform.drain()
      expect(fired('tag-attached-after-save')).toHaveLength(1)
      expect(fired('tag-attached-after-save')[0].normalised).toBeDefined()
    })
  })
}

/**
 * Objects through the platform (issue #3; spec/ENGINE.md §4.1.1, CORE-FORMAT.md §3.3, §6):
 * `objects.add` / `objects.edit` fire `object-after-save` once with the saved row and
 * `attribute-after-save` per attribute saved inside the object; bad input writes nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { hasErrorCode } from '../src/errors.ts'
import type { Actor, LocalPlatform } from '../src/platform/index.ts'
import type { Store } from '../src/store/index.ts'
import { testDatabases } from './harness/databases.ts'
import { openRecordingPlatform, type RecordingPlatform } from './harness/test-platform.ts'
import { installRecorder } from './harness/trigger-recorder.ts'

const FILE_TEMPLATE = '688c46fb-5edb-40a3-8273-1af7923e2215'

/** A `file` object as MISP clients send it. */
function fileObject(extra: Record<string, unknown> = {}) {
  return {
    Object: {
      name: 'file',
      'meta-category': 'file',
      description: 'File object describing a file with meta-information',
      template_uuid: FILE_TEMPLATE,
      template_version: '24',
      distribution: '5',
      comment: 'dropper',
      ...extra,
      Attribute: [
        { object_relation: 'filename', type: 'filename', value: 'invoice.exe' },
        {
          object_relation: 'md5',
          type: 'md5',
          value: 'd41d8cd98f00b204e9800998ecf8427e',
          Tag: [{ name: 'tlp:amber' }],
        },
      ],
    },
  }
}

async function rowCounts(store: Store) {
  const count = async (table: 'objects' | 'attributes' | 'attribute_tags') =>
    (await store.db.selectFrom(table).selectAll().execute()).length
  return { objects: await count('objects'), attributes: await count('attributes'), tags: await count('attribute_tags') }
}

for (const db of testDatabases()) {
  describe(`${db.name}: objects.add and objects.edit`, () => {
    let env: RecordingPlatform
    let store: Store
    let platform: LocalPlatform
    let admin: Actor
    let eventId: string

    const fired = (triggerId: string) => env.records.filter((record) => record.triggerId === triggerId)

    beforeEach(async () => {
      env = await openRecordingPlatform(db, ['object-after-save', 'attribute-after-save'])
      ;({ store, platform, admin } = env)
      eventId = (await platform.events.add(admin, { Event: { info: 'Objects' } })).Event.id
    })
    afterEach(() => env.close())

    it('answers the object with its attributes, related and typed', async () => {
      const { Object: object } = await platform.objects.add(admin, eventId, fileObject())
      expect(object).toMatchObject({
        name: 'file',
        'meta-category': 'file',
        template_uuid: FILE_TEMPLATE,
        template_version: '24',
        event_id: eventId,
        distribution: '5',
        comment: 'dropper',
        deleted: false,
      })
      expect(object.Attribute.map((a: any) => [a.object_relation, a.type, a.category, a.object_id])).toEqual([
        ['filename', 'filename', 'Payload delivery', object.id],
        ['md5', 'md5', 'Payload delivery', object.id],
      ])
    })

    it('object-after-save: once, with the saved row {Object}; normalised without the object (MISP quirk)', async () => {
      await installRecorder(platform, 'object-after-save')
      const { Object: object } = await platform.objects.add(admin, eventId, fileObject())
      await platform.drain()
      expect(fired('object-after-save')).toHaveLength(1)
      const { raw, normalised } = fired('object-after-save')[0]
      expect(Object.keys(raw)).toEqual(['Object'])
      expect(raw.Object).toMatchObject({ id: object.id, uuid: object.uuid, name: 'file', 'meta-category': 'file' })
      expect(raw.Object.Attribute).toBeUndefined()
      expect(normalised.Event.id).toBe(eventId)
      expect(normalised.Event.Object).toEqual([])
      expect(normalised.Event._AttributeFlattened).toEqual([])
    })

    it('attribute-after-save: once per attribute saved in the object, with the Object row (fetchAttribute)', async () => {
      await installRecorder(platform, 'attribute-after-save')
      const { Object: object } = await platform.objects.add(admin, eventId, fileObject())
      await platform.drain()
      const saves = fired('attribute-after-save')
      expect(saves).toHaveLength(2)
      expect(Object.keys(saves[1].raw)).toEqual(['Attribute', 'Event', 'Object'])
      expect(saves[1].raw.Attribute).toMatchObject({ object_relation: 'md5', object_id: object.id, Sighting: [] })
      expect(saves[1].raw.Attribute.Tag).toEqual([expect.objectContaining({ name: 'tlp:amber', local: false })])
      expect(saves[1].raw.Object).toMatchObject({ id: object.id, name: 'file' })
      expect(saves[1].normalised.Event.Object[0].Attribute.map((a: any) => a.object_relation)).toEqual(['md5'])
      expect(saves[1].normalised.Event._AttributeFlattened).toHaveLength(1)
    })

    it('shows the object with its attributes in the event view and fetchEvent', async () => {
      const { Object: object } = await platform.objects.add(admin, eventId, fileObject())
      const view = (await platform.events.view(admin, eventId)).Event
      expect(view.Object).toHaveLength(1)
      expect(view.Object[0].Attribute.map((a: any) => a.value)).toEqual([
        'invoice.exe',
        'd41d8cd98f00b204e9800998ecf8427e',
      ])
      expect(view.Attribute).toEqual([])
      expect(view.attribute_count).toBe('2')
      const simple = await platform.backend.fetchObjectSimple(object.id)
      expect(simple).toMatchObject({ Object: { id: object.id }, Event: { id: eventId } })
    })

    it('edit: updates object fields, edits matched attributes, adds new ones, soft-deletes the rest', async () => {
      const { Object: object } = await platform.objects.add(admin, eventId, fileObject())
      await installRecorder(platform, 'object-after-save')
      await installRecorder(platform, 'attribute-after-save')
      const [filename, md5] = object.Attribute
      const { Object: edited } = await platform.objects.edit(admin, object.uuid, {
        Object: { comment: 'renamed', distribution: 1 },
        Attribute: [
          { uuid: filename.uuid, object_relation: 'filename', type: 'filename', value: 'invoice2.exe' },
          { uuid: md5.uuid, object_relation: 'md5', type: 'md5', value: md5.value },
          { object_relation: 'size-in-bytes', type: 'size-in-bytes', value: '1024' },
        ],
      })
      await platform.drain()
      expect(edited).toMatchObject({ comment: 'renamed', distribution: '1' })
      expect(edited.Attribute.map((a: any) => a.value)).toEqual(['invoice2.exe', md5.value, '1024'])
      expect(fired('object-after-save')).toHaveLength(1)
      expect(fired('object-after-save')[0].raw.Object.comment).toBe('renamed')
      expect(fired('attribute-after-save').map((r) => r.raw.Attribute.object_relation)).toEqual([
        'filename',
        'size-in-bytes',
      ])
      const dropped = await platform.objects.edit(admin, object.id, {
        Attribute: [{ uuid: filename.uuid, object_relation: 'filename', type: 'filename', value: 'invoice2.exe' }],
      })
      expect(dropped.Object.Attribute.map((a: any) => a.object_relation)).toEqual(['filename'])
    })

    const bad: Array<[string, (p: LocalPlatform, a: Actor, id: string) => Promise<unknown>, string, string?]> = [
      ['an unknown event', (p, a) => p.objects.add(a, '999999', fileObject()), 'SLC_NOT_FOUND'],
      [
        'an unknown attribute type in the object',
        (p, a, id) =>
          p.objects.add(a, id, {
            Object: {
              name: 'file',
              'meta-category': 'file',
              Attribute: [{ object_relation: 'x', type: 'nope', value: 'x' }],
            },
          }),
        'SLC_VALIDATION',
        'type',
      ],
      [
        'a value that does not fit its type',
        (p, a, id) =>
          p.objects.add(a, id, {
            Object: {
              name: 'domain-ip',
              'meta-category': 'network',
              Attribute: [
                { object_relation: 'domain', type: 'domain', value: 'example.com' },
                { object_relation: 'ip', type: 'ip-dst', value: 'not an ip' },
              ],
            },
          }),
        'SLC_VALIDATION',
        'value',
      ],
      ['a missing name', (p, a, id) => p.objects.add(a, id, fileObject({ name: undefined })), 'SLC_VALIDATION', 'name'],
      [
        'a missing meta-category',
        (p, a, id) => p.objects.add(a, id, fileObject({ 'meta-category': '' })),
        'SLC_VALIDATION',
        'meta-category',
      ],
      [
        'no attributes',
        (p, a, id) => p.objects.add(a, id, { Object: { name: 'file', 'meta-category': 'file', Attribute: [] } }),
        'SLC_VALIDATION',
        'Attribute',
      ],
      [
        'an attribute without object_relation',
        (p, a, id) =>
          p.objects.add(a, id, {
            Object: {
              name: 'file',
              'meta-category': 'file',
              Attribute: [{ type: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e' }],
            },
          }),
        'SLC_VALIDATION',
        'object_relation',
      ],
      ['an unknown object (edit)', (p, a) => p.objects.edit(a, '999999', { comment: 'x' }), 'SLC_NOT_FOUND'],
    ]
    for (const [what, operation, code, field] of bad) {
      it(`rejects ${what} and writes nothing`, async () => {
        const before = await rowCounts(store)
        const error = await operation(platform, admin, eventId).then(
          () => null,
          (caught) => caught,
        )
        expect(hasErrorCode(error, code as never), String(error)).toBe(true)
        if (field) expect(error.field).toBe(field)
        expect(await rowCounts(store)).toEqual(before)
      })
    }
  })
}

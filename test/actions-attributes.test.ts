/**
 * The attribute edition actions end to end (spec/ENGINE.md §4.3 `attribute_ids_flag_operation`,
 * `Module_attribute_comment_operation`, `attribute_edition_operation`): a workflow on the
 * blocking `event-publish` edits real attributes through the platform's attribute edit, on
 * every test database; the store, the roaming data (overridden in `_AttributeFlattened` and in
 * the attribute's home) and the `attribute-after-save` runs are checked afterwards.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Actor, LocalPlatform } from '../src/platform/index.ts'
import { findAttribute } from '../src/store/index.ts'
import { type ActionPlatform, installChain, openActionPlatform } from './harness/action-platform.ts'
import { testDatabases } from './harness/databases.ts'

/** Every copy of attribute `id` in core-format data: flattened, event-level and object-level. */
function copiesOf(data: any, id: string): any[] {
  const objectAttributes = (data.Event.Object ?? []).flatMap((object: any) => object.Attribute ?? [])
  return [...data.Event._AttributeFlattened, ...(data.Event.Attribute ?? []), ...objectAttributes].filter(
    (attribute: any) => attribute.id === id,
  )
}

for (const db of testDatabases()) {
  describe(`${db.name}: attribute edition actions`, () => {
    let env: ActionPlatform
    let platform: LocalPlatform
    let admin: Actor
    let event: any
    let objectAttributeId: string

    beforeEach(async () => {
      env = await openActionPlatform(db)
      ;({ platform, admin } = env)
      event = (
        await platform.events.add(admin, {
          Event: {
            info: 'Attribute edition',
            Attribute: [
              { type: 'ip-dst', value: '198.51.100.7', to_ids: true, comment: 'seen in logs' },
              { type: 'domain', value: 'example.org', to_ids: false, comment: 'old' },
            ],
          },
        })
      ).Event
      const object = await platform.objects.add(admin, event.id, {
        Object: {
          name: 'domain-ip',
          'meta-category': 'network',
          description: 'A domain and its IP',
          template_uuid: '43b3b146-77eb-4931-b4cc-b66c60f28734',
          template_version: '9',
          Attribute: [{ type: 'domain', object_relation: 'domain', value: 'obj.example' }],
        },
      })
      objectAttributeId = object.Object.Attribute[0].id
    })
    afterEach(() => env.close())

    const stored = async (id: string) => (await findAttribute(env.store.db, Number(id)))!

    describe('attribute_ids_flag_operation', () => {
      it('clears the IDS flag of every attribute, object attributes included, and overrides them in the roaming data', async () => {
        await installChain(platform, 'event-publish', [
          { module: 'attribute_ids_flag_operation', params: { action: 'remove' } },
        ])
        expect((await platform.events.publish(admin, event.id)).published).toBe(true)
        for (const id of [event.Attribute[0].id, event.Attribute[1].id, objectAttributeId]) {
          expect((await stored(id)).to_ids).toBe(0)
          const copies = copiesOf(env.captured[0], id)
          expect(copies.length).toBeGreaterThanOrEqual(2)
          for (const copy of copies) expect(copy.to_ids).toBe(false)
        }
      })

      it('sets the flag ("Toggle" sets it, as in MISP) on the node-filtered attributes only', async () => {
        await installChain(platform, 'event-publish', [
          {
            module: 'attribute_ids_flag_operation',
            params: { action: 'add' },
            filters: { selector: 'Event._AttributeFlattened.{n}', value: 'domain', operator: 'equals', path: 'type' },
          },
        ])
        await platform.events.publish(admin, event.id)
        expect((await stored(event.Attribute[1].id)).to_ids).toBe(1)
        expect((await stored(objectAttributeId)).to_ids).toBe(1)
        expect((await stored(event.Attribute[0].id)).to_ids).toBe(1)
        const timestampBefore = event.Attribute[0].timestamp
        expect(String((await stored(event.Attribute[0].id)).timestamp)).toBe(String(timestampBefore))
      })

      it('fires attribute-after-save for each saved attribute, caused by the publish run', async () => {
        await installChain(platform, 'event-publish', [
          { module: 'attribute_ids_flag_operation', params: { action: 'remove' } },
        ])
        await installChain(platform, 'attribute-after-save', [])
        await platform.events.publish(admin, event.id)
        await platform.drain()
        const page = await platform.runs!.list(admin, { trigger: 'attribute-after-save' })
        const caused = page.runs.filter((run) => run.chain[0]?.triggerId === 'event-publish')
        // The IP and the object attribute change; the domain was already off and is not saved again.
        expect(caused).toHaveLength(2)
      })
    })

    describe('Module_attribute_comment_operation', () => {
      it('renders the comment per attribute with __currentAttribute, keeping comments a template leaves blank (Q10 fixed)', async () => {
        const comment =
          '{% if __currentAttribute.type == "domain" %}\n  [curation] domain `{{ __currentAttribute.value }}` of {{ Event.info }}\n{% endif %}'
        await installChain(platform, 'event-publish', [
          { module: 'Module_attribute_comment_operation', params: { comment } },
        ])
        await platform.events.publish(admin, event.id)
        expect((await stored(event.Attribute[0].id)).comment).toBe('seen in logs')
        expect((await stored(event.Attribute[1].id)).comment).toBe(
          '[curation] domain `example.org` of Attribute edition',
        )
        expect((await stored(objectAttributeId)).comment).toBe('[curation] domain `obj.example` of Attribute edition')
        for (const copy of copiesOf(env.captured[0], objectAttributeId)) {
          expect(copy.comment).toBe('[curation] domain `obj.example` of Attribute edition')
        }
      })

      it('sets a plain comment on the matching attributes and succeeds when they already hold it', async () => {
        await installChain(platform, 'event-publish', [
          {
            module: 'Module_attribute_comment_operation',
            params: { comment: 'old' },
            filters: { selector: 'Event.Attribute.{n}', value: 'domain', operator: 'equals', path: 'type' },
          },
        ])
        const before = await stored(event.Attribute[1].id)
        expect((await platform.events.publish(admin, event.id)).published).toBe(true)
        // Already "old": not saved again, so its timestamp stays.
        expect((await stored(event.Attribute[1].id)).timestamp).toBe(before.timestamp)
        expect((await stored(event.Attribute[0].id)).comment).toBe('seen in logs')
      })
    })

    describe('attribute_edition_operation', () => {
      it('does nothing and succeeds', async () => {
        await installChain(platform, 'event-publish', [{ module: 'attribute_edition_operation' }])
        expect((await platform.events.publish(admin, event.id)).published).toBe(true)
        expect(env.captured).toHaveLength(1)
        expect((await stored(event.Attribute[0].id)).to_ids).toBe(1)
      })
    })
  })
}

/**
 * The tag actions end to end (spec/ENGINE.md §4.3 `tag_operation`, `tag_replacement_*`): a
 * workflow on the blocking `event-publish` runs them on a real event, through the platform's
 * tag operations, on every test database; the store, the roaming data and the triggers the
 * attachments fire are checked afterwards.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Actor, LocalPlatform } from '../src/platform/index.ts'
import { listAttributeTags, listEventTags, type Store, type TagLinkRecord } from '../src/store/index.ts'
import { type ActionPlatform, installChain, openActionPlatform } from './harness/action-platform.ts'
import { testDatabases } from './harness/databases.ts'

async function eventTags(store: Store, eventId: string) {
  const links = (await listEventTags(store.db, Number(eventId))) as TagLinkRecord[]
  return links
    .map((link) => ({ name: link.name, local: link.link_local === 1 }))
    .sort((a, b) => a.name.localeCompare(b.name))
}

async function attributeTags(store: Store, attributeId: string) {
  const links = (await listAttributeTags(store.db, { attributeId: Number(attributeId) })) as TagLinkRecord[]
  return links
    .map((link) => ({ name: link.name, local: link.link_local === 1 }))
    .sort((a, b) => a.name.localeCompare(b.name))
}

for (const db of testDatabases()) {
  describe(`${db.name}: tag actions`, () => {
    let env: ActionPlatform
    let platform: LocalPlatform
    let admin: Actor

    const addEvent = async () =>
      (
        await platform.events.add(admin, {
          Event: {
            info: 'Tag actions',
            Tag: [{ name: 'tlp:white' }, { name: 'PAP-Amber', local: true }],
            Attribute: [
              { type: 'ip-dst', value: '198.51.100.7', Tag: [{ name: 'TLP:GREEN' }] },
              { type: 'domain', value: 'example.org', Tag: [{ name: 'tlp:amber+strict' }] },
            ],
          },
        })
      ).Event

    beforeEach(async () => {
      env = await openActionPlatform(db)
      ;({ platform, admin } = env)
    })
    afterEach(() => env.close())

    describe('tag_operation', () => {
      it('attaches global tags to the event, creating a missing tag, and leaves the roaming data as it was', async () => {
        const event = await addEvent()
        await installChain(platform, 'event-publish', [
          {
            module: 'tag_operation',
            params: { scope: 'event', action: 'add', locality: 'global', tags: ['tlp:clear', 'workflow:new-tag'] },
          },
        ])
        const result = await platform.events.publish(admin, event.id)
        expect(result).toEqual({ published: true, eventId: event.id })
        expect(await eventTags(env.store, event.id)).toEqual([
          { name: 'PAP-Amber', local: true },
          { name: 'tlp:clear', local: false },
          { name: 'tlp:white', local: false },
          { name: 'workflow:new-tag', local: false },
        ])
        // MISP does not update the roaming data: reload-full-event shows the new tags.
        const [data] = env.captured
        expect(data.Event.Tag.map((tag: any) => tag.name).sort()).toEqual(['PAP-Amber', 'tlp:white'])
      })

      it('attaches local tags to the matching attributes only (node filter on the attribute tags)', async () => {
        const event = await addEvent()
        await installChain(platform, 'event-publish', [
          {
            module: 'tag_operation',
            params: { scope: 'attribute', action: 'add', locality: 'local', tags: ['checked'] },
            filters: {
              selector: 'Event._AttributeFlattened.{n}',
              value: 'TLP:GREEN',
              operator: 'in',
              path: 'Tag.{n}.name',
            },
          },
        ])
        await platform.events.publish(admin, event.id)
        const [ip, domain] = event.Attribute
        expect(await attributeTags(env.store, ip.id)).toEqual([
          { name: 'checked', local: true },
          { name: 'TLP:GREEN', local: false },
        ])
        expect(await attributeTags(env.store, domain.id)).toEqual([{ name: 'tlp:amber+strict', local: false }])
      })

      it('stores the relationship type on the new links', async () => {
        const event = await addEvent()
        await installChain(platform, 'event-publish', [
          {
            module: 'tag_operation',
            params: {
              scope: 'attribute',
              locality: 'global',
              tags: ['kill-chain:delivery'],
              relationship_type: 'used-for',
            },
          },
        ])
        await platform.events.publish(admin, event.id)
        const links = (await listAttributeTags(env.store.db, {
          attributeId: Number(event.Attribute[0].id),
        })) as TagLinkRecord[]
        const link = links.find((candidate) => candidate.name === 'kill-chain:delivery')
        expect(link?.link_relationship_type).toBe('used-for')
      })

      it('removes tags of the chosen locality only; an unknown tag name counts as removed', async () => {
        const event = await addEvent()
        await installChain(platform, 'event-publish', [
          {
            module: 'tag_operation',
            params: {
              scope: 'event',
              action: 'remove',
              locality: 'global',
              tags: ['PAP-Amber', 'tlp:white', 'never-seen'],
            },
          },
        ])
        await platform.events.publish(admin, event.id)
        // PAP-Amber is local: a global removal keeps it.
        expect(await eventTags(env.store, event.id)).toEqual([{ name: 'PAP-Amber', local: true }])
      })

      it('fires tag-attached-after-save for the attachment, with the causing run in its chain', async () => {
        const event = await addEvent()
        await installChain(platform, 'event-publish', [
          {
            module: 'tag_operation',
            params: { scope: 'event', action: 'add', locality: 'global', tags: ['from-workflow'] },
          },
        ])
        await installChain(platform, 'tag-attached-after-save', [], {
          scope: 'event',
          locality: 'global',
          tag: 'from-workflow',
        })
        await platform.events.publish(admin, event.id)
        await platform.drain()
        // The publish run captured first; the tag-attached-after-save run after it.
        expect(env.captured).toHaveLength(2)
        expect(env.captured[1].Event.id).toBe(event.id)
        expect(env.captured[1].Event.Tag.map((tag: any) => tag.name)).toContain('from-workflow')
        const page = await platform.runs!.list(admin, { trigger: 'tag-attached-after-save' })
        const run = page.runs.find((candidate) => candidate.chain.length > 0)
        // The run's chain: the publish run that caused it, then itself.
        expect(run?.chain.map((link) => link.triggerId)).toEqual(['event-publish', 'tag-attached-after-save'])
      })
    })

    describe('tag_replacement_tlp and tag_replacement_pap', () => {
      it('rewrites TLP and PAP tags on the event and the attributes, removing the originals when asked', async () => {
        const event = await addEvent()
        await installChain(platform, 'event-publish', [
          { module: 'tag_replacement_tlp', params: { scope: 'all', remove_substituted: 'yes', locality: 'global' } },
          { module: 'tag_replacement_pap', params: { scope: 'event', remove_substituted: 'yes', locality: 'local' } },
        ])
        await platform.events.publish(admin, event.id)
        const [ip, domain] = event.Attribute
        expect(await eventTags(env.store, event.id)).toEqual([
          { name: 'PAP:AMBER', local: true },
          { name: 'tlp:white', local: false },
        ])
        expect(await attributeTags(env.store, ip.id)).toEqual([{ name: 'tlp:green', local: false }])
        // Q9 fixed: amber+strict keeps its predicate, and a canonical tag is left alone.
        expect(await attributeTags(env.store, domain.id)).toEqual([{ name: 'tlp:amber+strict', local: false }])
      })

      it('keeps the substituted tags with MISP default remove_substituted "1" (Q8)', async () => {
        const event = await addEvent()
        await installChain(platform, 'event-publish', [
          { module: 'tag_replacement_tlp', params: { scope: 'attribute', locality: 'local' } },
        ])
        await platform.events.publish(admin, event.id)
        expect(await attributeTags(env.store, event.Attribute[0].id)).toEqual([
          { name: 'tlp:green', local: true },
          { name: 'TLP:GREEN', local: false },
        ])
      })

      it('tag_replacement_generic changes nothing (no pattern) and succeeds', async () => {
        const event = await addEvent()
        await installChain(platform, 'event-publish', [
          { module: 'tag_replacement_generic', params: { scope: 'all', remove_substituted: 'yes' } },
        ])
        expect((await platform.events.publish(admin, event.id)).published).toBe(true)
        expect(env.captured).toHaveLength(1)
        expect(await eventTags(env.store, event.id)).toHaveLength(2)
      })
    })
  })
}

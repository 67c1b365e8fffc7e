/**
 * The event actions end to end (spec/ENGINE.md §4.3 `Module_event_distribution_operation`,
 * `publish-event`, `reload-full-event`, `proposal-action`, `add_eventblocklist_entry`) on a
 * real platform over every test database: the store, the roaming data and the triggers the
 * operations fire are checked afterwards.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Actor, LocalPlatform } from '../src/platform/index.ts'
import {
  findAttribute,
  findEvent,
  findEventBlocklistEntry,
  findShadowAttribute,
  listEventAttributes,
} from '../src/store/index.ts'
import { type ActionPlatform, installChain, openActionPlatform } from './harness/action-platform.ts'
import { testDatabases } from './harness/databases.ts'

for (const db of testDatabases()) {
  describe(`${db.name}: event actions`, () => {
    let env: ActionPlatform
    let platform: LocalPlatform
    let admin: Actor
    let event: any

    beforeEach(async () => {
      env = await openActionPlatform(db)
      ;({ platform, admin } = env)
      event = (
        await platform.events.add(admin, {
          Event: {
            info: 'Event actions',
            distribution: 1,
            Attribute: [{ type: 'ip-dst', value: '198.51.100.7' }],
          },
        })
      ).Event
    })
    afterEach(() => env.close())

    const stored = async () => (await findEvent(env.store.db, Number(event.id)))!

    describe('Module_event_distribution_operation', () => {
      it('sets the distribution through the event save, touching and unpublishing the event', async () => {
        await platform.events.publish(admin, event.id)
        await installChain(platform, 'attribute-after-save', [
          { module: 'Module_event_distribution_operation', params: { distribution: '0', freeze: 'modify' } },
        ])
        await installChain(platform, 'event-after-save', [])
        await platform.attributes.add(admin, event.id, { type: 'domain', value: 'example.org' })
        await platform.drain()
        const row = await stored()
        expect(row.distribution).toBe(0)
        expect(row.published).toBe(0)
        const [afterAttribute] = env.captured.filter((data) => data.Event?.Attribute?.length === 1)
        expect(afterAttribute.Event.distribution).toBe('0')
        const saves = await platform.runs!.list(admin, { trigger: 'event-after-save' })
        expect(saves.runs.some((run) => run.chain[0]?.triggerId === 'attribute-after-save')).toBe(true)
      })

      it('keeps the timestamp and the published state with "freeze"', async () => {
        await platform.events.publish(admin, event.id)
        const before = await stored()
        await installChain(platform, 'event-publish', [
          { module: 'Module_event_distribution_operation', params: { distribution: '3', freeze: 'freeze' } },
        ])
        await platform.events.publish(admin, event.id)
        const row = await stored()
        expect(row.distribution).toBe(3)
        expect(row.published).toBe(1)
        expect(row.timestamp).toBe(before.timestamp)
      })

      it('changes an event without attributes too (Q16 fixed)', async () => {
        const empty = (await platform.events.add(admin, { Event: { info: 'No attributes', distribution: 1 } })).Event
        await installChain(platform, 'event-publish', [
          { module: 'Module_event_distribution_operation', params: { distribution: '2' } },
        ])
        await platform.events.publish(admin, empty.id)
        expect((await findEvent(env.store.db, Number(empty.id)))!.distribution).toBe(2)
      })

      it('sets distribution 4 with the picked sharing group (docs/sharing-groups.md)', async () => {
        const group = await platform.sharingGroups.add(admin, { name: 'Workflow partners' })
        const groupId = group.SharingGroup.id as string
        await installChain(platform, 'event-publish', [
          {
            module: 'Module_event_distribution_operation',
            params: { distribution: '4', sharing_group_id: groupId, freeze: 'freeze' },
          },
        ])
        await platform.events.publish(admin, event.id)
        const row = await stored()
        expect([row.distribution, row.sharing_group_id]).toEqual([4, Number(groupId)])
        const [data] = env.captured
        expect(data.Event.distribution).toBe('4')
        expect(data.Event.sharing_group_id).toBe(groupId)
        const view = await platform.events.view(admin, event.id)
        expect(view.Event.SharingGroup.name).toBe('Workflow partners')
      })

      it.each([
        ['no sharing group', undefined, 'Distribution 4 needs a sharing group: pick one in `sharing_group_id`'],
        ['an unknown sharing group', '9999', 'sharing_group_id'],
      ])('fails the node with distribution 4 and %s, leaving the event as it was', async (_case, group, error) => {
        await installChain(platform, 'event-publish', [
          {
            module: 'Module_event_distribution_operation',
            params: {
              distribution: '4',
              freeze: 'freeze',
              ...(group !== undefined ? { sharing_group_id: group } : {}),
            },
          },
        ])
        await platform.events.publish(admin, event.id)
        const row = await stored()
        expect([row.distribution, row.sharing_group_id]).toEqual([1, 0])
        const runs = await platform.runs!.list(admin, { trigger: 'event-publish' })
        const run = await platform.runs!.view(admin, runs.runs[0].id)
        const node = run.trace.entries.find((entry) => entry.moduleId === 'Module_event_distribution_operation')
        expect(String(node?.errors)).toContain(error)
      })
    })

    describe('publish-event', () => {
      it('publishes the event, firing the blocking event-publish', async () => {
        await installChain(platform, 'attribute-after-save', [{ module: 'publish-event' }])
        await installChain(platform, 'event-publish', [])
        await platform.attributes.add(admin, event.id, { type: 'domain', value: 'example.org' })
        await platform.drain()
        expect((await stored()).published).toBe(1)
        const runs = await platform.runs!.list(admin, { trigger: 'event-publish' })
        expect(runs.runs[0].chain.map((link) => link.triggerId)).toEqual(['attribute-after-save', 'event-publish'])
      })

      it('publishing from an event-publish workflow recurses only until the loop guard refuses (§2.14)', async () => {
        await installChain(platform, 'event-publish', [{ module: 'publish-event' }])
        expect(await platform.events.publish(admin, event.id)).toEqual({ published: true, eventId: event.id })
        const runs = await platform.runs!.list(admin, { trigger: 'event-publish' })
        const refused = runs.runs.filter((run) => run.errors.some((error) => error.startsWith('SLC_LOOP_GUARD')))
        expect(refused).toHaveLength(1)
        expect(runs.total).toBe(refused[0].chain.length)
      })

      it('fails the node with the veto of a blocking event-publish workflow', async () => {
        await installChain(platform, 'attribute-after-save', [{ module: 'publish-event' }])
        await installChain(platform, 'event-publish', [{ module: 'stop-execution', params: { message: 'Not today' } }])
        await platform.attributes.add(admin, event.id, { type: 'domain', value: 'example.org' })
        await platform.drain()
        expect((await stored()).published).toBe(0)
        const runs = await platform.runs!.list(admin, { trigger: 'attribute-after-save' })
        const run = await platform.runs!.view(admin, runs.runs[0].id)
        const node = run.trace.entries.find((entry) => entry.moduleId === 'publish-event')
        expect(node?.status).toBe('partial-success')
        expect(String(node?.errors)).toContain('Not today')
      })
    })

    describe('reload-full-event', () => {
      it('replaces the roaming data with the whole event in core format, new tags included', async () => {
        await installChain(platform, 'attribute-after-save', [
          { module: 'tag_operation', params: { scope: 'event', locality: 'global', tags: ['reloaded'] } },
          { module: 'reload-full-event' },
        ])
        await platform.attributes.add(admin, event.id, { type: 'domain', value: 'example.org' })
        await platform.drain()
        const [data] = env.captured
        expect(data.Event.Attribute.map((attribute: any) => attribute.value).sort()).toEqual([
          '198.51.100.7',
          'example.org',
        ])
        expect(data.Event._AttributeFlattened).toHaveLength(2)
        expect(data.Event.Tag.map((tag: any) => tag.name)).toEqual(['reloaded'])
      })
    })

    describe('proposal-action', () => {
      it('accepts new and edit proposals with the default proposal type "all" (Q7 fixed), then reloads', async () => {
        const attributeId = event.Attribute[0].id
        const created = await platform.shadowAttributes.add(admin, event.id, {
          ShadowAttribute: { type: 'domain', value: 'proposed.example', category: 'Network activity' },
        })
        const edit = await platform.shadowAttributes.edit(admin, attributeId, {
          ShadowAttribute: { value: '198.51.100.8' },
        })
        await installChain(platform, 'event-publish', [{ module: 'proposal-action' }])
        await platform.events.publish(admin, event.id)
        const values = (await listEventAttributes(env.store.db, Number(event.id))).map((row) => row.value1).sort()
        expect(values).toEqual(['198.51.100.8', 'proposed.example'])
        expect((await findAttribute(env.store.db, Number(attributeId)))!.value1).toBe('198.51.100.8')
        for (const proposal of [created, edit]) {
          expect((await findShadowAttribute(env.store.db, Number(proposal.ShadowAttribute.id)))?.deleted).toBe(1)
        }
        const [data] = env.captured
        expect(data.Event._AttributeFlattened).toHaveLength(2)
      })

      it('discards only the edit proposals with action "remove"', async () => {
        const attributeId = event.Attribute[0].id
        await platform.shadowAttributes.add(admin, event.id, {
          ShadowAttribute: { type: 'domain', value: 'proposed.example', category: 'Network activity' },
        })
        const edit = await platform.shadowAttributes.edit(admin, attributeId, {
          ShadowAttribute: { value: '198.51.100.8' },
        })
        await installChain(platform, 'event-publish', [
          { module: 'proposal-action', params: { action: 'remove', proposal_type: 'edit' } },
        ])
        await platform.events.publish(admin, event.id)
        expect((await findAttribute(env.store.db, Number(attributeId)))!.value1).toBe('198.51.100.7')
        expect((await findShadowAttribute(env.store.db, Number(edit.ShadowAttribute.id)))?.deleted).toBe(1)
        expect(await listEventAttributes(env.store.db, Number(event.id))).toHaveLength(1)
      })
    })

    describe('add_eventblocklist_entry', () => {
      it('blocklists the event with its creator organisation and the comment', async () => {
        await installChain(platform, 'event-publish', [
          { module: 'add_eventblocklist_entry', params: { block_comment: 'Blocked from workflow' } },
        ])
        expect((await platform.events.publish(admin, event.id)).published).toBe(true)
        const entry = await findEventBlocklistEntry(env.store.db, event.uuid)
        expect(entry).toMatchObject({
          event_uuid: event.uuid,
          event_info: 'Event actions',
          comment: 'Blocked from workflow',
        })
        expect(entry?.event_orgc).not.toBe('unkwown')
        expect(entry?.event_orgc).not.toBe('')
      })
    })
  })
}

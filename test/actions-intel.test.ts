/**
 * The intelligence-list actions end to end (spec/ENGINE.md §4.3 `attach-warninglist`,
 * `add_to_warninglist`, `assign_country`, `attach-decay-score`) on a real platform over every
 * test database: warninglists set up in the store, the `Country` galaxy seeded by migration
 * 0007; the roaming data and the store are checked afterwards.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Actor, LocalPlatform } from '../src/platform/index.ts'
import {
  findWarninglist,
  insertWarninglist,
  listAttributeTags,
  listEventTags,
  listWarninglistEntries,
  type TagLinkRecord,
} from '../src/store/index.ts'
import { type ActionPlatform, installChain, openActionPlatform } from './harness/action-platform.ts'
import { testDatabases } from './harness/databases.ts'

for (const db of testDatabases()) {
  describe(`${db.name}: intelligence-list actions`, () => {
    let env: ActionPlatform
    let platform: LocalPlatform
    let admin: Actor
    let event: any
    const lists: Record<string, number> = {}

    beforeEach(async () => {
      env = await openActionPlatform(db)
      ;({ platform, admin } = env)
      const store = env.store.db
      lists.cloud = await insertWarninglist(
        store,
        {
          name: 'Cloud ranges',
          type: 'cidr',
          enabled: 1,
          default: 1,
          category: 'false_positive',
          matching_attributes: '["ip-src","ip-dst"]',
        },
        ['203.0.113.0/24', '198.51.100.0/24'],
      )
      lists.domains = await insertWarninglist(
        store,
        { name: 'Top domains', type: 'hostname', enabled: 1, default: 1 },
        ['example.org'],
      )
      lists.disabled = await insertWarninglist(
        store,
        { name: 'Disabled list', type: 'string', enabled: 0, default: 1 },
        ['198.51.100.7'],
      )
      lists.custom = await insertWarninglist(
        store,
        { name: 'Our allow-list', type: 'string', enabled: 1, default: 0 },
        ['already.example'],
      )
      event = (
        await platform.events.add(admin, {
          Event: {
            info: 'Intel actions',
            Attribute: [
              { type: 'ip-dst', value: '198.51.100.7', comment: 'Luxembourg' },
              { type: 'domain', value: 'sub.example.org', comment: 'FRANCE' },
              { type: 'domain', value: 'other.test', comment: 'Atlantis' },
              { type: 'text', value: 'just text' },
            ],
          },
        })
      ).Event
    })
    afterEach(() => env.close())

    const byValue = (data: any, value: string) =>
      data.Event._AttributeFlattened.find((attribute: any) => attribute.value === value)

    describe('attach-warninglist', () => {
      it('records the hits of every enabled list with ALL, on the attributes and on the event', async () => {
        await installChain(platform, 'event-publish', [
          { module: 'attach-warninglist', params: { warninglists: 'ALL' } },
        ])
        await platform.events.publish(admin, event.id)
        const [data] = env.captured
        expect(byValue(data, '198.51.100.7').warnings).toEqual([
          {
            value: '198.51.100.7',
            match: '198.51.100.0/24',
            warninglist_id: String(lists.cloud),
            warninglist_name: 'Cloud ranges',
            warninglist_category: 'false_positive',
          },
        ])
        expect(byValue(data, 'sub.example.org').warnings.map((hit: any) => hit.warninglist_name)).toEqual([
          'Top domains',
        ])
        expect(byValue(data, 'other.test').warnings).toBeUndefined()
        const home = data.Event.Attribute.find((attribute: any) => attribute.value === 'sub.example.org')
        expect(home.warnings).toHaveLength(1)
        expect(data.Event.warnings.map((list: any) => list.name).sort()).toEqual(['Cloud ranges', 'Top domains'])
      })

      it('checks only the selected lists, and lets a later IF see the hits', async () => {
        await installChain(platform, 'event-publish', [
          { module: 'attach-warninglist', params: { warninglists: ['Top domains'] } },
          {
            module: 'attribute_ids_flag_operation',
            params: { action: 'remove' },
            filters: {
              selector: 'Event._AttributeFlattened.{n}',
              value: 'Top domains',
              operator: 'in',
              path: 'warnings.{n}.warninglist_name',
            },
          },
        ])
        await platform.events.publish(admin, event.id)
        const [data] = env.captured
        expect(byValue(data, '198.51.100.7').warnings).toBeUndefined()
        expect(byValue(data, 'sub.example.org').to_ids).toBe(false)
        expect(byValue(data, 'other.test').to_ids).toBe(true)
      })

      it('fails the node without a selection', async () => {
        await installChain(platform, 'event-publish', [{ module: 'attach-warninglist', params: { warninglists: [] } }])
        await platform.events.publish(admin, event.id)
        const runs = await platform.runs!.list(admin, { trigger: 'event-publish' })
        const run = await platform.runs!.view(admin, runs.runs[0].id)
        const node = run.trace.entries.find((entry) => entry.moduleId === 'attach-warninglist')
        expect(node?.errors).toEqual(['No warninglist module selected'])
      })
    })

    describe('add_to_warninglist', () => {
      it('appends the matching values to an enabled custom list, once each', async () => {
        await installChain(platform, 'event-publish', [
          {
            module: 'add_to_warninglist',
            params: { warninglist: String(lists.custom) },
            filters: { selector: 'Event._AttributeFlattened.{n}', value: 'domain', operator: 'equals', path: 'type' },
          },
        ])
        await platform.events.publish(admin, event.id)
        await platform.events.publish(admin, event.id)
        expect(await listWarninglistEntries(env.store.db, lists.custom)).toEqual([
          'already.example',
          'sub.example.org',
          'other.test',
        ])
        expect((await findWarninglist(env.store.db, lists.custom))!.version).toBe(2)
      })

      it('refuses a default (non-custom) list', async () => {
        await installChain(platform, 'event-publish', [
          { module: 'add_to_warninglist', params: { warninglist: String(lists.domains) } },
        ])
        await platform.events.publish(admin, event.id)
        expect(await listWarninglistEntries(env.store.db, lists.domains)).toEqual(['example.org'])
      })
    })

    describe('assign_country', () => {
      const tagNames = (links: unknown) => (links as TagLinkRecord[]).map((link) => link.name).sort()

      it('tags each attribute with the country galaxy cluster its path names, case-insensitively', async () => {
        await installChain(platform, 'event-publish', [
          { module: 'assign_country', params: { scope: 'attribute', hash_path: 'comment', locality: 'global' } },
        ])
        await platform.events.publish(admin, event.id)
        const [ip, domain, other] = event.Attribute
        expect(tagNames(await listAttributeTags(env.store.db, { attributeId: Number(ip.id) }))).toEqual([
          'misp-galaxy:country="luxembourg"',
        ])
        expect(tagNames(await listAttributeTags(env.store.db, { attributeId: Number(domain.id) }))).toEqual([
          'misp-galaxy:country="france"',
        ])
        expect(await listAttributeTags(env.store.db, { attributeId: Number(other.id) })).toEqual([])
      })

      it('reads the node-filtered attributes when the node has filters (Q28 fixed)', async () => {
        await installChain(platform, 'event-publish', [
          {
            module: 'assign_country',
            params: { scope: 'attribute', hash_path: 'comment', locality: 'local' },
            filters: { selector: 'Event._AttributeFlattened.{n}', value: 'domain', operator: 'equals', path: 'type' },
          },
        ])
        await platform.events.publish(admin, event.id)
        const [ip, domain] = event.Attribute
        expect(await listAttributeTags(env.store.db, { attributeId: Number(ip.id) })).toEqual([])
        expect(tagNames(await listAttributeTags(env.store.db, { attributeId: Number(domain.id) }))).toEqual([
          'misp-galaxy:country="france"',
        ])
      })

      it('also takes ISO 3166-1 alpha-2 codes, as enrichment modules often give them', async () => {
        const coded = (
          await platform.events.add(admin, {
            Event: { info: 'Codes', Attribute: [{ type: 'ip-dst', value: '192.0.2.9', comment: 'de' }] },
          })
        ).Event
        await installChain(platform, 'event-publish', [
          { module: 'assign_country', params: { scope: 'attribute', hash_path: 'comment' } },
        ])
        await platform.events.publish(admin, coded.id)
        expect(tagNames(await listAttributeTags(env.store.db, { attributeId: Number(coded.Attribute[0].id) }))).toEqual(
          ['misp-galaxy:country="germany"'],
        )
      })

      it('gathers the countries of every attribute onto the event', async () => {
        await installChain(platform, 'event-publish', [
          { module: 'assign_country', params: { scope: 'event', hash_path: 'comment', locality: 'local' } },
        ])
        await platform.events.publish(admin, event.id)
        const links = (await listEventTags(env.store.db, Number(event.id))) as TagLinkRecord[]
        expect(tagNames(links)).toEqual(['misp-galaxy:country="france"', 'misp-galaxy:country="luxembourg"'])
        expect(links.every((link) => link.link_local === 1)).toBe(true)
      })
    })

    describe('attach-decay-score', () => {
      it("scores the attributes the NIDS model covers with MISP's default parameters", async () => {
        await installChain(platform, 'event-publish', [
          { module: 'attach-decay-score', params: { decayingmodels: ['1'] } },
        ])
        await platform.events.publish(admin, event.id)
        const [data] = env.captured
        const [score] = byValue(data, '198.51.100.7').decay_score
        expect(score.DecayingModel).toEqual({ id: '1', name: 'NIDS Simple Decaying Model' })
        expect(score.base_score).toBe(80)
        expect(score.score).toBeGreaterThan(79)
        expect(score.decayed).toBe(false)
        // `text` is not a NIDS type: no score.
        expect(byValue(data, 'just text').decay_score).toEqual([])
      })

      it('fails the node without a model', async () => {
        await installChain(platform, 'event-publish', [
          { module: 'attach-decay-score', params: { decayingmodels: [] } },
        ])
        await platform.events.publish(admin, event.id)
        const runs = await platform.runs!.list(admin, { trigger: 'event-publish' })
        const run = await platform.runs!.view(admin, runs.runs[0].id)
        const node = run.trace.entries.find((entry) => entry.moduleId === 'attach-decay-score')
        expect(node).toMatchObject({ status: 'partial-success', errors: ['No decaying model selected'] })
        expect(byValue(env.captured[0], '198.51.100.7').decay_score).toBeUndefined()
      })
    })
  })
}

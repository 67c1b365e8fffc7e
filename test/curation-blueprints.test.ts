/**
 * MISP's curation blueprints end to end (spec/ENGINE.md §7.4), on every test database: each is
 * installed on `event-publish`, an event with suitable attributes is published, the enrichment
 * goes to the misp-modules test server on 127.0.0.1 (hashlookup, BGP ranking, AbuseIPDB and
 * Google Safe Browsing stand-ins), and the test reads the stored event back for the tag,
 * IDS-flag and comment changes the blueprint intends.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { loadWorkflowJson } from '../src/engine/index.ts'
import { createBuiltinRegistry } from '../src/modules/index.ts'
import { type Actor, bootstrap, createPlatform, type LocalPlatform } from '../src/platform/index.ts'
import type { Store } from '../src/store/index.ts'
import { testDatabases } from './harness/databases.ts'
import { type MispModulesServer, mispModulesSettings, startMispModulesServer } from './harness/misp-modules-server.ts'
import { blueprintFiles } from './harness/shared.ts'

const blueprints = new Map(blueprintFiles())
const blueprint = (name: string) => blueprints.get(name)!
const MUTABLE = 'misp-workflow:mutability="allowed"'

let server: MispModulesServer
beforeAll(async () => {
  server = await startMispModulesServer()
})
afterAll(() => server.close())

for (const db of testDatabases()) {
  describe(`${db.name}: curation blueprints`, () => {
    let store: Store
    let platform: LocalPlatform
    let admin: Actor
    const registry = createBuiltinRegistry()

    beforeEach(async () => {
      store = await db.open()
      server.queries.length = 0
      platform = createPlatform({ store, registry })
      const { apiKey } = await bootstrap(platform)
      admin = (await platform.users.authenticate(apiKey!))!
      for (const [name, value] of Object.entries(mispModulesSettings(server))) await platform.settings.set(name, value)
      await platform.settings.set('Plugin.Workflow_enable', true)
      await platform.settings.set('Plugin.Workflow_triggers_event-publish', true)
      const ids = registry
        .descriptors()
        .filter((descriptor) => descriptor.module_type !== 'trigger')
        .map((descriptor) => descriptor.id)
      await platform.settings.set('Workflow.modules_enabled', ids)
    })
    afterEach(async () => {
      await platform.close()
      await store.close()
    })

    const install = async (file: string) => {
      const { record } = loadWorkflowJson(blueprint(file), 'event-publish', (id) => registry.trigger(id)?.descriptor)
      await platform.workflows.install(record)
    }
    /** Adds and publishes an event; answers its attributes as stored afterwards, by value. */
    const publish = async (attributes: any[], eventTags: string[] = []) => {
      const added = await platform.events.add(admin, {
        Event: {
          info: 'Curation input',
          Attribute: attributes,
          ...(eventTags.length > 0 ? { Tag: eventTags.map((name) => ({ name })) } : {}),
        },
      })
      const result = await platform.events.publish(admin, added.Event.id)
      await platform.drain()
      const view = await platform.events.view(admin, added.Event.id)
      const byValue = new Map<string, any>()
      for (const attribute of view.Event.Attribute) byValue.set(attribute.value, attribute)
      return { result, byValue }
    }
    const tagsOf = (attribute: any) => (attribute.Tag ?? []).map((tag: any) => tag.name).sort()

    it('Disable to_ids flag for existing hash in hashlookup: known hashes lose the flag and get tagged', async () => {
      await install('blueprint_disable-to_ids-flag-for-existing-hash-in-hashlookup_1667228944.json')
      const { byValue } = await publish([
        { type: 'md5', value: '8d777f385d3dfec8815d20f7496026dc', to_ids: true },
        { type: 'md5', value: 'ffffffffffffffffffffffffffffffff', to_ids: true },
      ])
      expect(server.queries.map((query) => query.module)).toEqual(['hashlookup', 'hashlookup'])
      const known = byValue.get('8d777f385d3dfec8815d20f7496026dc')
      const unknown = byValue.get('ffffffffffffffffffffffffffffffff')
      expect(known.to_ids).toBe(false)
      expect(tagsOf(known)).toEqual(['ids-removed'])
      expect(unknown.to_ids).toBe(true)
      expect(tagsOf(unknown)).toEqual([])
    })

    it('Set tag based on BGP Ranking maliciousness level: ASes ranked under 50 are tagged active', async () => {
      await install('blueprint_set-tag-based-on-bgp-ranking-maliciousness-level_1668498668.json')
      const { byValue } = await publish([
        { type: 'AS', value: 'AS64496' },
        { type: 'AS', value: 'AS64511' },
      ])
      expect(server.queries.map((query) => query.attribute.value).sort()).toEqual(['AS64496', 'AS64511'])
      expect(tagsOf(byValue.get('AS64496'))).toEqual(['adversary:infrastructure-state="active"'])
      expect(tagsOf(byValue.get('AS64511'))).toEqual([])
    })

    it('Curation - Remove automation flag from known non-malicious hashes', async () => {
      await install('blueprint_curation---remove-automation-flag-from-known-non-malicious-hashes.json')
      const { byValue } = await publish(
        [
          { type: 'md5', value: '8d777f385d3dfec8815d20f7496026dc', to_ids: true },
          { type: 'sha1', value: 'ffffffffffffffffffffffffffffffffffffffff', to_ids: true },
          { type: 'ip-dst', value: '198.51.100.9', to_ids: true },
        ],
        [MUTABLE],
      )
      // Only the hashes are enriched.
      expect(server.queries.map((query) => query.attribute.type).sort()).toEqual(['md5', 'sha1'])
      const known = byValue.get('8d777f385d3dfec8815d20f7496026dc')
      expect(known.to_ids).toBe(false)
      expect(tagsOf(known)).toEqual([
        'misp-workflow:action-taken="ids-flag-removed"',
        'misp-workflow:analysis="known-file-hash"',
      ])
      expect(known.comment).toContain('[Curation pipeline enrichment:filename] `kernel32.dll`')
      for (const untouched of ['ffffffffffffffffffffffffffffffffffffffff', '198.51.100.9']) {
        expect(byValue.get(untouched).to_ids).toBe(true)
        expect(tagsOf(byValue.get(untouched))).toEqual([])
      }
    })

    it('Curation - Toggle automation flag from network IoC based on AbuseIPDB: a malicious IP', async () => {
      await install('blueprint_curation---toggle-automation-flag-from-network-ioc-based-on-abuseipdb.json')
      const { byValue } = await publish([{ type: 'ip-dst', value: '203.0.113.66', to_ids: false }], [MUTABLE])
      const ip = byValue.get('203.0.113.66')
      expect(ip.to_ids).toBe(true)
      expect(tagsOf(ip)).toEqual([
        'false-positive:risk="low"',
        'misp-workflow:action-taken="ids-flag-added"',
        'misp-workflow:analysis="highly-likely-positive"',
      ])
      expect(ip.comment).toContain('[Curation pipeline enrichment:abusipdb.is-malicious] `1`')
    })

    it('Curation - Toggle automation flag from network IoC based on AbuseIPDB: a clean IP', async () => {
      await install('blueprint_curation---toggle-automation-flag-from-network-ioc-based-on-abuseipdb.json')
      const { byValue } = await publish([{ type: 'ip-dst', value: '198.51.100.1', to_ids: true }], [MUTABLE])
      const ip = byValue.get('198.51.100.1')
      // The blueprint's wiring: on the "not malicious" branch, an event that carries the
      // mutability tag takes the tag-if's `else` output, which only tags (locally).
      expect(ip.to_ids).toBe(true)
      expect(tagsOf(ip)).toEqual(['false-positive:risk="high"', 'misp-workflow:analysis="false-positive"'])
      const local = (ip.Tag as any[]).filter((tag) => tag.local === true || tag.local === 1 || tag.local === '1')
      expect(local).toHaveLength(2)
    })

    it('Curation - Toggle automation flag from URLs based on Google Safe Browsing', async () => {
      await install('blueprint_curation---toggle-automation-flag-from-urls-based-on-google-safe-browsing.json')
      const { byValue } = await publish(
        [{ type: 'url', value: 'http://malware.example/payload', to_ids: false }],
        [MUTABLE],
      )
      const url = byValue.get('http://malware.example/payload')
      expect(server.queries.map((query) => query.module)).toEqual(['google_safe_browsing'])
      expect(url.to_ids).toBe(true)
      expect(tagsOf(url)).toEqual([
        'false-positive:risk="low"',
        'misp-workflow:action-taken="ids-flag-added"',
        'misp-workflow:analysis="highly-likely-positive"',
      ])
    })

    it('the PAP:RED/tlp:red blueprint on enrichment-before-query stops the curation’s queries', async () => {
      await platform.settings.set('Plugin.Workflow_triggers_enrichment-before-query', true)
      const { record } = loadWorkflowJson(
        blueprint('blueprint_pap_red-and-tlp_red-blocking_1661328258.json'),
        'enrichment-before-query',
        (id) => registry.trigger(id)?.descriptor,
      )
      await platform.workflows.install(record)
      await install('blueprint_disable-to_ids-flag-for-existing-hash-in-hashlookup_1667228944.json')
      const { byValue } = await publish(
        [{ type: 'md5', value: '8d777f385d3dfec8815d20f7496026dc', to_ids: true }],
        ['PAP:RED'],
      )
      expect(server.queries).toEqual([])
      expect(byValue.get('8d777f385d3dfec8815d20f7496026dc').to_ids).toBe(true)
    })
  })
}

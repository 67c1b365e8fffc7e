/**
 * MISP's curation blueprints end to end (spec/ENGINE.md §7.4), on every test database: each is
 * installed on `event-publish`, an event with suitable attributes is published, the enrichment
 * goes to the misp-modules test server on 127.0.0.1 (hashlookup, BGP ranking, AbuseIPDB,
 * Google Safe Browsing and mmdb_lookup stand-ins), warninglists and a cached "Tor exit nodes"
 * feed live in the store, and the test reads the stored event back for the tag, galaxy-cluster,
 * IDS-flag and comment changes the blueprint intends.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { loadWorkflowJson } from '../src/engine/index.ts'
import { createBuiltinRegistry } from '../src/modules/index.ts'
import type { Actor, LocalPlatform } from '../src/platform/index.ts'
import { insertWarninglist, type Store } from '../src/store/index.ts'
import { installBlueprintWorkflow } from './harness/blueprint-workflow.ts'
import { testDatabases } from './harness/databases.ts'
import {
  type MispModulesServer,
  startMispModulesServer,
  applyMispModulesSettings,
} from './harness/misp-modules-server.ts'
import { openTestPlatform, type TestPlatform } from './harness/test-platform.ts'
import { type FeedFolder, feedFolder } from './harness/feed-sources.ts'
import { blueprintFiles, PAP_RED_BLUEPRINT } from './harness/shared.ts'

const blueprints = new Map(blueprintFiles())
const blueprint = (name: string) => blueprints.get(name)!
const MUTABLE = 'misp-workflow:mutability="allowed"'
const RUN_ALLOWED = 'misp-workflow:run="allowed"'
/** IPs the mmdb_lookup stand-in places in Luxembourg, the United States and Japan; one it cannot place. */
const IP_LU = '192.0.2.10'
const IP_US = '198.51.100.20'
const IP_JP = '203.0.113.30'
const IP_NOWHERE = '192.0.2.99'

/**
 * The "Allow curation process" gate put in front of another curation blueprint, as an analyst
 * does in the editor: both blueprints' nodes on one canvas, the gate's `then` output connected
 * to the curation's first node. The gate is then the only node without an input, so it is the
 * one the trigger is connected to.
 *
 *   trigger → 78 IF :: Tag (run allowed) ─then→ <curation entry> → …
 *                                        └else→ (nothing)
 */
function gatedBlueprint(gate: any, curation: any, curationEntry: number): any {
  const gateNodes = structuredClone(gate.WorkflowBlueprint.data) as any[]
  const curationNodes = structuredClone(curation.WorkflowBlueprint.data) as any[]
  const [allow] = gateNodes
  const entry = curationNodes.find((node) => node.id === curationEntry)
  allow.outputs.output_1.connections.push({ node: String(curationEntry), output: 'input_1' })
  entry.inputs.input_1.connections.push({ node: String(allow.id), input: 'output_1' })
  return { WorkflowBlueprint: { name: 'Gated curation', data: [...gateNodes, ...curationNodes] } }
}

let server: MispModulesServer
beforeAll(async () => {
  server = await startMispModulesServer()
})
afterAll(() => server.close())

for (const db of testDatabases()) {
  describe(`${db.name}: curation blueprints`, () => {
    let env: TestPlatform
    let store: Store
    let platform: LocalPlatform
    let admin: Actor
    const registry = createBuiltinRegistry()

    beforeEach(async () => {
      server.queries.length = 0
      env = await openTestPlatform(db, { registry })
      ;({ store, platform, admin } = env)
      await applyMispModulesSettings(platform, server)
      await platform.settings.set('Plugin.Workflow_enable', true)
      await platform.settings.set('Plugin.Workflow_triggers_event-publish', true)
      const ids = registry
        .descriptors()
        .filter((descriptor) => descriptor.module_type !== 'trigger')
        .map((descriptor) => descriptor.id)
      await platform.settings.set('Workflow.modules_enabled', ids)
    })
    afterEach(() => env.close())

    const install = async (file: string | object) => {
      const json = typeof file === 'string' ? blueprint(file) : file
      const { record } = loadWorkflowJson(json, 'event-publish', (id) => registry.trigger(id)?.descriptor)
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
    /** The outcomes and errors of the recorded `event-publish` runs. */
    const publishRuns = async () =>
      (await platform.runs.list(admin)).runs
        .filter((run) => run.triggerId === 'event-publish')
        .map((run) => ({ outcome: run.outcome, errors: run.errors }))
    const isLocal = (tag: any) => tag.local === true || tag.local === 1 || tag.local === '1'
    /** `name → local?` of an attribute's tags. */
    const localityOf = (attribute: any) =>
      Object.fromEntries((attribute.Tag ?? []).map((tag: any) => [tag.name, isLocal(tag)]))

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

    it('Curation - Allow curation process: the gate lets a curation run only on events tagged run="allowed"', async () => {
      await install(
        gatedBlueprint(
          blueprint('blueprint_curation---allow-curation-process.json'),
          blueprint('blueprint_curation---remove-automation-flag-from-known-non-malicious-hashes.json'),
          28,
        ),
      )
      const allowed = await publish(
        [{ type: 'md5', value: '8d777f385d3dfec8815d20f7496026dc', to_ids: true }],
        [RUN_ALLOWED, MUTABLE],
      )
      expect(allowed.result).toMatchObject({ published: true })
      expect(server.queries.map((query) => query.module)).toEqual(['hashlookup'])
      const curated = allowed.byValue.get('8d777f385d3dfec8815d20f7496026dc')
      expect(curated.to_ids).toBe(false)
      expect(tagsOf(curated)).toEqual([
        'misp-workflow:action-taken="ids-flag-removed"',
        'misp-workflow:analysis="known-file-hash"',
      ])

      server.queries.length = 0
      const notAllowed = await publish(
        [{ type: 'md5', value: '8d777f385d3dfec8815d20f7496026dc', to_ids: true }],
        [MUTABLE],
      )
      // The gate's `else` output is not connected: no enrichment, no change.
      expect(server.queries).toEqual([])
      const untouched = notAllowed.byValue.get('8d777f385d3dfec8815d20f7496026dc')
      expect(untouched.to_ids).toBe(true)
      expect(tagsOf(untouched)).toEqual([])
    })

    it('Curation - Allow curation process on its own: a gate with nothing behind it changes nothing', async () => {
      await install('blueprint_curation---allow-curation-process.json')
      const { result, byValue } = await publish([{ type: 'ip-dst', value: IP_LU, to_ids: true }], [RUN_ALLOWED])
      expect(result).toMatchObject({ published: true })
      expect(await publishRuns()).toEqual([{ outcome: 'success', errors: [] }])
      expect(byValue.get(IP_LU).to_ids).toBe(true)
      expect(tagsOf(byValue.get(IP_LU))).toEqual([])
    })

    it('Curation - Assign a country GalaxyCluster on IPs: geolocated IPs get their country cluster, globally when mutable', async () => {
      await install('blueprint_curation---assign-a-country-galaxycluster-on-ips.json')
      const { byValue } = await publish(
        [
          { type: 'ip-dst', value: IP_LU },
          { type: 'ip-src', value: IP_US },
          { type: 'ip-dst', value: IP_NOWHERE },
          { type: 'domain', value: 'example.com' },
        ],
        [MUTABLE],
      )
      // Only the IPs are enriched, by mmdb_lookup.
      expect(server.queries.map((query) => query.module)).toEqual(Array(3).fill('mmdb_lookup'))
      expect(server.queries.map((query) => query.attribute.value).sort()).toEqual([IP_LU, IP_NOWHERE, IP_US].sort())
      expect(localityOf(byValue.get(IP_LU))).toEqual({ 'misp-galaxy:country="luxembourg"': false })
      expect(localityOf(byValue.get(IP_US))).toEqual({ 'misp-galaxy:country="united states"': false })
      expect(tagsOf(byValue.get(IP_NOWHERE))).toEqual([])
      expect(tagsOf(byValue.get('example.com'))).toEqual([])
    })

    it('Curation - Assign a country GalaxyCluster on IPs: without the mutability tag the cluster is attached locally', async () => {
      await install('blueprint_curation---assign-a-country-galaxycluster-on-ips.json')
      const { byValue } = await publish([{ type: 'ip-dst|port', value: `${IP_JP}|443` }])
      expect(localityOf(byValue.get(`${IP_JP}|443`))).toEqual({ 'misp-galaxy:country="japan"': true })
    })

    it('Curation - Assign threat-level based on enriched location: IPs in the United States or Luxembourg are tagged medium-risk', async () => {
      await install('blueprint_curation---assign-threat-level-based-on-enriched-location.json')
      const { byValue } = await publish(
        [
          { type: 'ip-dst', value: IP_LU },
          { type: 'ip-src', value: IP_US },
          { type: 'ip-dst', value: IP_JP },
          { type: 'ip-dst', value: IP_NOWHERE },
        ],
        [MUTABLE],
      )
      expect(server.queries.map((query) => query.module)).toEqual(Array(4).fill('mmdb_lookup'))
      for (const ip of [IP_LU, IP_US]) {
        expect(localityOf(byValue.get(ip))).toEqual({ 'misp:threat-level="medium-risk"': false })
      }
      for (const ip of [IP_JP, IP_NOWHERE]) expect(tagsOf(byValue.get(ip))).toEqual([])
    })

    it('Curation - Assign threat-level based on enriched location: without the mutability tag the tag is local', async () => {
      await install('blueprint_curation---assign-threat-level-based-on-enriched-location.json')
      const { byValue } = await publish([
        { type: 'ip-dst', value: IP_LU },
        { type: 'ip-dst', value: IP_JP },
      ])
      expect(localityOf(byValue.get(IP_LU))).toEqual({ 'misp:threat-level="medium-risk"': true })
      expect(tagsOf(byValue.get(IP_JP))).toEqual([])
    })

    describe('Curation - Remove automation flag from false-positive tripping over warninglist', () => {
      beforeEach(async () => {
        await insertWarninglist(
          store.db,
          {
            name: 'List of known public DNS resolvers',
            type: 'cidr',
            enabled: 1,
            default: 1,
            category: 'false_positive',
            matching_attributes: '["ip-src","ip-dst","domain|ip"]',
          },
          ['8.8.8.8/32', '1.1.1.1/32', '9.9.9.9/32'],
        )
        await insertWarninglist(
          store.db,
          { name: 'Known security vendor domains', type: 'hostname', enabled: 1, default: 1, category: 'known' },
          ['example.net'],
        )
        await insertWarninglist(
          store.db,
          { name: 'Disabled false positives', type: 'string', enabled: 0, default: 1, category: 'false_positive' },
          ['203.0.113.77'],
        )
        await install('blueprint_curation---remove-automation-flag-from-false-positive-tripping-over-warninglist.json')
      })
      const attributes = () => [
        { type: 'ip-dst', value: '8.8.8.8', to_ids: true },
        { type: 'ip-dst', value: '203.0.113.77', to_ids: true },
        { type: 'domain', value: 'example.net', to_ids: true },
      ]

      it('with the mutability tag, a false positive loses its IDS flag and is tagged globally', async () => {
        const { byValue } = await publish(attributes(), [MUTABLE])
        const hit = byValue.get('8.8.8.8')
        expect(hit.to_ids).toBe(false)
        expect(localityOf(hit)).toEqual({
          'false-positive:risk="high"': false,
          'misp-workflow:action-taken="ids-flag-removed"': false,
          'misp-workflow:analysis="false-positive"': false,
        })
        // A disabled list and a list of category `known` do not make a false positive.
        for (const value of ['203.0.113.77', 'example.net']) {
          expect(byValue.get(value).to_ids).toBe(true)
          expect(tagsOf(byValue.get(value))).toEqual([])
        }
      })

      it('without the mutability tag, a false positive keeps its IDS flag and is tagged locally', async () => {
        const { byValue } = await publish(attributes())
        const hit = byValue.get('8.8.8.8')
        expect(hit.to_ids).toBe(true)
        expect(localityOf(hit)).toEqual({
          'false-positive:risk="high"': true,
          'misp-workflow:analysis="false-positive"': true,
        })
        expect(tagsOf(byValue.get('example.net'))).toEqual([])
      })
    })

    describe('Curation - Remove automation flag from data having correlation with predefined feed', () => {
      const TOR_EXIT = '198.51.100.200'
      const NOT_IN_FEED = '198.51.100.201'
      let folder: FeedFolder
      beforeEach(async () => {
        // The "Tor exit nodes" feed the blueprint filters on, a freetext file cached from disk.
        folder = feedFolder()
        const url = folder.file('tor-exit-nodes.txt', `# Tor exit nodes\n${TOR_EXIT}\n203.0.113.250\n`)
        const added = await platform.feeds.add(admin, {
          Feed: {
            name: 'Tor exit nodes',
            provider: 'Tor project',
            url,
            input_source: 'local',
            source_format: 'freetext',
            enabled: true,
            caching_enabled: true,
          },
        })
        const [cached] = await platform.feeds.cacheFeeds(admin, added.Feed.id)
        expect(cached).toMatchObject({ isCached: true, values: 2 })
        await install(
          'blueprint_curation---remove-automation-flag-from-data-having-correlation-with-predefined-feed.json',
        )
      })
      afterEach(() => folder.remove())
      const attributes = () => [
        { type: 'ip-dst', value: TOR_EXIT, to_ids: true },
        { type: 'ip-dst', value: NOT_IN_FEED, to_ids: true },
      ]

      it('with the mutability tag, a feed hit loses its IDS flag and is tagged globally', async () => {
        const { result, byValue } = await publish(attributes(), [MUTABLE])
        expect(result).toMatchObject({ published: true })
        expect(await publishRuns()).toEqual([{ outcome: 'success', errors: [] }])
        const hit = byValue.get(TOR_EXIT)
        expect(hit.to_ids).toBe(false)
        expect(localityOf(hit)).toEqual({
          'false-positive:risk="medium"': false,
          'misp-workflow:action-taken="ids-flag-removed"': false,
          'misp-workflow:analysis="false-positive"': false,
        })
        // An attribute without a feed hit is left alone.
        expect(byValue.get(NOT_IN_FEED).to_ids).toBe(true)
        expect(tagsOf(byValue.get(NOT_IN_FEED))).toEqual([])
      })

      it('without the mutability tag, a feed hit keeps its IDS flag and is tagged locally', async () => {
        const { byValue } = await publish(attributes())
        const hit = byValue.get(TOR_EXIT)
        expect(hit.to_ids).toBe(true)
        expect(localityOf(hit)).toEqual({
          'false-positive:risk="medium"': true,
          'misp-workflow:analysis="false-positive"': true,
        })
        expect(tagsOf(byValue.get(NOT_IN_FEED))).toEqual([])
      })

      it('with feed correlations turned off, the curation finds no hit and changes nothing', async () => {
        await platform.settings.set('Sluice.feed_correlations', false)
        const { byValue } = await publish(attributes(), [MUTABLE])
        expect(byValue.get(TOR_EXIT).to_ids).toBe(true)
        expect(tagsOf(byValue.get(TOR_EXIT))).toEqual([])
      })
    })

    it('the PAP:RED/tlp:red blueprint on enrichment-before-query stops the curation’s queries', async () => {
      await installBlueprintWorkflow(platform, blueprint(PAP_RED_BLUEPRINT), 'enrichment-before-query')
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

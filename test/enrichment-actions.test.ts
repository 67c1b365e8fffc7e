/**
 * `attach-enrichment` and `enrich-event` in the platform, on every test database, against the
 * misp-modules test server on 127.0.0.1 (spec/ENGINE.md §4.3): what the server received, what
 * the roaming data and the store hold afterwards, the cache, the `enrichment-before-query` veto
 * (the PAP:RED/tlp:red blueprint: the server receives nothing) and a service that is down;
 * `enrich-event` with misp_standard answers: their objects and references, hostile ones too.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { Subscriber } from 'zeromq'
import { defineActionModule } from '../src/modules/index.ts'
import type { Actor, LocalPlatform } from '../src/platform/index.ts'
import { listEventAttributes, listLogs, type Store } from '../src/store/index.ts'
import { installBlueprintWorkflow } from './harness/blueprint-workflow.ts'
import { testDatabases } from './harness/databases.ts'
import { buildGraph, type NodeSpec } from './harness/graph-builder.ts'
import { closedPort } from './harness/http-receiver.ts'
import {
  ASN_TEMPLATE_UUID,
  type MispModulesServer,
  applyMispModulesSettings,
  startMispModulesServer,
} from './harness/misp-modules-server.ts'
import { blueprintFile, PAP_RED_BLUEPRINT } from './harness/shared.ts'
import { openTestPlatform, type TestPlatform } from './harness/test-platform.ts'
import { installRecorder, type Recorded, recordingRegistry } from './harness/trigger-recorder.ts'

const PAP_RED = blueprintFile(PAP_RED_BLUEPRINT)

let server: MispModulesServer
beforeAll(async () => {
  server = await startMispModulesServer()
})
afterAll(() => server.close())

for (const db of testDatabases()) {
  describe(`${db.name}: enrichment actions`, () => {
    let env: TestPlatform
    let store: Store
    let platform: LocalPlatform
    let admin: Actor
    let captured: any[]
    let records: Recorded[]

    const capture = defineActionModule({
      id: 'capture',
      name: 'Capture',
      exec({ data }) {
        captured.push(structuredClone(data))
        return true
      },
    })

    beforeEach(async () => {
      captured = []
      records = []
      server.queries.length = 0
      server.mode = 'normal'
      server.scripted.clear()
      // object-after-save records what it receives (installRecorder puts a workflow on it).
      env = await openTestPlatform(db, { registry: recordingRegistry(records, ['object-after-save']).with([capture]) })
      ;({ store, platform, admin } = env)
      await applyMispModulesSettings(platform, server)
      await platform.settings.set('Plugin.Workflow_enable', true)
      await platform.settings.set('Workflow.modules_enabled', [
        'attach-enrichment',
        'enrich-event',
        'capture',
        'tag-if',
        'stop-execution',
      ])
    })
    afterEach(() => env.close())

    /** Installs `event-publish → …nodes` (node 1 is the trigger). */
    const onPublish = async (nodes: NodeSpec[]) => {
      await platform.settings.set('Plugin.Workflow_triggers_event-publish', true)
      await platform.workflows.install({
        id: 0,
        name: 'Enrich on publish',
        trigger_id: 'event-publish',
        debug_enabled: false,
        data: buildGraph([{ id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } }, ...nodes]),
      })
    }
    const installPapRed = async () => {
      await installBlueprintWorkflow(platform, PAP_RED, 'enrichment-before-query')
    }
    const addEvent = async (attributes: any[], tags: string[] = []) => {
      const view = await platform.events.add(admin, {
        Event: {
          info: 'Indicators',
          Attribute: attributes,
          ...(tags.length ? { Tag: tags.map((name) => ({ name })) } : {}),
        },
      })
      return view.Event.id as string
    }
    const attachThenCapture = (modules: string[]): NodeSpec[] => [
      { id: 2, type: 'action', module: 'attach-enrichment', params: { modules }, outputs: { output_1: [3] } },
      { id: 3, type: 'action', module: 'capture' },
    ]
    const flattened = () => captured[0].Event._AttributeFlattened as any[]

    describe('attach-enrichment', () => {
      it('appends each accepted attribute’s results in the roaming data only', async () => {
        await platform.settings.set('Plugin.Enrichment_abuseipdb_api_key', 'abuse-key-123')
        await onPublish(attachThenCapture(['', 'abuseipdb']))
        const eventId = await addEvent([
          { type: 'ip-dst', value: '203.0.113.66' },
          { type: 'ip-dst', value: '198.51.100.1' },
          { type: 'md5', value: '8d777f385d3dfec8815d20f7496026dc' },
        ])
        expect(await platform.events.publish(admin, eventId)).toMatchObject({ published: true })
        expect(server.queries).toHaveLength(2)
        expect(server.queries[0]).toMatchObject({
          module: 'abuseipdb',
          event_id: eventId,
          config: { api_key: 'abuse-key-123' },
          attribute: { type: 'ip-dst', value: '203.0.113.66' },
        })
        const [malicious, clean, hash] = flattened()
        const verdict = (attribute: any) =>
          attribute.enrichment[0].Object[0].Attribute.find((a: any) => a.object_relation === 'is-malicious').value
        expect(verdict(malicious)).toBe(1)
        expect(verdict(clean)).toBe(0)
        expect(hash.enrichment).toBeUndefined()
        // The same attribute in Event.Attribute got it too.
        expect(captured[0].Event.Attribute[0].enrichment).toEqual(malicious.enrichment)
        // Nothing was written to the database.
        expect((await listEventAttributes(store.db, Number(eventId))).length).toBe(3)
        // The API key went to misp-modules only, never into the logs.
        expect(JSON.stringify(await listLogs(store.db))).not.toContain('abuse-key-123')
      })

      it('appends the whole answer when the module answers an error', async () => {
        await onPublish(attachThenCapture(['hashlookup']))
        const eventId = await addEvent([{ type: 'md5', value: '00000000000000000000000000000000' }])
        await platform.events.publish(admin, eventId)
        expect(flattened()[0].enrichment).toEqual([{ error: 'Not found in hashlookup' }])
      })

      it('answers from the cache within the TTL, and asks again with the cache off', async () => {
        await onPublish(attachThenCapture(['abuseipdb']))
        const eventId = await addEvent([{ type: 'ip-src', value: '203.0.113.66' }])
        await platform.events.publish(admin, eventId)
        await platform.events.publish(admin, eventId)
        expect(server.queries).toHaveLength(1)
        expect(flattened()[0].enrichment).toEqual(captured[1].Event._AttributeFlattened[0].enrichment)
        await platform.settings.set('Sluice.enrichment_cache_ttl', 0)
        await platform.events.publish(admin, eventId)
        await platform.events.publish(admin, eventId)
        expect(server.queries).toHaveLength(3)
      })

      it('sends nothing when the PAP:RED/tlp:red blueprint vetoes enrichment-before-query', async () => {
        await installPapRed()
        await onPublish(attachThenCapture(['abuseipdb']))
        const eventId = await addEvent([{ type: 'ip-src', value: '203.0.113.66' }], ['tlp:red'])
        await platform.events.publish(admin, eventId)
        expect(server.queries).toEqual([])
        expect(flattened()[0].enrichment).toBeUndefined()
        // A green event still goes through.
        const green = await addEvent([{ type: 'ip-src', value: '203.0.113.66' }], ['tlp:green'])
        await platform.events.publish(admin, green)
        expect(server.queries).toHaveLength(1)
      })

      it('is a node error when misp-modules is down, and the error names it', async () => {
        await platform.settings.set('Plugin.Enrichment_services_port', await closedPort())
        await onPublish(attachThenCapture(['abuseipdb']))
        const eventId = await addEvent([{ type: 'ip-src', value: '203.0.113.66' }])
        await platform.events.publish(admin, eventId)
        const titles = (await listLogs(store.db)).map((row) => row.title)
        expect(
          titles.some((title) =>
            /Error while executing module attach-enrichment\. Error: misp-modules did not answer GET \/modules: .*ECONNREFUSED/.test(
              title,
            ),
          ),
        ).toBe(true)
      })

      it('meets the loop guard when a workflow on enrichment-before-query enriches again', async () => {
        await platform.settings.set('Plugin.Workflow_triggers_enrichment-before-query', true)
        await platform.workflows.install({
          id: 0,
          name: 'Enrich while enriching',
          trigger_id: 'enrichment-before-query',
          debug_enabled: false,
          data: buildGraph([
            { id: 1, module: 'enrichment-before-query', type: 'trigger', outputs: { output_1: [2] } },
            { id: 2, type: 'action', module: 'attach-enrichment', params: { modules: ['abuseipdb'] } },
          ]),
        })
        await onPublish(attachThenCapture(['abuseipdb']))
        const eventId = await addEvent([{ type: 'ip-src', value: '203.0.113.66' }])
        const published = await platform.events.publish(admin, eventId)
        expect(published.published).toBe(true)
        const logged = JSON.stringify(await listLogs(store.db, { limit: 1000 }))
        expect(logged).toContain('SLC_LOOP_GUARD')
        // The chain stopped: each level asked once (the cache answers the rest).
        expect(server.queries.length).toBeLessThanOrEqual(1)
      })

      it('fails with MISP’s text when no module is selected', async () => {
        await onPublish(attachThenCapture(['']))
        const eventId = await addEvent([{ type: 'ip-src', value: '203.0.113.66' }])
        await platform.events.publish(admin, eventId)
        const titles = (await listLogs(store.db)).map((row) => row.title)
        expect(titles.some((title) => title.includes('No enrichmnent module selected'))).toBe(true)
        expect(server.queries).toEqual([])
      })
    })

    describe('enrich-event', () => {
      const enrichThenCapture = (module: string, filters?: NodeSpec['filters']): NodeSpec[] => [
        {
          id: 2,
          type: 'action',
          module: 'enrich-event',
          params: { modules: module },
          filters,
          outputs: { output_1: [3] },
        },
        { id: 3, type: 'action', module: 'capture' },
      ]

      it('adds what the module found to the event, and hands on the fresh event', async () => {
        await platform.settings.set('Plugin.Enrichment_dns_enabled', true)
        await onPublish(enrichThenCapture('dns'))
        const eventId = await addEvent([
          { type: 'domain', value: 'evil.example' },
          { type: 'ip-dst', value: '198.51.100.1' },
        ])
        await platform.events.publish(admin, eventId)
        expect(server.queries).toHaveLength(1)
        expect(server.queries[0]).toMatchObject({ module: 'dns', domain: 'evil.example', config: { _: '_' } })
        const stored = await listEventAttributes(store.db, Number(eventId))
        expect(stored.map((attribute) => [attribute.type, attribute.value1])).toContainEqual(['ip-src', '192.0.2.53'])
        // MISP's note on what the old answer format adds.
        const domain = stored.find((attribute) => attribute.value1 === 'evil.example')!
        expect(stored.find((attribute) => attribute.value1 === '192.0.2.53')?.comment).toBe(
          `Attribute #${domain.id} enriched by dns.`,
        )
        // The fresh fetch is MISP's raw event, not core format.
        expect(captured[0].Event._AttributeFlattened).toBeUndefined()
        expect(captured[0].Attribute.map((attribute: any) => attribute.value)).toContain('192.0.2.53')
      })

      it('does nothing unless the module is enabled in the enrichment settings, as MISP', async () => {
        await onPublish(enrichThenCapture('dns'))
        const eventId = await addEvent([{ type: 'domain', value: 'evil.example' }])
        await platform.events.publish(admin, eventId)
        expect(server.queries).toEqual([])
        expect((await listEventAttributes(store.db, Number(eventId))).length).toBe(1)
      })

      it('enriches only the attributes the node filter matches, and none when nothing matches', async () => {
        await platform.settings.set('Plugin.Enrichment_dns_enabled', true)
        await onPublish(
          enrichThenCapture('dns', {
            selector: 'Event._AttributeFlattened.{n}',
            value: 'keep.example',
            operator: 'equals',
            path: 'value',
          }),
        )
        const eventId = await addEvent([
          { type: 'domain', value: 'keep.example' },
          { type: 'domain', value: 'skip.example' },
        ])
        await platform.events.publish(admin, eventId)
        expect(server.queries.map((query) => query.domain)).toEqual(['keep.example'])
      })

      it('sends nothing for a tlp:red event when the PAP:RED blueprint vetoes', async () => {
        await platform.settings.set('Plugin.Enrichment_dns_enabled', true)
        await installPapRed()
        await onPublish(enrichThenCapture('dns'))
        const eventId = await addEvent([{ type: 'domain', value: 'evil.example' }], ['tlp:red'])
        await platform.events.publish(admin, eventId)
        expect(server.queries).toEqual([])
      })

      describe('misp_standard objects', () => {
        let subscriber: Subscriber | undefined
        afterEach(() => {
          subscriber?.close()
          subscriber = undefined
        })

        /** A SUB socket on the platform's ZeroMQ publisher, subscribed to the workflow topic. */
        const listenToZmq = async () => {
          await platform.settings.set('Plugin.ZeroMQ_host', '127.0.0.1')
          await platform.settings.set('Plugin.ZeroMQ_port', await closedPort())
          subscriber = new Subscriber()
          subscriber.connect(await platform.outbound.zmq.start())
          subscriber.subscribe('misp_json_workflow')
          // ZeroMQ's slow joiner: give the subscription time to reach the publisher.
          await new Promise((resolve) => setTimeout(resolve, 300))
          const sub = subscriber
          return async () => {
            const [frame] = await sub.receive()
            return JSON.parse(frame!.toString('utf8').slice('misp_json_workflow '.length))
          }
        }
        const enrichWithIpasn = async () => {
          await platform.settings.set('Plugin.Enrichment_ipasn_enabled', true)
          await installRecorder(platform, 'object-after-save')
          await onPublish(enrichThenCapture('ipasn'))
        }
        const viewEvent = async (eventId: string) => (await platform.events.view(admin, eventId)).Event

        it('adds the answer’s object through the object service, and counts its attributes as MISP does', async () => {
          const nextNotice = await listenToZmq()
          await enrichWithIpasn()
          const eventId = await addEvent([{ type: 'ip-src', value: '192.0.2.10' }])
          const [enriched] = (await viewEvent(eventId)).Attribute
          await platform.events.publish(admin, eventId)
          await platform.drain()

          expect(server.queries).toHaveLength(1)
          const event = await viewEvent(eventId)
          // The plain attribute, with its tag and MISP's default comment.
          const plain = event.Attribute.find((attribute: any) => attribute.type === 'AS')
          expect(plain).toMatchObject({ value: '6661', comment: '192.0.2.10: enriched via the ipasn module.' })
          expect(plain.Tag.map((tag: any) => tag.name)).toEqual(['source:ipasn'])
          // The object, with its three attributes and its reference to the enriched attribute.
          expect(event.Object).toHaveLength(1)
          const [object] = event.Object
          expect(object).toMatchObject({
            name: 'asn',
            'meta-category': 'network',
            template_uuid: ASN_TEMPLATE_UUID,
            comment: '192.0.2.10: enriched via the ipasn module.',
          })
          expect(
            object.Attribute.map((attribute: any) => [attribute.object_relation, attribute.type, attribute.value]),
          ).toEqual([
            ['asn', 'AS', '6661'],
            ['prefix', 'ip-src', '192.0.2.0/24'],
            ['description', 'text', 'POST Luxembourg'],
          ])
          expect(object.ObjectReference).toMatchObject([
            { referenced_uuid: enriched.uuid, referenced_type: '0', relationship_type: 'includes' },
          ])
          // object-after-save fired once, for that object, as for any object add.
          const fired = records.filter((record) => record.triggerId === 'object-after-save')
          expect(fired).toHaveLength(1)
          expect(fired[0]!.raw.Object).toMatchObject({ uuid: object.uuid, name: 'asn' })
          // MISP's notice counts attributes: 1 plain + 3 in the object.
          expect(await nextNotice()).toEqual({ 'Enriching event': eventId, 'Attribute added': 4 })
          // The roaming data was reloaded with the object in it.
          expect(captured[0].Object.map((candidate: any) => candidate.uuid)).toEqual([object.uuid])
          expect(captured[0].Object[0].Attribute).toHaveLength(3)
        })

        it('does not add the same object again when the event is enriched a second time', async () => {
          await enrichWithIpasn()
          const eventId = await addEvent([{ type: 'ip-src', value: '192.0.2.10' }])
          await platform.events.publish(admin, eventId)
          const nextNotice = await listenToZmq()
          await platform.events.publish(admin, eventId)
          await platform.drain()
          // The cached answer repeats the object (already in the event) and the attribute's uuid.
          expect(await nextNotice()).toEqual({ 'Enriching event': eventId, 'Attribute added': 0 })
          const event = await viewEvent(eventId)
          expect(event.Object).toHaveLength(1)
          expect(event.Object[0].ObjectReference).toHaveLength(1)
          expect(event.Attribute.filter((attribute: any) => attribute.type === 'AS')).toHaveLength(1)
          expect(records.filter((record) => record.triggerId === 'object-after-save')).toHaveLength(1)
        })

        it('adds an object whose attributes an object of another name already holds', async () => {
          const relation = (object_relation: string, type: string, value: unknown) => ({ object_relation, type, value })
          server.scripted.set('ipasn', {
            results: {
              Object: [
                {
                  name: 'bgp-ranking',
                  'meta-category': 'network',
                  Attribute: [relation('asn', 'AS', '64496'), relation('position', 'float', '12')],
                },
                { name: 'asn', 'meta-category': 'network', Attribute: [relation('asn', 'AS', '64496')] },
              ],
            },
          })
          await enrichWithIpasn()
          const eventId = await addEvent([{ type: 'ip-src', value: '192.0.2.10' }])
          await platform.events.publish(admin, eventId)
          expect((await viewEvent(eventId)).Object.map((object: any) => object.name)).toEqual(['bgp-ranking', 'asn'])
        })

        it('skips malformed objects and attributes one by one and stores the valid parts', async () => {
          const c2 = '5b1e1c3a-8f6d-4d3e-9c1a-0a6f3c2e7b11'
          const asn = '9d2f7e4b-1c3a-4b5d-8e6f-2a7b9c0d1e22'
          const relation = (object_relation: string, type: string, value: unknown) => ({ object_relation, type, value })
          server.scripted.set('ipasn', {
            results: {
              Attribute: [
                { type: 'ip-dst', value: '198.51.100.7' },
                { type: 'no-such-type', value: 'x' },
                { type: 'text', value: { nested: true } },
                'junk',
              ],
              Object: [
                { 'meta-category': 'network', Attribute: [relation('asn', 'AS', '64496')] },
                { name: 'asn', 'meta-category': 'network', Attribute: 'not a list' },
                { name: 'asn', 'meta-category': 'network', Attribute: [relation('asn', 'no-such-type', '1')] },
                {
                  uuid: c2,
                  name: 'domain-ip',
                  'meta-category': 'network',
                  Attribute: [
                    relation('domain', 'domain', 'c2.example'),
                    relation('ip', 'no-such-type', '203.0.113.9'),
                    { type: 'ip-dst', value: '203.0.113.9' },
                    relation('ip', 'ip-dst', '203.0.113.9'),
                  ],
                  ObjectReference: [
                    { referenced_uuid: asn, relationship_type: 'belongs-to' },
                    { referenced_uuid: '00000000-0000-4000-8000-000000000000', relationship_type: 'elsewhere' },
                    'junk',
                  ],
                },
                { uuid: asn, name: 'asn', 'meta-category': 'network', Attribute: [relation('asn', 'AS', '64496')] },
                null,
                42,
              ],
            },
          })
          const nextNotice = await listenToZmq()
          await enrichWithIpasn()
          const eventId = await addEvent([{ type: 'ip-src', value: '192.0.2.10' }])
          await platform.events.publish(admin, eventId)
          await platform.drain()

          const event = await viewEvent(eventId)
          expect(event.Attribute.map((attribute: any) => [attribute.type, attribute.value])).toEqual([
            ['ip-src', '192.0.2.10'],
            ['ip-dst', '198.51.100.7'],
          ])
          const objects = event.Object.map((object: any) => ({
            uuid: object.uuid,
            name: object.name,
            attributes: object.Attribute.map((attribute: any) => [attribute.object_relation, attribute.value]),
            references: object.ObjectReference.map((reference: any) => [
              reference.referenced_uuid,
              reference.relationship_type,
            ]),
          }))
          expect(objects).toEqual([
            {
              uuid: c2,
              name: 'domain-ip',
              attributes: [
                ['domain', 'c2.example'],
                ['ip', '203.0.113.9'],
              ],
              references: [[asn, 'belongs-to']],
            },
            { uuid: asn, name: 'asn', attributes: [['asn', '64496']], references: [] },
          ])
          expect(records.filter((record) => record.triggerId === 'object-after-save')).toHaveLength(2)
          expect(await nextNotice()).toEqual({ 'Enriching event': eventId, 'Attribute added': 4 })
        })
      })
    })
  })
}

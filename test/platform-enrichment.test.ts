/**
 * The enrichment query site (issue #3; spec/ENGINE.md §2.10, §4.1.1; CORE-FORMAT.md §6): the
 * blocking `enrichment-before-query` fires before any call to the enrichment service, with
 * MISP's raw shapes plus `_module`; a veto sends nothing (a real misp-modules-like receiver on
 * 127.0.0.1 proves it) and writes MISP's log row. On every test database, and over HTTP.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { hasErrorCode } from '../src/errors.ts'
import {
  type Actor,
  bootstrap,
  createHttpEnrichmentClient,
  createPlatform,
  ENRICHMENT_BLOCKED_MESSAGE,
  type EnrichmentClient,
  type LocalPlatform,
} from '../src/platform/index.ts'
import type { Store } from '../src/store/index.ts'
import { installBlueprintWorkflow } from './harness/blueprint-workflow.ts'
import { testDatabases } from './harness/databases.ts'
import { call, startApp } from './harness/http.ts'
import { blueprintFile, PAP_RED_BLUEPRINT } from './harness/shared.ts'
import { type Recorded, recordingRegistry } from './harness/trigger-recorder.ts'

const PAP_RED = blueprintFile(PAP_RED_BLUEPRINT)

/** A misp-modules-like service: records every `POST /query` body and answers `{results: [...]}`. */
interface ModulesReceiver {
  url: string
  queries: any[]
  close(): Promise<void>
}

async function startReceiver(): Promise<ModulesReceiver> {
  const queries: any[] = []
  const server: Server = createServer((request, response) => {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => {
      body += chunk
    })
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/query') {
        response.writeHead(404).end()
        return
      }
      const query = JSON.parse(body)
      queries.push(query)
      response.writeHead(200, { 'Content-Type': 'application/json' })
      response.end(JSON.stringify({ results: [{ types: ['text'], values: [`seen ${query.attribute?.value}`] }] }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    queries,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

for (const db of testDatabases()) {
  describe(`${db.name}: enrichment query site`, () => {
    let store: Store
    let platform: LocalPlatform
    let admin: Actor
    let receiver: ModulesReceiver
    let records: Recorded[]
    /** The raw data enrichment-before-query was handed, one entry a firing. */
    const raws = () => records.map((record) => record.raw)

    const open = async (client?: EnrichmentClient) => {
      platform = createPlatform({
        store,
        registry: recordingRegistry(records, ['enrichment-before-query']),
        enrichment: client,
      })
      const { apiKey } = await bootstrap(platform, { adminKey: 'k'.repeat(40) })
      admin = (await platform.users.authenticate(apiKey ?? 'k'.repeat(40)))!
    }

    const installPapRed = async () => {
      await platform.settings.set('Plugin.Workflow_enable', true)
      await installBlueprintWorkflow(platform, PAP_RED, 'enrichment-before-query')
    }

    /** An event with a green and a red attribute; answers their ids. */
    const addEvent = async () => {
      const view = await platform.events.add(admin, {
        Event: {
          info: 'To enrich',
          Attribute: [
            { type: 'ip-src', value: '198.51.100.8', Tag: [{ name: 'tlp:green' }] },
            { type: 'domain', value: 'red.example', Tag: [{ name: 'tlp:red' }] },
          ],
        },
      })
      const [green, red] = view.Event.Attribute
      return { eventId: view.Event.id as string, green: green.id as string, red: red.id as string }
    }

    beforeEach(async () => {
      store = await db.open()
      records = []
      receiver = await startReceiver()
    })
    afterEach(async () => {
      await platform.close()
      await store.close()
      await receiver.close()
    })

    it('queries the service with MISP’s query body when no workflow is installed', async () => {
      await open(createHttpEnrichmentClient(receiver.url))
      const { eventId, green } = await addEvent()
      const [outcome] = await platform.enrichment.query(admin, { module: 'dns', attributeId: green })
      expect(outcome).toMatchObject({ kind: 'result', attributeId: green, eventId })
      expect(outcome.kind === 'result' && outcome.response).toEqual({
        results: [{ types: ['text'], values: ['seen 198.51.100.8'] }],
      })
      expect(receiver.queries).toHaveLength(1)
      expect(receiver.queries[0]).toMatchObject({
        module: 'dns',
        event_id: eventId,
        'ip-src': '198.51.100.8',
        attribute: { id: green, type: 'ip-src', value: '198.51.100.8' },
        timeout: 10,
      })
      expect(raws()).toEqual([])
    })

    it('fires enrichment-before-query once with the attribute fetch plus `_module`', async () => {
      await open(createHttpEnrichmentClient(receiver.url))
      await installPapRed()
      const { eventId, green } = await addEvent()
      await platform.enrichment.query(admin, { module: 'dns', attributeId: green })
      expect(raws()).toHaveLength(1)
      expect(raws()[0]._module).toBe('dns')
      expect(raws()[0].Attribute).toMatchObject({ id: green, event_id: eventId, value: '198.51.100.8' })
      expect(raws()[0].Attribute.Tag.map((tag: any) => tag.name)).toEqual(['tlp:green'])
      expect(raws()[0].Event).toMatchObject({ id: eventId })
      expect(receiver.queries).toHaveLength(1)
    })

    it('sends nothing when the PAP:RED/tlp:red blueprint vetoes, and logs MISP’s row', async () => {
      await open(createHttpEnrichmentClient(receiver.url))
      await installPapRed()
      const { eventId, red } = await addEvent()
      const [outcome] = await platform.enrichment.query(admin, { module: 'dns', attributeId: red })
      expect(outcome.kind).toBe('blocked')
      const errors = outcome.kind === 'blocked' ? outcome.errors : []
      expect(outcome).toMatchObject({ message: ENRICHMENT_BLOCKED_MESSAGE, attributeId: red, eventId })
      expect(errors[0]).toMatch(/^Node `stop-execution` \(\d+\) from Workflow `PAP:RED and tlp:red Blocking` \(\d+\)/)
      expect(receiver.queries).toEqual([])
      const logs = await platform.logs.index(admin, { action: 'execute_workflow' })
      const title = `The workflow \`enrichment-before-query\` prevented attribute \`${red}\` (from event \`${eventId}\`) to query the module \`dns\``
      const log = logs.find((row) => row.Log.title === title)
      expect(log?.Log).toMatchObject({
        model: 'Workflow',
        model_id: '0',
        email: 'SYSTEM',
        change: `Returned message: ${errors.join(', ')}`,
      })
    })

    it('enriches an event attribute by attribute, each with the event and `Attribute = [it]`', async () => {
      await open(createHttpEnrichmentClient(receiver.url))
      await installPapRed()
      const { eventId, green, red } = await addEvent()
      const outcomes = await platform.enrichment.query(admin, { module: 'dns', eventId })
      expect(outcomes.map((outcome) => [outcome.attributeId, outcome.kind])).toEqual([
        [green, 'result'],
        [red, 'blocked'],
      ])
      expect(raws()).toHaveLength(2)
      expect(raws()[0].Event.id).toBe(eventId)
      expect(raws()[0].Attribute.map((attribute: any) => attribute.id)).toEqual([green])
      expect(raws()[0]._module).toBe('dns')
      expect(receiver.queries.map((query) => query.attribute.id)).toEqual([green])
    })

    it('answers a clear error without an enrichment service; a veto still answers blocked', async () => {
      await open()
      const { green, red } = await addEvent()
      const error = await platform.enrichment.query(admin, { module: 'dns', attributeId: green }).catch((e) => e)
      expect(hasErrorCode(error, 'SLC_ENRICHMENT_UNAVAILABLE')).toBe(true)
      expect(error.message).toBe('no enrichment service is configured')
      await installPapRed()
      const [outcome] = await platform.enrichment.query(admin, { module: 'dns', attributeId: red })
      expect(outcome.kind).toBe('blocked')
    })

    it('refuses an unknown attribute', async () => {
      await open(createHttpEnrichmentClient(receiver.url))
      const error = await platform.enrichment.query(admin, { module: 'dns', attributeId: '999999' }).catch((e) => e)
      expect(hasErrorCode(error, 'SLC_NOT_FOUND')).toBe(true)
    })

    it('POST /events/queryEnrichment/:attribute/:module answers the module, or MISP’s blocked text', async () => {
      await open(createHttpEnrichmentClient(receiver.url))
      await installPapRed()
      const { green, red } = await addEvent()
      const app = await startApp(platform)
      try {
        const key = 'k'.repeat(40)
        const passed = await call(app.baseUrl, 'POST', `/events/queryEnrichment/${green}/dns/Enrichment`, { key })
        expect(passed.status).toBe(200)
        expect(passed.json).toEqual({ results: [{ types: ['text'], values: ['seen 198.51.100.8'] }] })
        const blocked = await call(app.baseUrl, 'POST', `/events/queryEnrichment/${red}/dns`, { key })
        expect(blocked.status).toBe(403)
        expect(blocked.json).toMatchObject({
          name: ENRICHMENT_BLOCKED_MESSAGE,
          message: ENRICHMENT_BLOCKED_MESSAGE,
          url: `/events/queryEnrichment/${red}/dns`,
        })
        expect(blocked.json.errors[0]).toMatch(/returned the following error/)
        expect(receiver.queries).toHaveLength(1)
        const unknown = await call(app.baseUrl, 'POST', '/events/queryEnrichment/999999/dns', { key })
        expect(unknown.status).toBe(404)
      } finally {
        await app.close()
      }
    })

    it('POST /events/queryEnrichment answers 503 naming the missing enrichment service', async () => {
      await open()
      const { green } = await addEvent()
      const app = await startApp(platform)
      try {
        const result = await call(app.baseUrl, 'POST', `/events/queryEnrichment/${green}/dns`, { key: 'k'.repeat(40) })
        expect(result.status).toBe(503)
        expect(result.json.message).toBe('Enrichment service not reachable: no enrichment service is configured')
      } finally {
        await app.close()
      }
    })
  })
}

/**
 * Outbound benchmarks (issue #5):
 *
 *   webhook      event-publish ─▶ webhook (Jinja URL and payload) ─▶ HTTP receiver on 127.0.0.1
 *                one run at a time through the engine and the host's Outbound (undici, keep-alive)
 *   enrich-event a 100-attribute event ─▶ enrich-event (dns) ─▶ misp-modules test server on 127.0.0.1
 *                through the platform (embedded SQLite): cache cold, then warm
 *
 * The receivers run in the same process, so on one pinned core they share the CPU with Sluice:
 * the figures are a floor for what a separate receiver would allow.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runWorkflow } from '../src/engine/index.ts'
import { createBuiltinRegistry, createJinjaRenderer } from '../src/modules/index.ts'
import { type Actor, bootstrap, createPlatform } from '../src/platform/index.ts'
import { createOutbound } from '../src/platform/outbound/index.ts'
import { openDatabase } from '../src/store/index.ts'
import { buildGraph, workflowOf } from '../test/harness/graph-builder.ts'
import { mispModulesSettings, startMispModulesServer } from '../test/harness/misp-modules-server.ts'
import { generateEvent } from './generate-event.ts'
import { type Measurement, measure } from './measure.ts'

/** What the enrichment benchmark gives. */
export interface EnrichFigures {
  attributes: number
  coldMs: number
  warmMs: number
  queriesCold: number
  queriesWarm: number
}

/** Webhook runs per second and latency, each run one POST answered by a local receiver. */
export async function webhookBenchmark(seconds: number): Promise<Measurement & { received: number }> {
  let received = 0
  const server = createServer((request, response) => {
    request.resume()
    request.on('end', () => {
      received++
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const settings: Record<string, unknown> = { 'Sluice.outbound_allow_list': ['127.0.0.1'] }
  const outbound = createOutbound({ db: undefined, settings: (name) => settings[name] })
  const ports = { outbound, templates: createJinjaRenderer() }
  const workflow = workflowOf(
    buildGraph([
      { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } },
      {
        id: 2,
        module: 'webhook',
        type: 'action',
        params: {
          url: `${url}/events/{{ Event.uuid }}`,
          payload: '{"info": "{{ Event.info }}", "attributes": {{ Event.Attribute | length }}}',
          headers: 'Authorization: bench-secret',
        },
      },
    ]),
    'event-publish',
  )
  const catalogue = createBuiltinRegistry()
  const event = generateEvent(10)
  const once = async () => {
    const run = await runWorkflow({ catalogue, workflow, triggerId: 'event-publish', data: event, ports })
    if (!run.success || run.errors.length > 0) throw new Error(`webhook run failed: ${run.errors.join('; ')}`)
  }
  try {
    const figures = await measure(once, seconds, 100)
    return { ...figures, received }
  } finally {
    await outbound.close()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
}

/** `enrich-event` on a 100-attribute event: one run with the cache cold, one warm. */
export async function enrichEventBenchmark(attributes = 100): Promise<EnrichFigures> {
  const modules = await startMispModulesServer()
  const folder = mkdtempSync(join(tmpdir(), 'sluice-bench-'))
  const store = await openDatabase(join(folder, 'sluice.sqlite'))
  const platform = createPlatform({ store, registry: createBuiltinRegistry() })
  try {
    const key = 'e'.repeat(40)
    await bootstrap(platform, { adminKey: key })
    const admin = (await platform.users.authenticate(key)) as Actor
    for (const [name, value] of Object.entries(mispModulesSettings(modules))) await platform.settings.set(name, value)
    await platform.settings.set('Plugin.Enrichment_dns_enabled', true)
    const added = await platform.events.add(admin, {
      Event: {
        info: 'Enrichment benchmark',
        Attribute: Array.from({ length: attributes }, (_, i) => ({ type: 'domain', value: `host-${i}.example` })),
      },
    })
    const eventId = String(added.Event.id)
    const enrich = async () => {
      const t0 = performance.now()
      const outcome = await platform.enrichmentPort.enrichEvent({ eventId, module: 'dns' })
      if (!outcome) throw new Error('enrich-event found no enrichment service')
      return performance.now() - t0
    }
    const coldMs = await enrich()
    const queriesCold = modules.queries.length
    const warmMs = await enrich()
    return { attributes, coldMs, warmMs, queriesCold, queriesWarm: modules.queries.length - queriesCold }
  } finally {
    await platform.close()
    await store.close()
    rmSync(folder, { recursive: true, force: true })
    await modules.close()
  }
}

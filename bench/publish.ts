/**
 * Publish over HTTP (issue #3): `POST /events/publish/<id>` at concurrency 10 against the app on
 * embedded SQLite (a temp file, WAL), once with no workflow and once with the PAP:RED/tlp:red
 * blueprint on event-publish. Each publish needs an unpublished event, so the events are created
 * first through the platform (not timed), then published (timed). The events carry `tlp:green`
 * attributes: the workflow runs to its end and the publication goes through in both cases.
 *
 *   create N events (untimed) ─▶ 10 workers ─▶ fetch POST /events/publish/<id> (keep-alive) ─▶ timings
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from '../src/api/index.ts'
import { loadWorkflowJson } from '../src/engine/index.ts'
import { createBuiltinRegistry } from '../src/modules/index.ts'
import { type Actor, bootstrap, createPlatform } from '../src/platform/index.ts'
import { openDatabase } from '../src/store/index.ts'

/** Figures of one case. */
export interface PublishFigures {
  name: string
  publishes: number
  perSecond: number
  p50Ms: number
  p99Ms: number
  /**
   * CPU time of this process (user + system) per timed publish, in µs: the server and the HTTP
   * client, which are the same in both cases. Less at the mercy of other processes on the core
   * than the wall-clock figures, so the workflow's cost is read from it first.
   */
  cpuUsPerPublish: number
}

const KEY = 'b'.repeat(40)
const CONCURRENCY = 10
const ATTRIBUTES = 5
const WARMUP = 100

const PAP_RED = JSON.parse(
  readFileSync(
    new URL(
      '../../shared/fixtures/misp-workflow-blueprints/blueprint_pap_red-and-tlp_red-blocking_1661328258.json',
      import.meta.url,
    ),
    'utf8',
  ),
)

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]
}

/** Publishes `ids` over HTTP with `CONCURRENCY` workers; answers each call's time in ms and the wall time. */
async function publishAll(baseUrl: string, ids: string[]): Promise<{ times: number[]; totalMs: number }> {
  const times: number[] = []
  let next = 0
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++]
      const t0 = performance.now()
      const response = await fetch(`${baseUrl}/events/publish/${id}`, {
        method: 'POST',
        headers: { Authorization: KEY, Accept: 'application/json' },
      })
      await response.arrayBuffer()
      if (response.status !== 200) throw new Error(`publish ${id} answered HTTP ${response.status}`)
      times.push(performance.now() - t0)
    }
  }
  const start = performance.now()
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  return { times, totalMs: performance.now() - start }
}

/** One case on a fresh SQLite file: create `count` events, publish them over HTTP. */
async function publishCase(name: string, count: number, withWorkflow: boolean): Promise<PublishFigures> {
  const folder = mkdtempSync(join(tmpdir(), 'sluice-bench-'))
  const store = await openDatabase(join(folder, 'sluice.sqlite'))
  const registry = createBuiltinRegistry()
  const platform = createPlatform({ store, registry })
  const app = buildApp({ platform })
  try {
    await bootstrap(platform, { adminKey: KEY })
    const admin = (await platform.users.authenticate(KEY)) as Actor
    if (withWorkflow) {
      await platform.settings.set('Plugin.Workflow_enable', true)
      await platform.settings.set('Plugin.Workflow_triggers_event-publish', true)
      const { record } = loadWorkflowJson(PAP_RED, 'event-publish', (id) => registry.trigger(id)?.descriptor)
      await platform.workflows.install(record)
    }
    const ids: string[] = []
    for (let index = 0; index < count + WARMUP; index++) {
      const view = await platform.events.add(admin, {
        Event: {
          info: `Bench ${index}`,
          distribution: 1,
          Attribute: Array.from({ length: ATTRIBUTES }, (_, n) => ({
            type: 'ip-dst',
            value: `10.${n}.${index >> 8}.${index & 255}`,
            Tag: [{ name: 'tlp:green' }],
          })),
        },
      })
      ids.push(view.Event.id)
    }
    const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 })
    await publishAll(baseUrl, ids.slice(0, WARMUP))
    const cpuBefore = process.cpuUsage()
    const { times, totalMs } = await publishAll(baseUrl, ids.slice(WARMUP))
    const cpu = process.cpuUsage(cpuBefore)
    times.sort((a, b) => a - b)
    return {
      name,
      publishes: times.length,
      perSecond: (times.length / totalMs) * 1000,
      p50Ms: percentile(times, 50),
      p99Ms: percentile(times, 99),
      cpuUsPerPublish: (cpu.user + cpu.system) / times.length,
    }
  } finally {
    await app.close()
    await platform.close()
    await store.close()
    rmSync(folder, { recursive: true, force: true })
  }
}

/** The round whose throughput is the median of `rounds`. */
function medianRound(rounds: PublishFigures[]): PublishFigures {
  return [...rounds].sort((x, y) => x.perSecond - y.perSecond)[Math.floor(rounds.length / 2)]
}

/** What the publish benchmark reports: each case's median round, and every round's ratio. */
export interface PublishComparison {
  none: PublishFigures
  blueprint: PublishFigures
  /** with / without, round by round. */
  roundRatios: number[]
  /** CPU µs per publish without / with the workflow, round by round (the throughput one core allows). */
  roundCpuRatios: number[]
}

/**
 * Both cases, in alternating rounds (no workflow, blueprint, no workflow, …), each case's median
 * round reported. One round each was at the mercy of this VM's speed, which changes by 2–3×
 * from one minute to the next, and of the first case running cold.
 */
export async function publishBenchmarks(count = 1500, rounds = 3): Promise<PublishComparison> {
  const none: PublishFigures[] = []
  const blueprint: PublishFigures[] = []
  for (let round = 0; round < rounds; round++) {
    none.push(await publishCase('no workflow', count, false))
    blueprint.push(await publishCase('PAP:RED/tlp:red blueprint on event-publish', count, true))
  }
  return {
    none: medianRound(none),
    blueprint: medianRound(blueprint),
    roundRatios: none.map((figures, index) => blueprint[index].perSecond / figures.perSecond),
    roundCpuRatios: none.map((figures, index) => figures.cpuUsPerPublish / blueprint[index].cpuUsPerPublish),
  }
}

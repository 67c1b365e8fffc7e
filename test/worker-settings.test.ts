/**
 * A worker that only runs queued jobs must see the settings other processes change (issue #4,
 * docs/queue.md). On PostgreSQL several processes share one database and each caches the
 * settings for a second (store/cache-policy.ts); a worker fires no triggers itself, so without a
 * refresh before each job it would keep the settings it read at start — the run-history switches,
 * the enabled modules — until it restarted. Two platforms over one database stand for `sluice
 * serve` and `sluice worker`. SQLite has one process per data folder, so the case does not arise.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createBuiltinRegistry } from '../src/modules/index.ts'
import { createPlatform, type LocalPlatform } from '../src/platform/index.ts'
import { listRuns } from '../src/store/index.ts'
import { testDatabases } from './harness/databases.ts'
import { buildGraph } from './harness/graph-builder.ts'
import { openTestPlatform, type TestPlatform } from './harness/test-platform.ts'

const postgres = testDatabases().find((db) => db.name === 'postgres')

/** trigger ─▶ stop-execution: one node that sees the trigger's data. */
const graph = buildGraph([
  { id: 1, module: 'event-after-save', type: 'trigger', outputs: { output_1: [2] } },
  { id: 2, module: 'stop-execution', type: 'action', params: { message: 'Seen' } },
])

/** The shared settings cache age on PostgreSQL (store/cache-policy.ts), plus a margin. */
const CACHE_AGE_MS = 1_100

describe.skipIf(!postgres)('postgres: a worker process sees settings changed elsewhere', () => {
  let server: TestPlatform
  let worker: LocalPlatform | undefined
  afterEach(async () => {
    await worker?.close()
    await server.close()
  })

  it('records the next deferred run with the run-history settings the server set after the worker started', async () => {
    server = await openTestPlatform(postgres!, { registry: createBuiltinRegistry(), isWorker: false })
    const { platform, store, admin } = server
    await platform.settings.set('Plugin.Workflow_enable', true)
    await platform.settings.set('Plugin.Workflow_triggers_event-after-save', true)
    await platform.workflows.install({ id: 0, name: 'After save', trigger_id: 'event-after-save', data: graph })

    worker = createPlatform({ store, registry: createBuiltinRegistry(), isWorker: true })
    await worker.settings.load()
    await platform.events.add(admin, { Event: { info: 'Before the change' } })
    await worker.drain()
    const first = await listRuns(store.db, { kind: 'deferred', limit: 10, offset: 0 })
    expect(first.rows).toHaveLength(1)
    const firstRun = await platform.runs.view(admin, first.rows[0]!.id)
    expect(firstRun.trace.entries.some((entry) => 'dataIn' in entry)).toBe(true)

    // The server turns data capture off; the worker's cached settings are now stale.
    await platform.settings.set('Sluice.runs_capture_data', false)
    await new Promise((resolve) => setTimeout(resolve, CACHE_AGE_MS))
    await platform.events.add(admin, { Event: { info: 'After the change' } })
    await worker.drain()
    const runs = await listRuns(store.db, { kind: 'deferred', limit: 10, offset: 0 })
    expect(runs.rows).toHaveLength(2)
    const latest = runs.rows.find((row) => row.id !== first.rows[0]!.id)!
    const latestRun = await platform.runs.view(admin, latest.id)
    expect(latestRun.trace.entries.length).toBeGreaterThan(0)
    expect(latestRun.trace.entries.some((entry) => 'dataIn' in entry)).toBe(false)
  })
})

/**
 * Deferred inputs stored once (migration 0011, docs/queue.md "Where a job's input lives"): the
 * job row stays small, the runs made from the job point at the stored input, the history reads
 * it back, the purge drops inputs nothing refers to, and a run's counter and log rows commit
 * with its row.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { WorkflowRecord } from '../src/engine/index.ts'
import { createRunRecorder, type RunRecorder } from '../src/platform/runs/run-recorder.ts'
import type { JobPayload } from '../src/queue/index.ts'
import { createEmbeddedJobQueue, type EmbeddedJobQueue } from '../src/queue/embedded/embedded-job-queue.ts'
import { findRun, insertWorkflow, listLogs, purgeRuns, type Store } from '../src/store/index.ts'
import { testDatabases } from './harness/databases.ts'

const event = { Event: { info: 'stored once', Attribute: Array.from({ length: 50 }, (_, n) => ({ value: `v${n}` })) } }

const triggerJob = (data: unknown): JobPayload => ({
  kind: 'trigger',
  triggerId: 'event-after-save',
  data,
  workflowIds: ['1'],
})

const workflow: WorkflowRecord = {
  id: '1',
  name: 'Recorded',
  trigger_id: 'event-after-save',
  data: { 1: { id: 1, data: { id: 'event-after-save' } } },
}

for (const database of testDatabases()) {
  describe(`${database.name}: deferred inputs stored once`, () => {
    let store: Store
    let queue: EmbeddedJobQueue | undefined
    let recorder: RunRecorder

    beforeEach(async () => {
      store = await database.open()
      recorder = createRunRecorder({ db: store.db, setting: () => undefined })
    })
    afterEach(async () => {
      await queue?.close()
      queue = undefined
      await store.close()
    })

    it('writes the input once, keeps the job row small, and hands the handler the whole payload', async () => {
      const seen: JobPayload[] = []
      queue = createEmbeddedJobQueue(store)
      await queue.enqueue(triggerJob(event))
      await queue.enqueue({
        kind: 'walk',
        triggerId: 'event-after-save',
        walk: { workflowId: '1', enqueuedBy: '2', nodeId: '3', pathType: 'non-blocking', data: { branch: true } },
      })
      const jobs = await store.db.selectFrom('jobs').select(['payload', 'input_id']).orderBy('id').execute()
      expect(jobs.every((row) => row.input_id !== null && !row.payload.includes('stored once'))).toBe(true)
      const inputs = await store.db.selectFrom('run_inputs').select(['id', 'data']).orderBy('id').execute()
      expect(inputs.map((row) => JSON.parse(row.data))).toEqual([event, { branch: true }])
      queue.start(async (payload) => void seen.push(payload))
      await queue.drain()
      expect(seen).toEqual([
        { ...triggerJob(event), inputId: String(inputs[0]!.id) },
        {
          kind: 'walk',
          triggerId: 'event-after-save',
          walk: { workflowId: '1', enqueuedBy: '2', nodeId: '3', pathType: 'non-blocking', data: { branch: true } },
          inputId: String(inputs[1]!.id),
        },
      ])
    })

    it('runs a job written before migration 0011, its input inline', async () => {
      const seen: JobPayload[] = []
      const now = Date.now()
      await store.db
        .insertInto('jobs')
        .values({
          kind: 'trigger',
          payload: JSON.stringify(triggerJob({ inline: 1 })),
          status: 'queued',
          attempts: 0,
          run_after: now,
          lease_owner: null,
          lease_until: null,
          last_error: null,
          created: now,
          updated: now,
        })
        .execute()
      queue = createEmbeddedJobQueue(store)
      queue.start(async (payload) => void seen.push(payload))
      await queue.drain()
      expect(seen).toEqual([triggerJob({ inline: 1 })])
    })

    it('commits the jobs enqueued together without a transaction, each in order', async () => {
      queue = createEmbeddedJobQueue(store)
      await Promise.all(Array.from({ length: 30 }, (_, n) => queue!.enqueue(triggerJob({ n }))))
      const seen: unknown[] = []
      queue.start(async (payload) => void seen.push(payload.kind === 'trigger' ? payload.data : null))
      await queue.drain()
      expect(seen).toEqual(Array.from({ length: 30 }, (_, n) => ({ n })))
    })

    it('records a run pointing at the stored input, with its counter and log rows in the same commit', async () => {
      const id = await insertWorkflow(store.db, {
        name: 'Counted',
        uuid: '3f4a2c1e-0000-4000-8000-000000000001',
        trigger_id: 'event-after-save',
        data: JSON.stringify(workflow.data),
      })
      queue = createEmbeddedJobQueue(store)
      const inputIds: string[] = []
      queue.start(async (payload) => void inputIds.push(payload.inputId!))
      await queue.enqueue(triggerJob(event))
      await queue.drain()
      const record = { ...workflow, id: String(id) }
      const scope = recorder.begin({ kind: 'deferred', triggerId: 'event-after-save', workflow: record })
      const log = {
        title: 'Executed',
        created: '2026-12-07 16:00:00',
        model: 'Workflow',
        model_id: id,
        action: 'execute_workflow',
        user_id: 0,
        change: '',
        email: 'SYSTEM',
        org: 'SYSTEM',
        description: '',
        ip: '',
      }
      await recorder.finish(
        scope,
        { input: event, inputId: inputIds[0]!, outcome: 'success', errors: [], trace: [] },
        { counterOf: id, logs: [log] },
      )
      const stored = await store.db
        .withSchema('runtime')
        .selectFrom('runs')
        .select(['input', 'input_id'])
        .where('id', '=', scope.id)
        .executeTakeFirstOrThrow()
      expect(stored).toEqual({ input: '', input_id: expect.anything() })
      expect(String(stored.input_id)).toBe(inputIds[0])
      expect(JSON.parse((await findRun(store.db, scope.id))!.input)).toEqual(event)
      const counter = await store.db
        .withSchema('runtime')
        .selectFrom('workflows')
        .select('counter')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      expect(Number(counter.counter)).toBe(1)
      expect((await listLogs(store.db, { action: 'execute_workflow' })).map((row) => row.title)).toEqual(['Executed'])
    })

    it('rejects a finish whose side writes fail, so that the job is not acknowledged', async () => {
      const scope = recorder.begin({ kind: 'deferred', triggerId: 'event-after-save', workflow })
      // A log row without its required model: the insert fails, and the run row with it.
      const broken = { title: 'x', action: 'execute_workflow' } as never
      await expect(
        recorder.finish(scope, { input: {}, outcome: 'success', errors: [], trace: [] }, { logs: [broken] }),
      ).rejects.toThrow()
      expect(await findRun(store.db, scope.id)).toBeUndefined()
    })

    it('purges the inputs no run or job refers to, once older than the oldest run kept and an hour', async () => {
      queue = createEmbeddedJobQueue(store)
      const inputIds: string[] = []
      queue.start(async (payload) => void inputIds.push(payload.inputId!))
      for (const n of [1, 2, 3]) await queue.enqueue(triggerJob({ n }))
      await queue.drain()
      // Run 1 points at input 1; input 2 is an orphan (its run was skipped); input 3 is in a run purged below.
      const kept = recorder.begin({ kind: 'deferred', triggerId: 'event-after-save', workflow })
      await recorder.finish(kept, { input: null, inputId: inputIds[0]!, outcome: 'success', errors: [], trace: [] })
      const old = recorder.begin({ kind: 'deferred', triggerId: 'event-after-save', workflow })
      await recorder.finish(old, { input: null, inputId: inputIds[2]!, outcome: 'success', errors: [], trace: [] })
      await store.db.withSchema('runtime').updateTable('runs').set({ started_at: 1 }).where('id', '=', old.id).execute()
      const remaining = async () =>
        (await store.db.selectFrom('run_inputs').select('id').orderBy('id').execute()).map((row) => String(row.id))
      // Within the hour nothing unreferenced goes.
      expect(await purgeRuns(store.db, { before: 2 })).toBe(1)
      expect(await remaining()).toEqual(inputIds)
      // Later, the unreferenced inputs older than the oldest run kept go; the referenced one stays.
      await store.db.updateTable('run_inputs').set({ created: 10 }).execute()
      await purgeRuns(store.db, { before: 2 })
      expect(await remaining()).toEqual([inputIds[0]])
      expect(JSON.parse((await findRun(store.db, kept.id))!.input)).toEqual({ n: 1 })
    })
  })
}

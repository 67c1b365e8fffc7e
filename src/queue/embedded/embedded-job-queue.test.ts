import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Store } from '../../store/index.ts'
import { testDatabases } from '../../../test/harness/databases.ts'
import type { JobPayload } from '../job-queue.ts'
import { createEmbeddedJobQueue, type EmbeddedJobQueue } from './embedded-job-queue.ts'
import { claimJobs, countJobs, finishAndClaimJobs, finishJobs, insertJob } from './job-rows.ts'

const job = (data: unknown): JobPayload => ({
  kind: 'trigger',
  triggerId: 'event-after-save',
  data,
  workflowIds: ['1'],
})

for (const database of testDatabases()) {
  describe(`${database.name}: createEmbeddedJobQueue`, () => {
    let store: Store
    let queue: EmbeddedJobQueue | undefined

    beforeEach(async () => {
      store = await database.open()
    })
    afterEach(async () => {
      await queue?.close()
      queue = undefined
      await store.close()
    })

    it('runs jobs in the order they were written, and drain() waits for them', async () => {
      const seen: unknown[] = []
      queue = createEmbeddedJobQueue(store)
      queue.start(async (payload) => {
        await new Promise((resolve) => setTimeout(resolve, 2))
        seen.push(payload.kind === 'trigger' ? payload.data : null)
      })
      for (let index = 0; index < 20; index++) await queue.enqueue(job(index))
      await queue.drain()
      expect(seen).toEqual(Array.from({ length: 20 }, (_, index) => index))
      expect(await queue.depth()).toEqual({ queued: 0, running: 0, dead: 0 })
    })

    it('keeps the payload as it was when written', async () => {
      const seen: unknown[] = []
      queue = createEmbeddedJobQueue(store)
      queue.start(async (payload) => void seen.push(payload))
      const data = { Event: { info: 'before' } }
      await queue.enqueue({ ...job(data), chain: [{ workflowId: '3', triggerId: 'x' }], parentRunId: 'r1' })
      data.Event.info = 'after'
      await queue.drain()
      // The queue adds where it stored the input (run_inputs), which the runs record instead of a copy.
      expect(seen).toEqual([
        {
          ...job({ Event: { info: 'before' } }),
          chain: [{ workflowId: '3', triggerId: 'x' }],
          parentRunId: 'r1',
          inputId: expect.stringMatching(/^[0-9]+$/),
        },
      ])
    })

    it('hands a given-away input to its worker as it is, and a retry the input as written', async () => {
      const seen: unknown[] = []
      queue = createEmbeddedJobQueue(store, { retry: { maxAttempts: 2, backoffMs: 1 } })
      queue.start(async (payload) => {
        const data = (payload as { data: { Event: { info: string } } }).data
        seen.push(data)
        if (seen.length === 1) {
          // The first attempt changes what it was given, then fails.
          data.Event.info = 'changed by the failed attempt'
          throw new Error('first attempt fails')
        }
      })
      const given = { Event: { info: 'given away' } }
      await queue.enqueue(job(given), undefined, { isInputTransferred: true })
      await queue.drain()
      expect(seen).toHaveLength(2)
      expect(seen[0]).toBe(given)
      // The retry reads the stored input back: what was written, not what the attempt left.
      expect(seen[1]).not.toBe(given)
      expect(seen[1]).toEqual({ Event: { info: 'given away' } })
      expect(await queue.depth()).toEqual({ queued: 0, running: 0, dead: 0 })
    })

    it('commits a job with the transaction that wrote it, and drops it with a rollback', async () => {
      const seen: unknown[] = []
      queue = createEmbeddedJobQueue(store)
      queue.start(async (payload) => void seen.push(payload.kind === 'trigger' ? payload.data : null))
      await store
        .transaction(async (trx) => {
          await queue!.enqueue(job('rolled back'), trx)
          throw new Error('veto')
        })
        .catch(() => undefined)
      await store.transaction(async (trx) => {
        await queue!.enqueue(job('committed'), trx)
      })
      await queue.drain()
      expect(seen).toEqual(['committed'])
    })

    it('retries a failing job with backoff, then keeps it dead with its last error', async () => {
      const attempts: number[] = []
      queue = createEmbeddedJobQueue(store, { retry: { maxAttempts: 3, backoffMs: 20 } })
      const started = Date.now()
      queue.start(async () => {
        attempts.push(Date.now() - started)
        throw Object.assign(new Error(`attempt ${attempts.length} failed`), { code: 'SLC_OUTBOUND_FAILED' })
      })
      await queue.enqueue(job('poison'))
      await queue.drain()
      expect(attempts).toHaveLength(3)
      // 20 ms, then 40 ms: exponential.
      expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(18)
      expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(38)
      expect(await queue.depth()).toEqual({ queued: 0, running: 0, dead: 1 })
      const [dead] = await queue.deadJobs()
      expect(dead).toMatchObject({
        kind: 'trigger',
        triggerId: 'event-after-save',
        attempts: 3,
        lastError: 'SLC_OUTBOUND_FAILED: attempt 3 failed',
      })
    })

    it('takes again a job whose holder stopped renewing its lease (a crashed process)', async () => {
      const seed = createEmbeddedJobQueue(store)
      await seed.enqueue(job('orphan'))
      await seed.close()
      // Another process claimed it with a 1 ms lease and died.
      const [claimed] = await claimJobs(store.db, store.dialect, 'dead-process', 1, Date.now(), 1)
      expect(claimed).toBeDefined()
      await new Promise((resolve) => setTimeout(resolve, 5))
      const seen: unknown[] = []
      queue = createEmbeddedJobQueue(store)
      queue.start(async (payload) => void seen.push(payload.kind === 'trigger' ? payload.data : null))
      await queue.drain()
      expect(seen).toEqual(['orphan'])
    })

    it('finishAndClaimJobs deletes the finished jobs the owner holds and claims the next ones', async () => {
      const seed = createEmbeddedJobQueue(store)
      for (let index = 0; index < 5; index++) await seed.enqueue(job(index))
      await seed.close()
      const first = await claimJobs(store.db, store.dialect, 'worker', 2, Date.now(), 60_000)
      const other = await claimJobs(store.db, store.dialect, 'other', 1, Date.now(), 60_000)
      // The other owner's job is not this worker's to acknowledge: it stays.
      const ids = [...first, ...other].map((claimed) => claimed.id)
      const next = await finishAndClaimJobs(store.db, store.dialect, 'worker', ids, {
        limit: 10,
        now: Date.now(),
        leaseMs: 60_000,
      })
      expect(next.map((claimed) => JSON.parse(claimed.payload).inputId)).toHaveLength(2)
      expect(next.every((claimed) => !ids.includes(claimed.id))).toBe(true)
      expect(await countJobs(store.db)).toEqual({ queued: 0, running: 3, dead: 0 })
    })

    /**
     * Two dead jobs ('poison-1', 'poison-2'), one queued ('queued') and one a live process holds
     * ('running'), the queue that buried them closed; answers their ids.
     */
    const seedDeadAndLiveJobs = async () => {
      const burier = createEmbeddedJobQueue(store, { retry: { maxAttempts: 2, backoffMs: 1 } })
      burier.start(async () => {
        throw new Error('the database was down')
      })
      await burier.enqueue(job('poison-1'))
      await burier.enqueue(job('poison-2'))
      await burier.drain()
      await burier.close()
      await insertJob(store.db, job('running'), Date.now())
      const [running] = await claimJobs(store.db, store.dialect, 'live-process', 1, Date.now(), 3_600_000)
      await insertJob(store.db, job('queued'), Date.now())
      const rows = await store.db.selectFrom('jobs').select(['id', 'status', 'input_id']).orderBy('id').execute()
      const [dead1, dead2, , queued] = rows.map((row) => String(row.id))
      expect(rows.map((row) => row.status)).toEqual(['dead', 'dead', 'running', 'queued'])
      return { dead1: dead1!, dead2: dead2!, running: String(running!.id), queued: queued! }
    }
    const jobRows = () =>
      store.db
        .selectFrom('jobs')
        .select(['id', 'status', 'attempts', 'last_error', 'lease_owner', 'input_id'])
        .orderBy('id')
        .execute()

    it('retryDead puts the named dead jobs back, due now with all their attempts, and touches nothing else', async () => {
      const ids = await seedDeadAndLiveJobs()
      const before = await jobRows()
      queue = createEmbeddedJobQueue(store)
      // Unknown ids, and ids of jobs that are not dead, are not counted.
      expect(await queue.retryDead([ids.dead1, '999999', 'outbox-1-2', ids.queued, ids.running])).toBe(1)
      const after = await jobRows()
      expect(after[0]).toMatchObject({ status: 'queued', attempts: 0, last_error: null, lease_owner: null })
      expect(after.slice(1)).toEqual(before.slice(1))
      expect(await queue.retryDead()).toBe(1)
      expect(await queue.depth()).toEqual({ queued: 3, running: 1, dead: 0 })

      // The cause fixed, they run (the live process's job aside, which it finishes itself).
      await finishJobs(store.db, 'live-process', [Number(ids.running)])
      const seen: unknown[] = []
      queue.start(async (payload) => void seen.push(payload.kind === 'trigger' ? payload.data : null))
      await queue.drain()
      expect(seen).toEqual(['poison-1', 'poison-2', 'queued'])
    })

    it('retryDead gives a retried job every attempt again before it is dead once more', async () => {
      const ids = await seedDeadAndLiveJobs()
      await finishJobs(store.db, 'live-process', [Number(ids.running)])
      let attempts = 0
      queue = createEmbeddedJobQueue(store, { retry: { maxAttempts: 3, backoffMs: 1 } })
      queue.start(async (payload) => {
        if (payload.kind === 'trigger' && payload.data === 'poison-1') attempts++
        if (payload.kind === 'trigger' && payload.data !== 'queued') throw new Error('still down')
      })
      expect(await queue.retryDead([ids.dead1])).toBe(1)
      await queue.drain()
      expect(attempts).toBe(3)
      const [dead] = await queue.deadJobs()
      expect(dead).toMatchObject({ id: ids.dead1, attempts: 3, lastError: 'still down' })
    })

    it('discardDead removes the named dead jobs and their stored inputs, and touches nothing else', async () => {
      const ids = await seedDeadAndLiveJobs()
      const before = await jobRows()
      const inputs = async () =>
        (await store.db.selectFrom('run_inputs').select('id').orderBy('id').execute()).map((row) => Number(row.id))
      const inputsBefore = await inputs()
      queue = createEmbeddedJobQueue(store)
      expect(await queue.discardDead([ids.dead1, '999999', ids.queued, ids.running])).toBe(1)
      expect(await jobRows()).toEqual(before.slice(1))
      expect(await inputs()).toEqual(inputsBefore.filter((id) => id !== Number(before[0]!.input_id)))

      // A run made from the job points at its input: the input stays for the run history.
      await store.db
        .withSchema('runtime')
        .insertInto('runs')
        .values({
          id: 'run-of-poison-2',
          kind: 'trigger',
          parent_id: null,
          trigger_id: 'event-after-save',
          workflow_id: 1,
          workflow_name: 'W',
          graph_hash: null,
          start_node: null,
          outcome: 'failure',
          input: '',
          input_id: Number(before[1]!.input_id),
          errors: '[]',
          trace: '[]',
          node_data: '{}',
          chain: '[]',
          started_at: Date.now(),
          duration_ms: 1,
        } as never)
        .execute()
      expect(await queue.discardDead()).toBe(1)
      expect(await jobRows()).toEqual(before.slice(2))
      expect(await inputs()).toContain(Number(before[1]!.input_id))
      expect(await queue.depth()).toEqual({ queued: 1, running: 1, dead: 0 })
      expect(await queue.discardDead()).toBe(0)
    })

    it('runs up to `concurrency` jobs at once', async () => {
      let running = 0
      let most = 0
      queue = createEmbeddedJobQueue(store, { concurrency: 4 })
      queue.start(async () => {
        running++
        most = Math.max(most, running)
        await new Promise((resolve) => setTimeout(resolve, 20))
        running--
      })
      for (let index = 0; index < 12; index++) await queue.enqueue(job(index))
      await queue.drain()
      expect(most).toBe(4)
    })
  })
}

describe('sqlite: createEmbeddedJobQueue at start', () => {
  it('takes again at once what a previous process left running (one process holds the data folder)', async () => {
    const [sqlite] = testDatabases()
    const store = await sqlite!.open()
    try {
      const seed = createEmbeddedJobQueue(store)
      await seed.enqueue(job('left running'))
      await seed.close()
      await claimJobs(store.db, store.dialect, 'killed-process', 1, Date.now(), 3_600_000)
      const seen: unknown[] = []
      const queue = createEmbeddedJobQueue(store)
      queue.start(async (payload) => void seen.push(payload.kind === 'trigger' ? payload.data : null))
      await queue.drain()
      await queue.close()
      expect(seen).toEqual(['left running'])
    } finally {
      await store.close()
    }
  })
})

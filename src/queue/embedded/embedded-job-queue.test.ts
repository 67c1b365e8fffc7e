import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Store } from '../../store/index.ts'
import { testDatabases } from '../../../test/harness/databases.ts'
import type { JobPayload } from '../job-queue.ts'
import { createEmbeddedJobQueue, type EmbeddedJobQueue } from './embedded-job-queue.ts'
import { claimJobs, countJobs, finishAndClaimJobs } from './job-rows.ts'

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

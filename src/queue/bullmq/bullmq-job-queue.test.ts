import { Queue } from 'bullmq'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { hasErrorCode } from '../../errors.ts'
import type { Store } from '../../store/index.ts'
import { testDatabases } from '../../../test/harness/databases.ts'
import { insertJob } from '../embedded/job-rows.ts'
import type { JobPayload, JobQueue } from '../job-queue.ts'
import { createBullmqJobQueue, deleteBullmqQueue, openBullmqJobQueue } from './bullmq-job-queue.ts'

const REDIS = process.env.TEST_REDIS_URL
if (!REDIS) console.info('TEST_REDIS_URL is not set: BullMQ queue tests are skipped')

const job = (data: unknown): JobPayload => ({
  kind: 'trigger',
  triggerId: 'event-after-save',
  data,
  workflowIds: ['1'],
})

const forgetQueue = (name: string) => deleteBullmqQueue(REDIS!, name)

for (const database of REDIS ? testDatabases() : []) {
  describe(`${database.name} + Redis: createBullmqJobQueue`, () => {
    let store: Store
    let name: string
    const queues: JobQueue[] = []
    const open = (options: Partial<Parameters<typeof createBullmqJobQueue>[1]> = {}) => {
      const queue = createBullmqJobQueue(store, { url: `${REDIS}?queue=${name}`, pollMs: 50, ...options })
      queues.push(queue)
      return queue
    }

    beforeEach(async () => {
      store = await database.open()
      name = `sluice-test-${Math.random().toString(36).slice(2, 10)}`
    })
    afterEach(async () => {
      for (const queue of queues.splice(0)) await queue.close()
      await store.close()
      await forgetQueue(name)
    })

    it('relays committed jobs from the table to BullMQ, where a worker runs each', async () => {
      const seen: unknown[] = []
      const queue = open({ concurrency: 1 })
      queue.start(async (payload) => void seen.push(payload.kind === 'trigger' ? payload.data : null))
      for (let index = 0; index < 30; index++) await queue.enqueue(job(index))
      await queue.drain()
      expect(seen).toEqual(Array.from({ length: 30 }, (_, index) => index))
      expect(await store.db.selectFrom('jobs').select('id').execute()).toEqual([])
      expect(await queue.depth()).toEqual({ queued: 0, running: 0, dead: 0 })
    })

    it('sends nothing for a job whose transaction rolled back', async () => {
      const seen: unknown[] = []
      const queue = open()
      queue.start(async (payload) => void seen.push(payload.kind === 'trigger' ? payload.data : null))
      await store
        .transaction(async (trx) => {
          await queue.enqueue(job('rolled back'), trx)
          throw new Error('veto')
        })
        .catch(() => undefined)
      await store.transaction((trx) => queue.enqueue(job('committed'), trx))
      await queue.drain()
      expect(seen).toEqual(['committed'])
    })

    it('relays what a process committed before it died, from any process', async () => {
      // Rows committed by a process that crashed before its relay ran.
      for (const data of ['a', 'b', 'c']) await insertJob(store.db, job(data), Date.now())
      const seen: unknown[] = []
      const queue = open({ concurrency: 1 })
      queue.start(async (payload) => void seen.push(payload.kind === 'trigger' ? payload.data : null))
      await queue.drain()
      expect(seen).toEqual(['a', 'b', 'c'])
    })

    it('retries a failing job with backoff, then keeps it in the failed set with its error', async () => {
      let attempts = 0
      const queue = open({ retry: { maxAttempts: 2, backoffMs: 10 } })
      queue.start(async () => {
        attempts++
        throw Object.assign(new Error('the webhook answered 500'), { code: 'SLC_OUTBOUND_FAILED' })
      })
      await queue.enqueue(job('poison'))
      await queue.drain()
      expect(attempts).toBe(2)
      expect(await queue.depth()).toEqual({ queued: 0, running: 0, dead: 1 })
      const [dead] = await queue.deadJobs()
      expect(dead).toMatchObject({
        triggerId: 'event-after-save',
        attempts: 2,
        lastError: 'SLC_OUTBOUND_FAILED: the webhook answered 500',
      })
    })

    /** Runs `jobs` on a worker that fails every time until they are dead, then closes it. */
    const bury = async (...data: string[]) => {
      const burier = open({ retry: { maxAttempts: 2, backoffMs: 5 } })
      burier.start(async () => {
        throw new Error('the database was down')
      })
      for (const item of data) await burier.enqueue(job(item))
      await burier.drain()
      await burier.close()
    }
    const inputCount = async () => (await store.db.selectFrom('run_inputs').select('id').execute()).length

    it('retryDead puts failed jobs back with every attempt, and they run once the cause is fixed', async () => {
      await bury('poison-1', 'poison-2')
      const seen: unknown[] = []
      const queue = open({ retry: { maxAttempts: 2, backoffMs: 5 } })
      queue.start(async (payload) => void seen.push(payload.kind === 'trigger' ? payload.data : null))
      const dead = await queue.deadJobs()
      expect(dead).toHaveLength(2)
      const named = dead.find((entry) => entry.attempts === 2)!
      // Unknown ids (of BullMQ jobs or outbox rows) are not counted.
      expect(await queue.retryDead([named.id, 'outbox-999999-1', '999999'])).toBe(1)
      await queue.drain()
      expect(seen).toHaveLength(1)
      expect(await queue.depth()).toEqual({ queued: 0, running: 0, dead: 1 })
      expect(await queue.retryDead()).toBe(1)
      await queue.drain()
      expect([...seen].sort()).toEqual(['poison-1', 'poison-2'])
      expect(await queue.depth()).toEqual({ queued: 0, running: 0, dead: 0 })
    })

    it('retryDead gives a retried job every attempt again before it is dead once more', async () => {
      await bury('poison')
      let attempts = 0
      const queue = open({ retry: { maxAttempts: 2, backoffMs: 5 } })
      queue.start(async () => {
        attempts++
        throw new Error('still down')
      })
      expect(await queue.retryDead()).toBe(1)
      await queue.drain()
      expect(attempts).toBe(2)
      expect(await queue.deadJobs()).toMatchObject([{ attempts: 2, lastError: 'still down' }])
    })

    it('discardDead removes failed jobs and their stored inputs, and leaves a waiting job alone', async () => {
      await bury('poison-1', 'poison-2')
      // No worker: the job waits in BullMQ.
      const queue = open()
      await queue.enqueue(job('waiting'))
      const bull = new Queue(name, { connection: { url: REDIS! } })
      try {
        // Relayed from the outbox to BullMQ, where it waits.
        await vi.waitFor(async () => expect(await bull.getWaiting()).toHaveLength(1))
        const [waiting] = await bull.getWaiting()
        expect(await queue.retryDead([String(waiting!.id)])).toBe(0)
        expect(await queue.discardDead([String(waiting!.id)])).toBe(0)
        const inputs = await inputCount()
        const [first] = await queue.deadJobs()
        expect(await queue.discardDead([first!.id, 'outbox-999999-1'])).toBe(1)
        expect(await inputCount()).toBe(inputs - 1)
        expect(await queue.discardDead()).toBe(1)
        expect(await inputCount()).toBe(inputs - 2)
        expect(await queue.depth()).toEqual({ queued: 1, running: 0, dead: 0 })
        expect(await bull.getJobState(String(waiting!.id))).toBe('waiting')
      } finally {
        await bull.close()
      }
    })

    it('lists, retries and discards the outbox rows an embedded queue left dead', async () => {
      // An embedded queue on this database buried these before it went distributed.
      for (const data of ['left dead', 'left dead too']) await insertJob(store.db, job(data), Date.now())
      await store.db.updateTable('jobs').set({ status: 'dead', last_error: 'old trouble' }).execute()
      const [row1, row2] = (await store.db.selectFrom('jobs').select('id').orderBy('id').execute()).map((row) =>
        String(row.id),
      )
      const seen: unknown[] = []
      const queue = open()
      queue.start(async (payload) => void seen.push(payload.kind === 'trigger' ? payload.data : null))
      expect((await queue.deadJobs()).map((dead) => dead.id).sort()).toEqual([row1, row2].sort())
      expect(await queue.retryDead([row1!])).toBe(1)
      await queue.drain()
      expect(seen).toEqual(['left dead'])
      const inputs = await inputCount()
      expect(await queue.discardDead()).toBe(1)
      expect(await inputCount()).toBe(inputs - 1)
      expect(await queue.depth()).toEqual({ queued: 0, running: 0, dead: 0 })
    })
  })
}

describe('openBullmqJobQueue', () => {
  it('fails with SLC_QUEUE when Redis does not answer, naming it without the password', async () => {
    const [sqlite] = testDatabases()
    const store = await sqlite!.open()
    try {
      const error = await openBullmqJobQueue(store, {
        url: 'redis://user:secret@127.0.0.1:1',
        connectTimeoutMs: 2000,
      }).then(
        () => null,
        (failure: unknown) => failure,
      )
      expect(hasErrorCode(error, 'SLC_QUEUE')).toBe(true)
      expect((error as Error).message).toContain('redis://user:***@127.0.0.1:1')
      expect((error as Error).message).not.toContain('secret')
    } finally {
      await store.close()
    }
  })
})

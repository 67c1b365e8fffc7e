import { afterEach, beforeEach, describe, expect, it } from 'vitest'
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

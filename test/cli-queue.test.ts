/**
 * `sluice queue retry|discard [--all | ID…]` (docs/queue.md "Dead jobs") on a serve data folder:
 * the command puts dead jobs back or removes them, as the first site admin, with an audit row,
 * and runs none of them itself; on the embedded queue and, with `TEST_REDIS_URL`, on BullMQ.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { queueActionCommand } from '../src/cli/commands/queue.ts'
import { bootstrap, createPlatform } from '../src/platform/index.ts'
import { createEmbeddedJobQueue, type JobQueue } from '../src/queue/index.ts'
import { createBullmqJobQueue, deleteBullmqQueue } from '../src/queue/bullmq/bullmq-job-queue.ts'
import { openDatabase, type Store } from '../src/store/index.ts'

const REDIS = process.env.TEST_REDIS_URL

/** What a command printed. */
function captured() {
  const lines = { out: '', err: '' }
  const output = {
    out(text: string) {
      lines.out += text
    },
    err(text: string) {
      lines.err += text
    },
  }
  return { lines, output }
}

const targets: Array<{ name: string; queueUrl: (name: string) => string | undefined }> = [
  { name: 'embedded', queueUrl: () => undefined },
  ...(REDIS ? [{ name: 'bullmq', queueUrl: (name: string) => `${REDIS}?queue=${name}` }] : []),
]

for (const target of targets) {
  describe(`sluice queue retry|discard (${target.name})`, () => {
    let folder: string
    let queueName: string
    const flags = () => ({ data: folder, queue: target.queueUrl(queueName) })
    /** The data folder's store with its queue, neither running jobs, for a look or a change. */
    const withStore = async <T>(work: (store: Store, queue: JobQueue) => Promise<T>): Promise<T> => {
      const store = await openDatabase(`sqlite:${join(folder, 'sluice.sqlite')}`)
      const url = target.queueUrl(queueName)
      const queue = url
        ? createBullmqJobQueue(store, { url, pollMs: 20, retry: { maxAttempts: 2, backoffMs: 1 } })
        : createEmbeddedJobQueue(store, { retry: { maxAttempts: 2, backoffMs: 1 } })
      try {
        return await work(store, queue)
      } finally {
        await queue.close()
        await store.close()
      }
    }

    beforeEach(async () => {
      folder = mkdtempSync(join(tmpdir(), 'sluice-cli-queue-'))
      queueName = `sluice-test-${Math.random().toString(36).slice(2, 10)}`
      // Two jobs that fail every attempt, in a bootstrapped serve data folder.
      await withStore(async (store, queue) => {
        const platform = createPlatform({ store, queue: createEmbeddedJobQueue(store), isWorker: false })
        await bootstrap(platform, { adminKey: 'C'.repeat(40) })
        await platform.close()
        queue.start(async () => {
          throw new Error('the database was down')
        })
        for (const info of ['first', 'second']) {
          await queue.enqueue({ kind: 'trigger', triggerId: 'event-after-save', data: { info }, workflowIds: [] })
        }
        await queue.drain()
        expect((await queue.depth()).dead).toBe(2)
      })
    })
    afterEach(async () => {
      rmSync(folder, { recursive: true, force: true })
      if (REDIS) await deleteBullmqQueue(REDIS, queueName)
    })

    it('retries the named dead job, and leaves it queued for the server or the workers', async () => {
      const [first] = await withStore((_, queue) => queue.deadJobs())
      const { lines, output } = captured()
      expect(await queueActionCommand('retry', [first!.id, '999999'], flags(), {}, output)).toBe(0)
      expect(lines.out).toBe('1 dead job put back in the queue\n')
      await withStore(async (store, queue) => {
        expect(await queue.depth()).toMatchObject({ queued: 1, dead: 1 })
        const audit = await store.db.selectFrom('logs').selectAll().where('model', '=', 'Job').execute()
        expect(audit).toMatchObject([{ action: 'retry', title: 'Dead jobs retried: 1 of 2 named', user_id: 1 }])
      })
    })

    it('discards every dead job with --all', async () => {
      const { lines, output } = captured()
      expect(await queueActionCommand('discard', [], { ...flags(), all: true }, {}, output)).toBe(0)
      expect(lines.out).toBe('2 dead jobs discarded\n')
      await withStore(async (_, queue) => expect(await queue.depth()).toEqual({ queued: 0, running: 0, dead: 0 }))
    })

    it('wants ids or --all, not both and not neither (exit 2)', async () => {
      for (const [ids, all] of [
        [[], false],
        [['7'], true],
      ] as const) {
        const { lines, output } = captured()
        expect(await queueActionCommand('retry', [...ids], { ...flags(), all }, {}, output)).toBe(2)
        expect(lines.err).toContain('--all')
      }
      await withStore(async (_, queue) => expect((await queue.depth()).dead).toBe(2))
    })
  })
}

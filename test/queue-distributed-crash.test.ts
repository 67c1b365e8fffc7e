/**
 * Crash test of the distributed queue (issue #4 "What must hold"): PostgreSQL + BullMQ on Redis,
 * one `sluice serve` and two `sluice worker` processes, a non-blocking `attribute-after-save`
 * workflow posting each attribute to a webhook receiver. 500 attributes are added over HTTP and
 * one worker is SIGKILLed while the runs drain: the other worker takes over the jobs the dead
 * one held (once their lock runs out) and every attribute reaches the receiver. Needs
 * `TEST_DATABASE_URL` and `TEST_REDIS_URL`.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../src/store/index.ts'
import { call } from './harness/http.ts'
import {
  type DistributedSetUp,
  expectEveryRunRecorded,
  openDistributedSetUp,
  waitUntil,
} from './harness/queue-processes.ts'

const RUNS = 500
const KEY = 'd'.repeat(40)
const ADMIN_URL = process.env.TEST_DATABASE_URL
const REDIS = process.env.TEST_REDIS_URL
if (!ADMIN_URL || !REDIS)
  console.info('TEST_DATABASE_URL or TEST_REDIS_URL is not set: the distributed crash test is skipped')

/** The sample `series` of a Prometheus exposition. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((row) => row.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

describe.skipIf(!ADMIN_URL || !REDIS)('BullMQ queue: one serve, two workers, one worker SIGKILLed mid-way', () => {
  let setUp: DistributedSetUp | undefined
  afterEach(async () => {
    await setUp?.cleanup()
    setUp = undefined
  })

  it('runs every one: none is lost', { timeout: 180_000 }, async () => {
    setUp = await openDistributedSetUp({
      adminUrl: ADMIN_URL!,
      redisUrl: REDIS!,
      name: 'crash',
      adminKey: KEY,
      receiverDelayMs: 40,
    })
    const { dbUrl, queueUrl, folder, receiver } = setUp

    const env = { SLUICE_ADMIN_KEY: KEY, SLUICE_QUEUE_LOCK_MS: '3000' }
    const serve = setUp.start(['serve', '--data', folder, '--db', dbUrl, '--port', '0', '--queue', queueUrl], env)
    const workers = [0, 1].map(() =>
      setUp!.start(['worker', '--db', dbUrl, '--queue', queueUrl, '--concurrency', '2'], env),
    )
    const baseUrl = (await serve.waitFor(/Sluice listening on (http:\/\/\S+)/))[1]!
    for (const worker of workers) await worker.waitFor(/Sluice worker running/)

    const event = await call(baseUrl, 'POST', '/events/add', {
      key: KEY,
      body: { Event: { info: 'Distributed crash' } },
    })
    expect(event.status, event.text).toBe(200)
    let killed = false
    for (let start = 0; start < RUNS; start += 10) {
      const batch = Array.from({ length: 10 }, (_, offset) =>
        call(baseUrl, 'POST', `/attributes/add/${event.json.Event.id}`, {
          key: KEY,
          body: { type: 'domain', value: `crash-${start + offset}.example` },
        }),
      )
      for (const added of await Promise.all(batch)) expect(added.status, added.text).toBe(200)
      if (!killed && receiver.posts() >= 50) {
        await workers[0]!.kill()
        killed = true
      }
    }
    if (!killed) {
      await waitUntil(
        () => receiver!.posts() >= 50,
        60_000,
        () => `only ${receiver!.posts()} posts arrived`,
      )
      await workers[0]!.kill()
    }
    expect(receiver.markers().size).toBeLessThan(RUNS)

    await waitUntil(
      () => receiver!.markers().size === RUNS,
      120_000,
      () => `${receiver!.markers().size} of ${RUNS} attributes reached the webhook:\n${workers[1]!.output()}`,
    )
    const metrics = await call(baseUrl, 'GET', '/sluice/metrics', { key: KEY })
    expect(metrics.status).toBe(200)
    expect(sample(metrics.text, 'sluice_queue_dead_jobs{queue="bullmq"}')).toBe(0)
    const store = await openDatabase(dbUrl)
    try {
      await expectEveryRunRecorded(store.db, RUNS)
    } finally {
      await store.close()
    }
    expect(await workers[1]!.stop()).toBe(0)
    expect(await serve.stop()).toBe(0)
  })
})

/**
 * Each process's own Prometheus endpoint, `--metrics-port` (issue #4 point 8, docs/queue.md
 * "Metrics"), over real processes and real HTTP. In the distributed mode the deferred runs happen
 * in `sluice worker`s, which serve no API: scraping every worker's `GET /metrics` and summing
 * `sluice_runs_total` gives the runs fired through `sluice serve`. The embedded `sluice serve`
 * serves the same endpoint. Bad flags stop the start with exit code 2, naming the flag. The
 * distributed case needs `TEST_DATABASE_URL` and `TEST_REDIS_URL`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from './harness/cli.ts'
import { call } from './harness/http.ts'
import {
  type DistributedSetUp,
  openDistributedSetUp,
  openEmbeddedSetUp,
  type ProcessSetUp,
  waitUntil,
} from './harness/queue-processes.ts'

const KEY = 'e'.repeat(40)
const TOKEN = 't'.repeat(32)
const ADMIN_URL = process.env.TEST_DATABASE_URL
const REDIS = process.env.TEST_REDIS_URL
if (!ADMIN_URL || !REDIS)
  console.info('TEST_DATABASE_URL or TEST_REDIS_URL is not set: the worker metrics test is skipped')

/** The `attribute-after-save` runs that ended well, as `sluice_runs_total` labels them. */
const RUNS_SERIES = 'sluice_runs_total{kind="trigger",trigger="attribute-after-save",outcome="success"}'

/** The sample `series` of a Prometheus exposition. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((row) => row.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

/** GET `url` as Prometheus does; the exposition text (the status must be 200). */
async function scrape(url: string, token?: string): Promise<string> {
  const answer = await fetch(url, { headers: token === undefined ? {} : { Authorization: `Bearer ${token}` } })
  const text = await answer.text()
  if (answer.status !== 200) throw new Error(`${url} answered ${answer.status}: ${text}`)
  expect(answer.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
  return text
}

/** Adds one `domain` attribute per marker to a new event, over `sluice serve`'s API. */
async function addAttributes(baseUrl: string, count: number) {
  const event = await call(baseUrl, 'POST', '/events/add', { key: KEY, body: { Event: { info: 'Metrics' } } })
  expect(event.status, event.text).toBe(200)
  for (let start = 0; start < count; start += 10) {
    const batch = Array.from({ length: Math.min(10, count - start) }, (_, offset) =>
      call(baseUrl, 'POST', `/attributes/add/${event.json.Event.id}`, {
        key: KEY,
        body: { type: 'domain', value: `crash-${start + offset}.example` },
      }),
    )
    for (const added of await Promise.all(batch)) expect(added.status, added.text).toBe(200)
  }
}

describe('sluice worker|serve --metrics-port: bad flags', () => {
  // SLUICE_METRICS_TOKEN emptied: the test must not depend on the caller's environment.
  const env = { SLUICE_METRICS_TOKEN: '', SLUICE_METRICS_PORT: '', SLUICE_METRICS_HOST: '' }
  // An unreachable database: the flags are checked before anything is opened.
  const db = 'postgres://sluice@127.0.0.1:1/none'

  it('refuses a non-loopback --metrics-host without SLUICE_METRICS_TOKEN', async () => {
    const result = await runCli(['worker', '--db', db, '--metrics-port', '0', '--metrics-host', '0.0.0.0'], { env })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^sluice: --metrics-host 0\.0\.0\.0: not a loopback address.*SLUICE_METRICS_TOKEN/)
  })

  it('refuses port values that are not 0–65535', async () => {
    for (const port of ['65536', 'abc', '-1']) {
      const result = await runCli(['worker', '--db', db, `--metrics-port=${port}`], { env })
      expect(result.code, result.stderr).toBe(2)
      expect(result.stderr).toContain(`sluice: --metrics-port ${port}: expected a port number from 0 to 65535`)
    }
    const fromEnv = await runCli(['worker', '--db', db], { env: { ...env, SLUICE_METRICS_PORT: '70000' } })
    expect(fromEnv.code).toBe(2)
    expect(fromEnv.stderr).toContain('--metrics-port 70000')
  })

  it('refuses the same for sluice serve, before taking the data folder', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sluice-metrics-flags-'))
    try {
      const data = join(folder, 'data')
      const result = await runCli(['serve', '--data', data, '--port', '0', '--metrics-port', '99999'], { env })
      expect(result.code).toBe(2)
      expect(result.stderr).toContain('--metrics-port 99999')
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
  })
})

describe('sluice serve --metrics-port (embedded SQLite)', () => {
  let setUp: ProcessSetUp | undefined
  afterEach(async () => {
    await setUp?.cleanup()
    setUp = undefined
  })

  it('serves its runs at GET /metrics without a key, on loopback', { timeout: 60_000 }, async () => {
    setUp = await openEmbeddedSetUp({ name: 'metrics-serve', adminKey: KEY, receiverDelayMs: 0 })
    const { folder } = setUp
    const serve = setUp.start(['serve', '--data', folder, '--port', '0', '--metrics-port', '0'], {
      SLUICE_ADMIN_KEY: KEY,
    })
    const baseUrl = (await serve.waitFor(/Sluice listening on (http:\/\/\S+)/))[1]!
    const metricsUrl = (await serve.waitFor(/Sluice metrics at (http:\/\/127\.0\.0\.1:\d+\/metrics)/))[1]!

    await addAttributes(baseUrl, 5)
    await waitUntil(
      async () => sample(await scrape(metricsUrl), RUNS_SERIES) === 5,
      30_000,
      () => `the runs did not reach 5:\n${serve.output()}`,
    )
    const text = await scrape(metricsUrl)
    expect(sample(text, 'sluice_run_duration_seconds_count{trigger="attribute-after-save"}')).toBe(5)
    expect(sample(text, 'sluice_node_duration_seconds_count{module="webhook"}')).toBe(5)
    expect(sample(text, 'sluice_queue_dead_jobs{queue="embedded"}')).toBe(0)
    // The same families as the admin route, which keeps its key.
    const admin = await call(baseUrl, 'GET', '/sluice/metrics', { key: KEY })
    expect(sample(admin.text, RUNS_SERIES)).toBe(5)
    expect((await call(baseUrl, 'GET', '/sluice/metrics')).status).toBe(403)

    expect(await serve.stop()).toBe(0)
    await expect(fetch(metricsUrl)).rejects.toThrow()
  })
})

describe.skipIf(!ADMIN_URL || !REDIS)('sluice worker --metrics-port: one serve, two workers on BullMQ', () => {
  const RUNS = 60
  let setUp: DistributedSetUp | undefined
  afterEach(async () => {
    await setUp?.cleanup()
    setUp = undefined
  })

  it('counts in the workers the runs fired through serve', { timeout: 120_000 }, async () => {
    setUp = await openDistributedSetUp({
      adminUrl: ADMIN_URL!,
      redisUrl: REDIS!,
      name: 'metrics',
      adminKey: KEY,
      receiverDelayMs: 20,
    })
    const { dbUrl, queueUrl, folder, receiver } = setUp

    const env = { SLUICE_ADMIN_KEY: KEY }
    const serve = setUp.start(['serve', '--data', folder, '--db', dbUrl, '--port', '0', '--queue', queueUrl], env)
    const workerArgs = ['worker', '--db', dbUrl, '--queue', queueUrl, '--concurrency', '2', '--metrics-port', '0']
    // One worker on loopback (no token), one on every address, where the token is required.
    const local = setUp.start(workerArgs, env)
    const open = setUp.start([...workerArgs, '--metrics-host', '0.0.0.0'], { ...env, SLUICE_METRICS_TOKEN: TOKEN })
    const baseUrl = (await serve.waitFor(/Sluice listening on (http:\/\/\S+)/))[1]!
    const localUrl = (await local.waitFor(/Sluice metrics at (http:\/\/127\.0\.0\.1:\d+\/metrics)/))[1]!
    const openUrl = (await open.waitFor(/Sluice metrics at (http:\/\/0\.0\.0\.0:\d+\/metrics)/))[1]!
    const openLoopbackUrl = openUrl.replace('0.0.0.0', '127.0.0.1')
    expect((await fetch(openLoopbackUrl)).status).toBe(401)

    await addAttributes(baseUrl, RUNS)
    const counts = async () => [
      sample(await scrape(localUrl), RUNS_SERIES) ?? 0,
      sample(await scrape(openLoopbackUrl, TOKEN), RUNS_SERIES) ?? 0,
    ]
    await waitUntil(
      async () => (await counts()).reduce((sum, count) => sum + count, 0) >= RUNS,
      90_000,
      () =>
        `${receiver!.markers().size} of ${RUNS} attributes reached the webhook:\n${local.output()}\n${open.output()}`,
    )
    const [inLocal, inOpen] = await counts()
    expect(inLocal! + inOpen!).toBe(RUNS)
    expect(receiver.markers().size).toBe(RUNS)

    const text = await scrape(localUrl)
    expect(sample(text, 'sluice_run_duration_seconds_count{trigger="attribute-after-save"}')).toBe(inLocal)
    expect(sample(text, 'sluice_node_duration_seconds_count{module="webhook"}')).toBe(inLocal)
    expect(sample(text, 'sluice_queue_jobs{queue="bullmq",state="queued"}')).toBe(0)
    expect(sample(text, 'sluice_queue_dead_jobs{queue="bullmq"}')).toBe(0)
    // The server only relays the jobs: its own counters have none of these runs.
    const served = await call(baseUrl, 'GET', '/sluice/metrics', { key: KEY })
    expect(served.status).toBe(200)
    expect(sample(served.text, RUNS_SERIES)).toBeUndefined()

    // SIGTERM closes the metrics server with the rest, and the worker exits cleanly.
    expect(await local.stop()).toBe(0)
    await expect(fetch(localUrl)).rejects.toThrow()
    expect(await open.stop()).toBe(0)
    expect(await serve.stop()).toBe(0)
  })
})

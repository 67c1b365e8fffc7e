/**
 * Deferred throughput (issue #4): non-blocking runs per second of the 6-node chain on the
 * 38-attribute OSINT Regin event (bench/deferred-setup.ts), each fired through the trigger
 * dispatcher as a trigger site does, so it goes the whole deferred way: job written, claimed,
 * payload parsed, workflow run, counter and run history written, job deleted.
 *
 *   embedded:     SQLite temp file; this process fires N and its in-process workers drain them
 *   distributed:  PostgreSQL + BullMQ; this process fires N (outbox + relay), 2 worker processes
 *                 (bench/deferred-worker.ts) run them. Only with TEST_DATABASE_URL and TEST_REDIS_URL.
 *
 * Throughput = N / (first enqueue → last run's end); latency = enqueue → that run's end.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { createPlatform, type LocalPlatform } from '../src/platform/index.ts'
import { createEmbeddedJobQueue, type JobQueue } from '../src/queue/index.ts'
import { deleteBullmqQueue, openBullmqJobQueue } from '../src/queue/bullmq/bullmq-job-queue.ts'
import { openDatabase, type Store } from '../src/store/index.ts'
import { DEFERRED_TRIGGER, installChain, reginEvent, timedQueue } from './deferred-setup.ts'
import { benchRegistry } from './six-node-chain.ts'

/** Figures of one case. */
export interface DeferredFigures {
  name: string
  runs: number
  perSecond: number
  p50Ms: number
  p99Ms: number
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN
}

/**
 * Fires `runs` events through the dispatcher from `lanes` concurrent callers (as concurrent
 * requests would); answers each one's enqueue time by benchmark id.
 */
async function fireAll(platform: LocalPlatform, runs: number, lanes = 16): Promise<Map<string, number>> {
  const enqueued = new Map<string, number>()
  // Each firing gives its event away, as the platform's trigger sites do with the data they
  // fetched for it; building them is the sites' work (a database read), so it is done before
  // the clock starts.
  const events = Array.from({ length: runs }, (_, index) => {
    const event = reginEvent()
    event.Event.info = `bench ${index}`
    return event
  })
  let next = 0
  const lane = async () => {
    while (next < runs) {
      const event = events[next]!
      events[next++] = undefined as never
      enqueued.set(event.Event.info as string, Date.now())
      await platform.dispatcher.fire(DEFERRED_TRIGGER, event, undefined, { isRawTransferred: true })
    }
  }
  await Promise.all(Array.from({ length: lanes }, lane))
  return enqueued
}

function figures(name: string, enqueued: Map<string, number>, finished: Map<string, number>): DeferredFigures {
  const latencies: number[] = []
  let first = Number.POSITIVE_INFINITY
  let last = 0
  for (const [id, start] of enqueued) {
    const end = finished.get(id)
    if (end === undefined) throw new Error(`${name}: ${id} never finished`)
    latencies.push(end - start)
    first = Math.min(first, start)
    last = Math.max(last, end)
  }
  latencies.sort((a, b) => a - b)
  return {
    name,
    runs: enqueued.size,
    perSecond: (enqueued.size / Math.max(1, last - first)) * 1000,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  }
}

/** The embedded queue on a SQLite temp file, `concurrency` jobs at once. */
export async function embeddedDeferred(runs: number, concurrency = 4): Promise<DeferredFigures> {
  const folder = mkdtempSync(join(tmpdir(), 'sluice-bench-deferred-'))
  const store = await openDatabase(join(folder, 'sluice.sqlite'))
  const finished = new Map<string, number>()
  const queue = timedQueue(createEmbeddedJobQueue(store, { concurrency }), finished)
  const platform = createPlatform({ store, registry: benchRegistry(), queue })
  try {
    await installChain(platform)
    // Warm-up: the first runs compile queries and code paths.
    await fireAll(platform, 200)
    await platform.drain()
    finished.clear()
    const enqueued = await fireAll(platform, runs)
    await platform.drain()
    return figures(`embedded queue (SQLite, ${concurrency} at once)`, enqueued, finished)
  } finally {
    await platform.close()
    await store.close()
    rmSync(folder, { recursive: true, force: true })
  }
}

/**
 * Runs `node <args…>` allowed both cores: `npm run bench` pins this process to one, and a child
 * inherits that unless it is told otherwise (worker processes, and the embedded case measured on
 * the 2-core machine its target names).
 */
function spawnOnBothCores(args: string[]) {
  const command = [process.execPath, ...args]
  return existsSync('/usr/bin/taskset')
    ? spawn('/usr/bin/taskset', ['-c', '0-1', ...command], { stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
}

/**
 * The embedded case in a child process allowed both cores (bench/deferred-embedded-process.ts):
 * the same code and queue, one JavaScript thread, as `sluice serve` runs it on this machine.
 */
export async function embeddedDeferredBothCores(runs: number): Promise<DeferredFigures> {
  const child = spawnOnBothCores([new URL('./deferred-embedded-process.ts', import.meta.url).pathname, String(runs)])
  let stdout = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
  })
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error(`the embedded benchmark process exited with ${code}`)
  const figures = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as DeferredFigures
  return { ...figures, name: `${figures.name}, both cores` }
}

async function adminQuery(adminUrl: string, sql: string) {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

/** Starts a benchmark worker process and waits for its `ready`. */
function startWorker(dbUrl: string, queueUrl: string, concurrency: number) {
  const child = spawnOnBothCores([
    new URL('./deferred-worker.ts', import.meta.url).pathname,
    dbUrl,
    queueUrl,
    String(concurrency),
  ])
  let stdout = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
  })
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => stdout.includes('ready\n') && resolve())
    child.once('exit', (code) => reject(new Error(`benchmark worker exited with ${code}`)))
  })
  const finished = async (): Promise<Record<string, number>> => {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}')
  }
  return { ready, finished }
}

/** BullMQ on Redis with PostgreSQL, `workers` worker processes of `concurrency` each. */
export async function distributedDeferred(
  runs: number,
  adminUrl: string,
  redisUrl: string,
  workers = 2,
  concurrency = 8,
): Promise<DeferredFigures> {
  const name = `sluice_bench_${Math.random().toString(36).slice(2, 10)}`
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const dbUrl = url.toString()
  const queueUrl = `${redisUrl}${redisUrl.includes('?') ? '&' : '?'}queue=${name}`
  let store: Store | undefined
  let platform: LocalPlatform | undefined
  let queue: JobQueue | undefined
  try {
    store = await openDatabase(dbUrl)
    queue = await openBullmqJobQueue(store, { url: queueUrl })
    platform = createPlatform({ store, registry: benchRegistry(), queue, isWorker: false })
    await installChain(platform)
    const processes = Array.from({ length: workers }, () => startWorker(dbUrl, queueUrl, concurrency))
    await Promise.all(processes.map((process) => process.ready))
    await fireAll(platform, 200)
    await platform.drain()
    const enqueued = await fireAll(platform, runs)
    await platform.drain()
    const finished = new Map<string, number>()
    for (const process of processes) {
      for (const [id, at] of Object.entries(await process.finished())) finished.set(id, at)
    }
    return figures(
      `BullMQ on Redis, PostgreSQL, ${workers} worker processes (${concurrency} at once each)`,
      enqueued,
      finished,
    )
  } finally {
    await platform?.close()
    await store?.close()
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await forgetQueue(redisUrl, name)
  }
}

const forgetQueue = deleteBullmqQueue

/**
 * The distributed JobQueue (issue #4, ARCHITECTURE.md §3): BullMQ on Redis, with the store's
 * `jobs` table as its outbox. Redis cannot join the database transaction that wrote the
 * operation, so a job is first written to the table in that transaction (as the embedded queue
 * does); a relay in every process claims committed rows, adds them to BullMQ and deletes them.
 * A crash between the commit and the relay loses nothing: the rows wait for the next relay
 * pass (another process's, or this one's after a restart). A crash between BullMQ's add and the
 * delete adds the job again under the same BullMQ job id (row id and creation time), which
 * BullMQ ignores while the first copy is still there: delivery stays at least once.
 *
 *   trx ─▶ jobs row ─▶ relay (claim ≤ 100, lease) ─▶ Queue.addBulk ─▶ delete rows (with the next claim)
 *                                                      │
 *   sluice worker: Worker(concurrency) ◀───────────────┘ ─▶ handler ─▶ done | retry (backoff) | failed = dead
 *
 * BullMQ retries a failing job with exponential backoff; after the last attempt it stays in
 * BullMQ's failed set with its error (kept, never removed automatically): the dead jobs, until an
 * admin retries or discards them (`retryDead`, `discardDead`).
 */
import { type Job, Queue, Worker } from 'bullmq'
import { Redis } from 'ioredis'
import { OperationalError } from '../../errors.ts'
import { deleteUnreferencedInputs, type Executor, type Store } from '../../store/index.ts'
import { describeError } from '../embedded/embedded-job-queue.ts'
import {
  countJobs,
  createJobWriter,
  discardDeadJobs,
  finishAndClaimJobs,
  hasActiveJobs,
  isJobRowId,
  jobRowIds,
  listDeadJobs,
  loadPayload,
  prepareJob,
  retryDeadJobs,
} from '../embedded/job-rows.ts'
import {
  DEFAULT_RETRY,
  type DeadJob,
  type JobHandler,
  type JobPayload,
  type JobQueue,
  type QueueDepth,
  type RetryPolicy,
} from '../job-queue.ts'

/** The BullMQ queue name when the URL names none (`?queue=` overrides it). */
export const DEFAULT_QUEUE_NAME = 'sluice-deferred'

/** Settings of the BullMQ queue. */
export interface BullmqQueueOptions {
  /** `redis://[user:password@]host[:port][/db][?queue=<name>]`. */
  url: string
  /** Jobs a worker process runs at once (default 4). */
  concurrency?: number
  retry?: Partial<RetryPolicy>
  /** How long a worker's lock on a job lasts before another worker takes it back (default 30 s). */
  lockMs?: number
  /** Outbox rows relayed per batch (default 100). */
  relayBatch?: number
  /** How often an idle relay looks at the table (default 250 ms). */
  pollMs?: number
  onJobError?: (error: unknown, payload: JobPayload | null) => void
}

/** Splits `?queue=<name>` off the URL. */
export function queueNameOf(url: string): { redisUrl: string; name: string } {
  const parsed = new URL(url)
  const name = parsed.searchParams.get('queue') || DEFAULT_QUEUE_NAME
  parsed.searchParams.delete('queue')
  return { redisUrl: parsed.toString(), name }
}

/**
 * A queue on BullMQ over `options.url`, with `store`'s `jobs` table as its outbox. Rejects with
 * SLC_QUEUE when Redis does not answer within `connectTimeoutMs` (default 5 s).
 */
export async function openBullmqJobQueue(
  store: Store,
  options: BullmqQueueOptions & { connectTimeoutMs?: number },
): Promise<JobQueue> {
  // One try, no reconnection: a wrong URL is reported at start instead of retried forever.
  const probe = new Redis(queueNameOf(options.url).redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  })
  probe.on('error', () => {})
  const timeoutMs = options.connectTimeoutMs ?? 5000
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      probe.connect().then(() => probe.ping()),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs)
      }),
    ])
  } catch (error) {
    throw new OperationalError(
      'SLC_QUEUE',
      `Cannot reach Redis at ${redactUrl(options.url)}: ${(error as Error).message}`,
      error,
    )
  } finally {
    clearTimeout(timer)
    probe.disconnect()
  }
  return createBullmqJobQueue(store, options)
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@')
}

/** A queue on BullMQ over `options.url`, with `store`'s `jobs` table as its outbox. */
export function createBullmqJobQueue(store: Store, options: BullmqQueueOptions): JobQueue {
  const { redisUrl, name } = queueNameOf(options.url)
  const connection = { url: redisUrl }
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry }
  const relayBatch = options.relayBatch ?? 100
  const owner = `relay-${process.pid}-${Math.random().toString(36).slice(2)}`
  const queue = new Queue(name, { connection })
  queue.on('error', (error) => options.onJobError?.(error, null))
  let worker: Worker | null = null
  let isClosed = false
  let relaying: Promise<void> | null = null
  let isRelayAgain = false
  const writeJob = createJobWriter(store.db, Date.now)

  // Claims committed outbox rows and hands them to BullMQ, batch after batch. The rows of a
  // batch BullMQ took are deleted in the transaction of the next claim (one commit, one round
  // trip less per batch); the last claim, which finds nothing, deletes the last batch's rows.
  const relayAll = async () => {
    let relayed: number[] = []
    for (;;) {
      const rows = await finishAndClaimJobs(store.db, store.dialect, owner, relayed, {
        limit: relayBatch,
        now: Date.now(),
        leaseMs: 60_000,
      })
      if (rows.length === 0) return
      await queue.addBulk(
        rows.map((row) => ({
          name: 'deferred',
          data: row.payload,
          opts: {
            // The row: a second relay of the same row is the same BullMQ job (which BullMQ
            // ignores while the first is there). The creation time keeps ids of a reset
            // database from colliding with jobs Redis still holds (dead ones stay forever).
            jobId: `outbox-${row.id}-${row.created}`,
            attempts: retry.maxAttempts,
            backoff: { type: 'exponential', delay: retry.backoffMs },
            removeOnComplete: true,
            removeOnFail: false,
          },
        })),
      )
      relayed = rows.map((row) => row.id)
    }
  }
  const relay = (): Promise<void> => {
    if (relaying) {
      isRelayAgain = true
      return relaying
    }
    relaying = (async () => {
      do {
        isRelayAgain = false
        await relayAll()
      } while (isRelayAgain && !isClosed)
    })()
      .catch((error) => options.onJobError?.(error, null))
      .finally(() => {
        relaying = null
      })
    return relaying
  }
  const poll = setInterval(() => void relay(), options.pollMs ?? 250)
  poll.unref()
  void relay()

  const bullDepth = async (): Promise<QueueDepth> => {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed')
    return {
      queued: (counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.prioritized ?? 0),
      running: counts.active ?? 0,
      dead: counts.failed ?? 0,
    }
  }

  return {
    kind: 'bullmq',
    async enqueue(payload, db?: Executor) {
      await writeJob(prepareJob(payload), db)
      // Inside a transaction the row is not visible yet: the poll relays it after the commit.
      if (!db?.isTransaction) void relay()
    },
    start(handler: JobHandler) {
      worker = new Worker(
        name,
        async (job) => {
          let payload: JobPayload | null = null
          try {
            // The input is read from the database (run_inputs): the Redis job carries the rest.
            payload = await loadPayload(store.db, job.data as string)
            await handler(payload)
          } catch (error) {
            options.onJobError?.(error, payload)
            throw new Error(describeError(error))
          }
        },
        {
          connection,
          concurrency: options.concurrency ?? 4,
          lockDuration: options.lockMs ?? 30_000,
          stalledInterval: Math.max(1000, (options.lockMs ?? 30_000) / 2),
          // A worker that dies mid-job makes the job stalled; it runs again, up to this often.
          maxStalledCount: retry.maxAttempts,
        },
      )
      worker.on('error', (error) => options.onJobError?.(error, null))
    },
    async drain() {
      for (;;) {
        await relay()
        const outbox = await hasActiveJobs(store.db)
        const depth = await bullDepth()
        if (!outbox && depth.queued === 0 && depth.running === 0) return
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    },
    async depth() {
      const [outbox, bull] = await Promise.all([countJobs(store.db), bullDepth()])
      return {
        queued: outbox.queued + bull.queued,
        running: outbox.running + bull.running,
        dead: outbox.dead + bull.dead,
      }
    },
    async deadJobs(limit = 50): Promise<DeadJob[]> {
      // The outbox's own dead rows (left by an embedded queue on this database before it went
      // distributed; depth() counts them) are listed beside BullMQ's failed set, by row id.
      const [outbox, failed] = await Promise.all([listDeadJobs(store.db, limit), queue.getFailed(0, limit - 1)])
      return [...outbox, ...failed.map(deadJobOf)].sort((a, b) => b.failedAt - a.failedAt).slice(0, limit)
    },
    async retryDead(ids) {
      const rows = await retryDeadJobs(store.db, jobRowIds(ids), Date.now())
      if (rows > 0) void relay()
      const retried = await eachFailedJob(queue, ids, async (job) => {
        // Attempts from zero: BullMQ's bulk retryJobs keeps them, and the job would die at once.
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true })
      })
      return rows + retried.length
    },
    async discardDead(ids) {
      const rows = await discardDeadJobs(store.db, jobRowIds(ids))
      const removed = await eachFailedJob(queue, ids, (job) => job.remove())
      await deleteUnreferencedInputs(store.db, removed.flatMap(inputIdOf))
      return rows + removed.length
    },
    async close() {
      isClosed = true
      clearInterval(poll)
      await relaying
      await worker?.close()
      await queue.close()
    },
  }
}

/** A failed BullMQ job as `deadJobs()` lists it. */
function deadJobOf(job: Job): DeadJob {
  let triggerId: string | null = null
  try {
    triggerId = (JSON.parse(job.data as string) as JobPayload).triggerId ?? null
  } catch {
    triggerId = null
  }
  return {
    id: String(job.id),
    kind: 'bullmq',
    triggerId,
    attempts: job.attemptsMade,
    lastError: job.failedReason ?? '',
    failedAt: job.finishedOn ?? job.processedOn ?? job.timestamp,
  }
}

/** The stored input (`run_inputs`) a BullMQ job's payload names, if any. */
function inputIdOf(job: Job): number[] {
  try {
    const { inputId } = JSON.parse(job.data as string) as JobPayload
    return typeof inputId === 'string' ? [Number(inputId)] : []
  } catch {
    return []
  }
}

/** Failed jobs handled at once by `eachFailedJob`: Redis round trips overlap, a few at a time. */
const FAILED_JOB_BATCH = 50

/**
 * Applies `action` to the failed jobs `ids` names (none: every failed job) and answers those it
 * was applied to. Ids of outbox rows (digits only) and unknown ids are skipped. A job that is not
 * in the failed set (retried meanwhile, never dead) is skipped too: `action` runs only after
 * BullMQ says the job is failed, and a failure of `action` counts only while it still is.
 */
async function eachFailedJob(
  queue: Queue,
  ids: readonly string[] | undefined,
  action: (job: Job) => Promise<unknown>,
): Promise<Job[]> {
  const named = ids && [...new Set(ids)].filter((id) => !isJobRowId(id))
  const jobs =
    named === undefined
      ? await queue.getFailed(0, -1)
      : (await Promise.all(named.map((id) => queue.getJob(id)))).filter((job): job is Job => job != null)
  const done: Job[] = []
  for (let start = 0; start < jobs.length; start += FAILED_JOB_BATCH) {
    await Promise.all(
      jobs.slice(start, start + FAILED_JOB_BATCH).map(async (job) => {
        if (ids !== undefined && !(await job.isFailed())) return
        try {
          await action(job)
          done.push(job)
        } catch (error) {
          if (await job.isFailed()) throw error
        }
      }),
    )
  }
  return done
}

/**
 * Removes BullMQ queue `name` from Redis at `redisUrl` with everything it holds, dead jobs
 * included: tests and benchmarks clean up their throw-away queues with it.
 */
export async function deleteBullmqQueue(redisUrl: string, name: string): Promise<void> {
  const queue = new Queue(name, { connection: { url: queueNameOf(redisUrl).redisUrl } })
  try {
    await queue.obliterate({ force: true })
  } finally {
    await queue.close()
  }
}

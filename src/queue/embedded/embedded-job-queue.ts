/**
 * The embedded JobQueue (issue #4, ARCHITECTURE.md §3): jobs in the store's own `jobs` table,
 * drained by workers inside this process. A job is written in the transaction of the operation
 * that fired it; workers claim due jobs in batches under a lease, run each, and delete it when
 * done. A failure is retried with exponential backoff; after the last attempt the job is `dead`,
 * its error kept, until an admin retries or discards it (`retryDead`, `discardDead`). A process that dies leaves its jobs `running` with a lease that runs out, and
 * another claim takes them again (on SQLite, where one process holds the data folder, at once).
 *
 *   kick() ─▶ pump: claim(free slots) ─▶ run each (≤ concurrency at once) ─▶ finish | fail
 *                     ▲                                                        │
 *                     └──────── next pump (a slot freed, a poll tick) ◀────────┘
 */
import { randomUUID } from 'node:crypto'
import type { Executor, Store } from '../../store/index.ts'
import {
  backoffDelay,
  DEFAULT_RETRY,
  type JobHandler,
  type JobPayload,
  type JobQueue,
  type RetryPolicy,
} from '../job-queue.ts'
import {
  type ClaimedJob,
  createJobWriter,
  countJobs,
  discardDeadJobs,
  failJob,
  finishAndClaimJobs,
  finishJobs,
  hasActiveJobs,
  inputOf,
  jobRowIds,
  listDeadJobs,
  loadPayload,
  prepareJob,
  releaseAllLeases,
  releaseJobs,
  renewLeases,
  retryDeadJobs,
} from './job-rows.ts'
import { createInputHandoff } from './input-handoff.ts'

/** Settings of the embedded queue. */
export interface EmbeddedQueueOptions {
  /**
   * Jobs run at the same time in this process (default 1: one after the other, in the order they
   * were written, as the in-process chain before the queue did; `sluice serve` and `sluice worker`
   * take `--concurrency`). More lets slow actions (a webhook waiting on its timeout) overlap.
   */
  concurrency?: number
  retry?: Partial<RetryPolicy>
  /** How long a claim holds a job before another process may take it (default 60 s; renewed). */
  leaseMs?: number
  /** How often an idle worker looks for jobs written by others or due after backoff (default 250 ms). */
  pollMs?: number
  /** Milliseconds since the epoch (tests). */
  now?: () => number
  /** Called with what a job's failure said (default: nothing; the error stays on the job). */
  onJobError?: (error: unknown, payload: JobPayload | null) => void
}

/** The embedded queue, plus what the BullMQ relay reuses. */
export interface EmbeddedJobQueue extends JobQueue {
  /** Wakes the workers (a job was written). */
  kick(): void
}

/** A queue over `store`'s `jobs` table. */
export function createEmbeddedJobQueue(store: Store, options: EmbeddedQueueOptions = {}): EmbeddedJobQueue {
  const concurrency = Math.max(1, options.concurrency ?? 1)
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry }
  const leaseMs = options.leaseMs ?? 60_000
  const pollMs = options.pollMs ?? 250
  const now = options.now ?? Date.now
  const owner = `${process.pid}-${randomUUID()}`
  let handler: JobHandler | null = null
  let isClosed = false
  let running = 0
  let isPumping = false
  let isPumpAgain = false
  let startup: Promise<void> = Promise.resolve()
  let poll: NodeJS.Timeout | undefined
  let heartbeat: NodeJS.Timeout | undefined
  // Resolved whenever a job ends: drain() waits on it while this process is busy.
  let settled = Promise.withResolvers<void>()
  // Finished ids waiting for one batched delete.
  let finished: number[] = []
  let flushing: Promise<void> | null = null
  // Claimed ahead, not started yet, in claim (id) order.
  let claimed: ClaimedJob[] = []
  // One claim fetches several jobs ahead (leased to this process): a claim costs a query and,
  // with the acks riding on it, a commit. On SQLite one process holds the data folder, so a
  // larger batch takes nothing from another worker (and what it held goes back at its restart).
  const prefetch = store.dialect === 'sqlite' ? Math.max(concurrency * 16, 64) : Math.max(concurrency * 4, 8)
  const writeJob = createJobWriter(store.db, now)
  const handoff = createInputHandoff(owner, now)

  const flush = (): Promise<void> => {
    flushing ??= (async () => {
      while (finished.length > 0) {
        const ids = finished
        finished = []
        await finishJobs(store.db, owner, ids)
      }
    })().finally(() => {
      flushing = null
    })
    return flushing
  }

  // The finished jobs are deleted in the claim's transaction (one commit for both); on failure
  // they wait for the next flush or claim.
  const claimAfterAcks = async (): Promise<ClaimedJob[]> => {
    const acks = finished
    finished = []
    try {
      return await finishAndClaimJobs(store.db, store.dialect, owner, acks, { limit: prefetch, now: now(), leaseMs })
    } catch (error) {
      finished.push(...acks)
      throw error
    }
  }

  const runOne = async (job: ClaimedJob) => {
    let payload: JobPayload | null = null
    try {
      payload = await loadPayload(store.db, job.payload, handoff)
      await handler!(payload)
      finished.push(job.id)
    } catch (error) {
      options.onJobError?.(error, payload)
      const isDead = job.attempts >= retry.maxAttempts
      await failJob(store.db, owner, job.id, describeError(error), now(), {
        isDead,
        delayMs: isDead ? 0 : backoffDelay(retry, job.attempts),
      }).catch((failure) => options.onJobError?.(failure, payload))
    }
  }

  const pump = async (): Promise<void> => {
    if (isPumping) {
      isPumpAgain = true
      return
    }
    isPumping = true
    try {
      await startup
      do {
        isPumpAgain = false
        while (!isClosed && handler && running < concurrency) {
          if (claimed.length === 0) claimed = await claimAfterAcks()
          if (claimed.length === 0 || isClosed) break
          while (claimed.length > 0 && running < concurrency) {
            const job = claimed.shift()!
            running++
            runOne(job)
              // Acks wait for the next claim while others run; the last one running flushes them.
              .then(() => (finished.length >= prefetch || running === 1 ? flush() : undefined))
              .catch((error) => options.onJobError?.(error, null))
              .finally(() => {
                running--
                settled.resolve()
                settled = Promise.withResolvers<void>()
                if (!isClosed) void pump()
              })
          }
        }
      } while (isPumpAgain && !isClosed)
    } catch (error) {
      options.onJobError?.(error, null)
    } finally {
      isPumping = false
    }
    if (running === 0) await flush()
  }

  const kick = () => {
    if (handler && !isClosed) setImmediate(() => void pump())
  }

  return {
    kind: 'embedded',
    kick,
    async enqueue(payload, db?: Executor, options = {}) {
      // Only a queue that runs jobs here keeps inputs for them (one that only accepts jobs, in a
      // process started without workers, would hold them until they aged out).
      if (!handler || isClosed) {
        await writeJob(prepareJob(payload), db)
        return
      }
      const localRef = handoff.tag()
      const job = prepareJob({ ...payload, localRef })
      const isTransferred = options.isInputTransferred === true
      handoff.keep(localRef, {
        text: job.input,
        isTransferred,
        ...(isTransferred ? { data: inputOf(payload) } : {}),
      })
      try {
        await writeJob(job, db)
      } catch (error) {
        handoff.take(localRef)
        throw error
      }
      kick()
    },
    start(jobHandler) {
      handler = jobHandler
      // One process holds a SQLite data folder (cli/data-lock.ts): whatever is still marked
      // running belongs to a process that died, so it is taken again now, not after its lease.
      if (store.dialect === 'sqlite') startup = releaseAllLeases(store.db, now())
      poll = setInterval(() => void pump(), pollMs)
      poll.unref()
      heartbeat = setInterval(() => {
        if (running > 0 || claimed.length > 0) void renewLeases(store.db, owner, now() + leaseMs).catch(() => {})
      }, leaseMs / 3)
      heartbeat.unref()
      kick()
    },
    async drain() {
      for (;;) {
        if (running > 0) {
          await settled.promise
          continue
        }
        await flush()
        if (!(await hasActiveJobs(store.db))) return
        void pump()
        await new Promise((resolve) => setTimeout(resolve, running > 0 ? 0 : 5))
      }
    },
    depth: () => countJobs(store.db),
    deadJobs: (limit = 50) => listDeadJobs(store.db, limit),
    async retryDead(ids) {
      const retried = await retryDeadJobs(store.db, jobRowIds(ids), now())
      if (retried > 0) kick()
      return retried
    },
    discardDead: (ids) => discardDeadJobs(store.db, jobRowIds(ids)),
    async close() {
      isClosed = true
      clearInterval(poll)
      clearInterval(heartbeat)
      while (running > 0 || isPumping)
        await (running > 0 ? settled.promise : new Promise((resolve) => setTimeout(resolve, 1)))
      await flush()
      handoff.clear()
      // What was claimed ahead and never started goes back to the queue, for the next start.
      const unstarted = claimed.map((job) => job.id)
      claimed = []
      await releaseJobs(store.db, owner, unstarted, now())
    },
  }
}

/** The text kept on a failed job: the error's code (when it has one) and message. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message
  }
  return String(error)
}

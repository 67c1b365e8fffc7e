/**
 * The JobQueue port (issue #4, ARCHITECTURE.md §3, docs/queue.md): where deferred work waits
 * until a worker runs it. Two kinds of work go through it: a non-blocking trigger run (spec/
 * ENGINE.md §2.1 step 2) and a concurrent-task branch (§2.6.3). The whole payload travels in
 * the job, never in a process argument (MISP passes it on the command line, which breaks for
 * large events).
 *
 *   trigger site ─▶ enqueue(payload, trx) ─▶ row in `jobs` (same commit as the operation)
 *                                               │
 *          embedded: in-process workers ◀───────┤ claim (lease) ─▶ handler ─▶ delete
 *          distributed: relay ─▶ BullMQ ─▶ `sluice worker` ─▶ handler
 *
 * The input, often tens of KB, is written once, to `run_inputs`, in the same commit as the job;
 * the job row holds the rest and `inputId`, so that claims and acks touch small rows only, and
 * the run history points at the same input row instead of copying it.
 *
 * Delivery is at least once: a handler may see a job again after a crash, so what it does must
 * bear repeating (a run is recorded again; nothing is lost).
 */
import type { DeferredWalk } from '../engine/index.ts'
import type { Executor } from '../store/index.ts'

/** What every job carries besides its work: who caused it (opaque to the queue). */
interface JobContext {
  /** The causal chain of runs (the loop guard's, src/platform/runs/run-chain.ts); plain JSON. */
  chain?: unknown
  /** The run that deferred this work, when there is one. */
  parentRunId?: string | null
  /**
   * Where the job's input (`data`, `walk.data`) is stored once (`run_inputs`, docs/queue.md): set
   * by the queue as it writes the job, the input put back before the handler runs. The runs made
   * from the job record this reference instead of a copy of the input.
   */
  inputId?: string
  /**
   * Set by an embedded queue that kept the input in memory for its own workers
   * (embedded/input-handoff.ts); taken off before the handler runs.
   */
  localRef?: string
}

/** A non-blocking trigger fired: run `workflowIds` (in order) on `data`. */
export interface TriggerJob extends JobContext {
  kind: 'trigger'
  triggerId: string
  /** The raw trigger data, as the site built it. */
  data: unknown
  /** The workflows listening when the trigger fired, in run order (row ids as strings). */
  workflowIds: string[]
}

/** A concurrent-task branch: walk `walk.workflowId` from `walk.nodeId` on `walk.data`. */
export interface WalkJob extends JobContext {
  kind: 'walk'
  triggerId: string
  walk: DeferredWalk
}

/** The payload of a job. */
export type JobPayload = TriggerJob | WalkJob

/** Runs one job; a rejection is retried with backoff until the job is dead. */
export type JobHandler = (payload: JobPayload) => Promise<void>

/** How many jobs are in each state, as the metrics and `drain()` see them. */
export interface QueueDepth {
  /** Waiting to run (including retries waiting out their backoff). */
  queued: number
  /** Claimed by a worker right now. */
  running: number
  /** Failed on every attempt; kept with their last error. */
  dead: number
}

/** A job that failed on every attempt. */
export interface DeadJob {
  id: string
  kind: string
  triggerId: string | null
  attempts: number
  lastError: string
  /** When it died, ms since the epoch. */
  failedAt: number
}

/** Retry and lease settings shared by the adapters. */
export interface RetryPolicy {
  /** Attempts before a job is dead (default 5). */
  maxAttempts: number
  /** Delay before the second attempt, doubled for each further one (default 1,000 ms). */
  backoffMs: number
}

/** The default retry policy. */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, backoffMs: 1000 }

/** The delay before attempt `attempt + 1` after `attempt` failed (1-based): exponential. */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  return policy.backoffMs * 2 ** Math.max(0, attempt - 1)
}

/** How a job is handed over. */
export interface EnqueueOptions {
  /**
   * The caller gives the job's input away: it will not change it after this call, and it is
   * plain JSON data (what `JSON.parse` of its text gives back). A worker of the same process may
   * then run on that very object instead of reading the input back (embedded/input-handoff.ts).
   */
  isInputTransferred?: boolean
}

/** Where deferred work waits (embedded/embedded-job-queue.ts, bullmq/bullmq-job-queue.ts). */
export interface JobQueue {
  /** `embedded` or `bullmq`: for logs and metrics. */
  readonly kind: 'embedded' | 'bullmq'
  /**
   * Writes the job through `db`: pass the transaction of the operation that fired the trigger
   * and the job commits (or rolls back) with it. Without `db`, it is written on its own.
   */
  enqueue(payload: JobPayload, db?: Executor, options?: EnqueueOptions): Promise<void>
  /** Starts running jobs in this process with `handler` (a queue without it only accepts jobs). */
  start(handler: JobHandler): void
  /** Resolves when nothing this process can see is queued or running. */
  drain(): Promise<void>
  /** How many jobs are queued, running and dead. */
  depth(): Promise<QueueDepth>
  /** The most recent dead jobs, newest first. */
  deadJobs(limit?: number): Promise<DeadJob[]>
  /**
   * Puts dead jobs back in the queue, `ids` as `deadJobs()` names them (none: every dead job),
   * once what killed them is fixed: each starts afresh, due now, with all its attempts again
   * and its old error cleared (BullMQ's retry drops it too). Answers how many went back; an
   * unknown id, or one of a job that is not dead, is not counted and nothing happens to it.
   */
  retryDead(ids?: readonly string[]): Promise<number>
  /**
   * Removes dead jobs (`ids` as above; none: every dead job), with their stored input unless a
   * run made from the job still points at it. Answers how many went.
   */
  discardDead(ids?: readonly string[]): Promise<number>
  /** Stops claiming, waits for running jobs, releases connections. Queued jobs stay queued. */
  close(): Promise<void>
}

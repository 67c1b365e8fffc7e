/**
 * Choosing the queue of deferred work from `--queue` (issue #4, docs/queue.md): absent or
 * `embedded`, the store's own `jobs` table; `redis://…` or `rediss://…`, BullMQ on that Redis,
 * the table staying the outbox. `--concurrency` sets how many jobs a process runs at once.
 */
import { UserError } from '../errors.ts'
import type { JobPayload, JobQueue } from '../queue/index.ts'
import type { Store } from '../store/index.ts'

/** The default number of jobs `sluice serve` and `sluice worker` run at the same time. */
export const DEFAULT_CONCURRENCY = 4

/** What `--queue` names. */
export type QueueTarget = { kind: 'embedded' } | { kind: 'bullmq'; url: string }

/** Parses `--queue` (or `SLUICE_QUEUE`): `embedded` by default. */
export function parseQueueUrl(text: string | undefined): QueueTarget {
  if (text === undefined || text === '' || text === 'embedded') return { kind: 'embedded' }
  if (/^rediss?:\/\//i.test(text)) return { kind: 'bullmq', url: text }
  throw new UserError('SLC_VALIDATION', `--queue ${text}: expected "embedded" or a redis://… URL`)
}

/** Parses `--concurrency` (or `SLUICE_QUEUE_CONCURRENCY`): a whole number from 1 to 256. */
export function parseConcurrency(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_CONCURRENCY
  const value = Number(text)
  if (!/^[0-9]+$/.test(text) || value < 1 || value > 256) {
    throw new UserError('SLC_VALIDATION', `--concurrency ${text}: expected a whole number from 1 to 256`)
  }
  return value
}

/** `SLUICE_QUEUE_LOCK_MS`: how long a BullMQ worker's lock on a job lasts (default 30 s). */
function lockMsFromEnv(): number | undefined {
  const text = process.env.SLUICE_QUEUE_LOCK_MS
  return text && /^[0-9]+$/.test(text) ? Math.max(1000, Number(text)) : undefined
}

/** The Redis URL for logs: without its password. */
export function describeQueue(target: QueueTarget): string {
  return target.kind === 'embedded' ? 'embedded' : target.url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@')
}

/** Opens the queue `target` over `store`. */
export async function openQueue(
  target: QueueTarget,
  store: Store,
  options: { concurrency: number; onJobError: (error: unknown, payload: JobPayload | null) => void },
): Promise<JobQueue> {
  if (target.kind === 'embedded') {
    const { createEmbeddedJobQueue } = await import('../queue/index.ts')
    return createEmbeddedJobQueue(store, options)
  }
  // Loaded only when asked for: the embedded mode never loads BullMQ.
  const { openBullmqJobQueue } = await import('../queue/bullmq/bullmq-job-queue.ts')
  return openBullmqJobQueue(store, { url: target.url, lockMs: lockMsFromEnv(), ...options })
}

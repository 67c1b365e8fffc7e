/**
 * The SQL of the `jobs` table (store/migrations/0004-job-queue.ts): insert, claim under a lease,
 * finish, retry or bury. Both adapters use it: the embedded queue runs what it claims, the BullMQ
 * adapter relays what it claims to Redis (the table is its outbox).
 *
 * A claim takes the oldest due rows, `queued` ones whose backoff is over and `running` ones whose
 * lease expired (their process died), in one `UPDATE … RETURNING`. On PostgreSQL the candidate
 * rows are locked with `SKIP LOCKED`, so that concurrent claimers never take the same row; SQLite
 * has one writer at a time, so its statement alone is enough.
 */
import { sql } from 'kysely'
import type { Executor, StoreDialect } from '../../store/index.ts'
import type { DeadJob, JobPayload, QueueDepth } from '../job-queue.ts'

/** A claimed job. */
export interface ClaimedJob {
  id: number
  payload: string
  attempts: number
  /** When the job was written (ms): with the id, it names the job across database resets. */
  created: number
}

/** Inserts a queued job. */
export async function insertJob(db: Executor, payload: JobPayload, now: number): Promise<void> {
  await db
    .insertInto('jobs')
    .values({
      kind: payload.kind,
      payload: JSON.stringify(payload),
      status: 'queued',
      attempts: 0,
      run_after: now,
      lease_owner: null,
      lease_until: null,
      last_error: null,
      created: now,
      updated: now,
    })
    .execute()
}

/** Claims up to `limit` due jobs for `owner` until `now + leaseMs`; each claim counts an attempt. */
export async function claimJobs(
  db: Executor,
  dialect: StoreDialect,
  owner: string,
  limit: number,
  now: number,
  leaseMs: number,
): Promise<ClaimedJob[]> {
  const lock = dialect === 'postgres' ? sql`for update skip locked` : sql``
  const result = await sql<{
    id: number | string
    payload: string
    attempts: number | string
    created: number | string
  }>`
    update jobs
       set status = 'running', lease_owner = ${owner}, lease_until = ${now + leaseMs},
           attempts = attempts + 1, updated = ${now}
     where id in (
       select id from jobs
        where (status = 'queued' and run_after <= ${now})
           or (status = 'running' and lease_until < ${now})
        order by id
        limit ${limit}
        ${lock})
    returning id, payload, attempts, created`.execute(db)
  return result.rows
    .map((row) => ({
      id: Number(row.id),
      payload: row.payload,
      attempts: Number(row.attempts),
      created: Number(row.created),
    }))
    .sort((a, b) => a.id - b.id)
}

/** Deletes finished jobs (only while `owner` still holds them). */
export async function finishJobs(db: Executor, owner: string, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return
  await db.deleteFrom('jobs').where('id', 'in', ids).where('lease_owner', '=', owner).execute()
}

/** Puts a failed job back for a retry after `delayMs`, or buries it (`dead`) with its error. */
export async function failJob(
  db: Executor,
  owner: string,
  id: number,
  error: string,
  now: number,
  retry: { isDead: boolean; delayMs: number },
): Promise<void> {
  await db
    .updateTable('jobs')
    .set({
      status: retry.isDead ? 'dead' : 'queued',
      run_after: now + retry.delayMs,
      lease_owner: null,
      lease_until: null,
      last_error: error,
      updated: now,
    })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .execute()
}

/** Gives back jobs `owner` claimed but did not start: claimable again at once, the attempt not counted. */
export async function releaseJobs(db: Executor, owner: string, ids: readonly number[], now: number): Promise<void> {
  if (ids.length === 0) return
  await db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'queued',
      lease_owner: null,
      lease_until: null,
      attempts: eb('attempts', '-', 1),
      updated: now,
    }))
    .where('id', 'in', ids)
    .where('lease_owner', '=', owner)
    .execute()
}

/** Extends the leases `owner` holds (a long run keeps its jobs). */
export async function renewLeases(db: Executor, owner: string, until: number): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ lease_until: until })
    .where('status', '=', 'running')
    .where('lease_owner', '=', owner)
    .execute()
}

/**
 * Makes every running job claimable now: for the one process that holds a SQLite data folder,
 * a job still marked running at start belongs to a process that died.
 */
export async function releaseAllLeases(db: Executor, now: number): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ status: 'queued', lease_owner: null, lease_until: null, updated: now })
    .where('status', '=', 'running')
    .execute()
}

/** How many jobs are queued, running and dead. */
export async function countJobs(db: Executor): Promise<QueueDepth> {
  const rows = await db
    .selectFrom('jobs')
    .select(['status', (eb) => eb.fn.countAll<number | string>().as('count')])
    .groupBy('status')
    .execute()
  const depth: QueueDepth = { queued: 0, running: 0, dead: 0 }
  for (const row of rows) {
    if (row.status === 'queued' || row.status === 'running' || row.status === 'dead')
      depth[row.status] = Number(row.count)
  }
  return depth
}

/** Whether any job is queued or running. */
export async function hasActiveJobs(db: Executor): Promise<boolean> {
  const row = await db
    .selectFrom('jobs')
    .select('id')
    .where('status', 'in', ['queued', 'running'])
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/** The newest dead jobs. */
export async function listDeadJobs(db: Executor, limit: number): Promise<DeadJob[]> {
  const rows = await db
    .selectFrom('jobs')
    .select(['id', 'kind', 'payload', 'attempts', 'last_error', 'updated'])
    .where('status', '=', 'dead')
    .orderBy('updated', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
  return rows.map((row) => ({
    id: String(row.id),
    kind: row.kind,
    triggerId: triggerOf(row.payload),
    attempts: Number(row.attempts),
    lastError: row.last_error ?? '',
    failedAt: Number(row.updated),
  }))
}

function triggerOf(payload: string): string | null {
  try {
    const parsed = JSON.parse(payload) as { triggerId?: unknown }
    return typeof parsed.triggerId === 'string' ? parsed.triggerId : null
  } catch {
    return null
  }
}

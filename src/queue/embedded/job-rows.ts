/**
 * The SQL of the `jobs` table (store/migrations/0004-job-queue.ts): insert, claim under a lease,
 * finish, retry or bury; and an admin's retry or discard of dead jobs. Both adapters use it: the
 * embedded queue runs what it claims, the BullMQ adapter relays what it claims to Redis (the
 * table is its outbox).
 *
 * A claim takes the oldest due rows, `queued` ones whose backoff is over and `running` ones whose
 * lease expired (their process died), in one `UPDATE … RETURNING`. On PostgreSQL the candidate
 * rows are locked with `SKIP LOCKED`, so that concurrent claimers never take the same row; SQLite
 * has one writer at a time, so its statement alone is enough.
 *
 * A job's input (the event, a branch's data) is not in its row: it is written once to
 * `run_inputs` (migration 0011), the row's payload naming it (`inputId`), so that claims and
 * acks rewrite small rows; `loadPayload` puts it back for the handler.
 */
import { sql } from 'kysely'
import { compiledQuery } from '../../store/compiled-query.ts'
import { deleteUnreferencedInputs, type Executor, type StoreDialect } from '../../store/index.ts'
import type { DeadJob, JobPayload, QueueDepth } from '../job-queue.ts'
import type { InputHandoff } from './input-handoff.ts'

/** A claimed job. */
export interface ClaimedJob {
  id: number
  /** The payload's JSON text, without its input when that is in `run_inputs` (`loadPayload`). */
  payload: string
  attempts: number
  /** When the job was written (ms): with the id, it names the job across database resets. */
  created: number
}

/** The input of a payload: what its run receives (a trigger's data, a walk's data). */
export function inputOf(payload: JobPayload): unknown {
  return payload.kind === 'trigger' ? payload.data : payload.walk.data
}

/**
 * The input of a payload and the payload without it: the input is written once to
 * `run_inputs`, the rest to the job row.
 */
function splitInput(payload: JobPayload): { input: unknown; rest: JobPayload } {
  if (payload.kind === 'trigger') {
    const { data, ...rest } = payload
    return { input: data, rest: rest as JobPayload }
  }
  const { data, ...walk } = payload.walk
  return { input: data, rest: { ...payload, walk: walk as typeof payload.walk } }
}

/** Puts `input` back where `splitInput` took it from. */
function joinInput(payload: JobPayload, input: unknown): JobPayload {
  if (payload.kind === 'trigger') return { ...payload, data: input }
  return { ...payload, walk: { ...payload.walk, data: input } }
}

/** A job ready to write: its input's JSON text and the rest's, serialised when it was enqueued. */
export interface PreparedJob {
  kind: string
  input: string
  rest: string
}

/** Serialises `payload` now: later changes to the caller's objects do not reach the job. */
export function prepareJob(payload: JobPayload): PreparedJob {
  const { input, rest } = splitInput(payload)
  return { kind: payload.kind, input: JSON.stringify(input) ?? 'null', rest: JSON.stringify(rest) }
}

/** The columns of a job queued afresh at `now`: due at once, no attempt, lease or error yet. */
function queuedAfresh(now: number) {
  return {
    status: 'queued',
    attempts: 0,
    run_after: now,
    lease_owner: null,
    lease_until: null,
    last_error: null,
    updated: now,
  } as const
}

/** Rows per multi-row insert (well under SQLite's limit on bound parameters). */
const INSERT_CHUNK = 200

/**
 * Writes `jobs` through `trx`: their inputs in one multi-row insert into `run_inputs`, then the
 * job rows, each payload naming its input (`inputId`). One statement per table, not per job: on
 * PostgreSQL each statement is a round trip.
 */
async function writeJobs(trx: Executor, jobs: readonly PreparedJob[], now: number): Promise<void> {
  for (let start = 0; start < jobs.length; start += INSERT_CHUNK) {
    const chunk = jobs.slice(start, start + INSERT_CHUNK)
    const inserted = await trx
      .insertInto('run_inputs')
      .values(chunk.map((job) => ({ created: now, data: job.input })))
      .returning('id')
      .execute()
    // Ids grow in the order of the VALUES list; RETURNING's own order is not promised.
    const ids = inserted.map((row) => Number(row.id)).sort((a, b) => a - b)
    await trx
      .insertInto('jobs')
      .values(
        chunk.map((job, index) => ({
          kind: job.kind,
          // The rest's JSON object with `"inputId"` added before its closing brace.
          payload: `${job.rest.slice(0, -1)},"inputId":"${ids[index]}"}`,
          ...queuedAfresh(now),
          created: now,
          input_id: ids[index]!,
        })),
      )
      .execute()
  }
}

/**
 * Inserts a queued job: its input in `run_inputs`, the rest (with `inputId`) in `jobs`, through
 * `db`'s transaction, or one of their own: both rows commit together.
 */
export async function insertJob(db: Executor, payload: JobPayload, now: number): Promise<void> {
  const jobs = [prepareJob(payload)]
  await (db.isTransaction ? writeJobs(db, jobs, now) : db.transaction().execute((trx) => writeJobs(trx, jobs, now)))
}

/**
 * Inserts jobs given without a transaction by group commit: one transaction at a time, and the
 * jobs enqueued while it commits go together in the next (a commit costs more than the inserts:
 * on SQLite it writes the WAL, on PostgreSQL it waits for the disk). Each `write` resolves once
 * its job is committed; a failed transaction rejects every job in it. A job given with a
 * transaction is written through it.
 */
export function createJobWriter(db: Executor, now: () => number): (job: PreparedJob, trx?: Executor) => Promise<void> {
  let pending: Array<{ job: PreparedJob; done: PromiseWithResolvers<void> }> = []
  let isWriting = false
  const writeAll = async () => {
    isWriting = true
    while (pending.length > 0) {
      const batch = pending
      pending = []
      try {
        const jobs = batch.map((entry) => entry.job)
        await db.transaction().execute((trx) => writeJobs(trx, jobs, now()))
        for (const { done } of batch) done.resolve()
      } catch (error) {
        for (const { done } of batch) done.reject(error)
      }
    }
    isWriting = false
  }
  return (job, trx) => {
    if (trx?.isTransaction) return writeJobs(trx, [job], now())
    const done = Promise.withResolvers<void>()
    pending.push({ job, done })
    if (!isWriting) void writeAll()
    return done.promise
  }
}

const selectInputQuery = compiledQuery((db: Executor, id: number) =>
  db.selectFrom('run_inputs').select('data').where('id', '=', id),
)

/**
 * The payload of a job as its handler gets it: parsed, with its input read back from
 * `run_inputs` when stored there (`inputId`; jobs written before migration 0011 carry it inline),
 * or taken from `handoff` when this process wrote the job and kept its input (input-handoff.ts).
 * An input that is gone (purged) reads as null.
 */
export async function loadPayload(db: Executor, text: string, handoff?: InputHandoff): Promise<JobPayload> {
  const payload = JSON.parse(text) as JobPayload
  if (typeof payload.inputId !== 'string') return payload
  if (typeof payload.localRef === 'string') {
    const kept = handoff?.take(payload.localRef)
    delete payload.localRef
    if (kept) return joinInput(payload, kept.isTransferred ? kept.data : JSON.parse(kept.text))
  }
  const [row] = await selectInputQuery(db, Number(payload.inputId))
  return joinInput(payload, row ? JSON.parse(row.data) : null)
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
  return claimRows(db, dialect, owner, limit, now, leaseMs, [])
}

/**
 * The claim's `UPDATE … RETURNING`; on PostgreSQL, with `acked` deleted by the same statement
 * (a data-modifying WITH) and kept out of the claim, so that no row is changed twice.
 */
async function claimRows(
  db: Executor,
  dialect: StoreDialect,
  owner: string,
  limit: number,
  now: number,
  leaseMs: number,
  acked: readonly number[],
): Promise<ClaimedJob[]> {
  const lock = dialect === 'postgres' ? sql`for update skip locked` : sql``
  const ids = sql.join(acked.map((id) => sql`${id}`))
  const ack =
    acked.length > 0 ? sql`with acked as (delete from jobs where id in (${ids}) and lease_owner = ${owner})` : sql``
  const notAcked = acked.length > 0 ? sql`and id not in (${ids})` : sql``
  const result = await sql<{
    id: number | string
    payload: string
    attempts: number | string
    created: number | string
  }>`
    ${ack}
    update jobs
       set status = 'running', lease_owner = ${owner}, lease_until = ${now + leaseMs},
           attempts = attempts + 1, updated = ${now}
     where id in (
       select id from jobs
        where ((status = 'queued' and run_after <= ${now})
           or (status = 'running' and lease_until < ${now}))
          ${notAcked}
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

/**
 * Acknowledges `finished` (deletes them, as `finishJobs`) and claims up to `limit` due jobs (as
 * `claimJobs`) in one transaction, on PostgreSQL in one statement: one commit instead of two.
 * A commit costs more than either statement (SQLite appends every page it changed to the WAL,
 * the jobs table's pages again each time; PostgreSQL waits for its disk), so a worker's acks,
 * and the relay's deletes, ride on its next claim.
 */
export async function finishAndClaimJobs(
  db: Executor,
  dialect: StoreDialect,
  owner: string,
  finished: readonly number[],
  claim: { limit: number; now: number; leaseMs: number },
): Promise<ClaimedJob[]> {
  if (finished.length === 0) return claimJobs(db, dialect, owner, claim.limit, claim.now, claim.leaseMs)
  // PostgreSQL: one statement, so one round trip (a transaction would take four).
  if (dialect === 'postgres') return claimRows(db, dialect, owner, claim.limit, claim.now, claim.leaseMs, finished)
  return db.transaction().execute(async (trx) => {
    await finishJobs(trx, owner, finished)
    return claimJobs(trx, dialect, owner, claim.limit, claim.now, claim.leaseMs)
  })
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

/** Whether `id` names a row of `jobs` as `listDeadJobs` does: the row id in decimal. */
export function isJobRowId(id: string): boolean {
  return /^[1-9][0-9]{0,14}$/.test(id)
}

/** The row ids among `ids` (anything else names no row); `undefined` (every dead job) stays so. */
export function jobRowIds(ids: readonly string[] | undefined): number[] | undefined {
  return ids?.filter(isJobRowId).map(Number)
}

/**
 * Puts dead jobs back in the queue (`ids`, or every dead one), in one statement that touches
 * only rows still `dead`: due now, attempts from zero, the old error cleared. Answers how many.
 */
export async function retryDeadJobs(db: Executor, ids: readonly number[] | undefined, now: number): Promise<number> {
  if (ids?.length === 0) return 0
  const result = await db
    .updateTable('jobs')
    .set(queuedAfresh(now))
    .where('status', '=', 'dead')
    .$if(ids !== undefined, (query) => query.where('id', 'in', ids!))
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/**
 * Deletes dead jobs (`ids`, or every dead one; only rows still `dead`) and, in the same
 * transaction, their stored inputs that no run refers to. Answers how many jobs went.
 */
export async function discardDeadJobs(db: Executor, ids: readonly number[] | undefined): Promise<number> {
  if (ids?.length === 0) return 0
  const discard = async (trx: Executor) => {
    const rows = await trx
      .deleteFrom('jobs')
      .where('status', '=', 'dead')
      .$if(ids !== undefined, (query) => query.where('id', 'in', ids!))
      .returning('input_id')
      .execute()
    const inputs = rows.flatMap((row) => (row.input_id === null ? [] : [Number(row.input_id)]))
    await deleteUnreferencedInputs(trx, inputs)
    return rows.length
  }
  return db.isTransaction ? discard(db) : db.transaction().execute(discard)
}

function triggerOf(payload: string): string | null {
  try {
    const parsed = JSON.parse(payload) as { triggerId?: unknown }
    return typeof parsed.triggerId === 'string' ? parsed.triggerId : null
  } catch {
    return null
  }
}

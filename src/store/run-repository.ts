/**
 * Queries on the run history (`runtime.runs`, `runtime.run_graphs`; migrations/0005-run-history.ts,
 * issue #4). Recording is on the path of every run, so its two statements are compiled once
 * (compiled-query.ts); listing, viewing and purging are admin requests and use plain Kysely.
 */
import { type Insertable, type Selectable, sql } from 'kysely'
import { compiledQuery } from './compiled-query.ts'
import type { Executor } from './database.ts'
import type { LogTable, RunTable } from './schema.ts'

/** A stored run. */
export type RunRow = Selectable<RunTable>

/** A run as listed: everything but the bulky columns (input, trace, node data). */
export type RunSummaryRow = Omit<RunRow, 'input' | 'input_id' | 'trace' | 'node_data'>

/** What the run list can be filtered by; times in ms since the epoch, both ends included. */
export interface RunFilters {
  triggerId?: string
  workflowId?: number
  outcome?: string
  kind?: string
  parentId?: string
  from?: number
  to?: number
  limit: number
  offset: number
}

const insertRunQuery = compiledQuery(
  (
    db: Executor,
    id: string,
    kind: string,
    parentId: string | null,
    triggerId: string | null,
    workflowId: number | null,
    workflowName: string | null,
    graphHash: string | null,
    startNode: string | null,
    outcome: string,
    input: string,
    errors: string,
    trace: string,
    nodeData: string,
    chain: string,
    startedAt: number,
    durationMs: number,
    inputId: string | null,
  ) =>
    db.withSchema('runtime').insertInto('runs').values({
      id,
      kind,
      parent_id: parentId,
      trigger_id: triggerId,
      workflow_id: workflowId,
      workflow_name: workflowName,
      graph_hash: graphHash,
      start_node: startNode,
      outcome,
      input,
      errors,
      trace,
      node_data: nodeData,
      chain,
      started_at: startedAt,
      duration_ms: durationMs,
      input_id: inputId,
    }),
)

/** Inserts one run (one statement). */
export async function insertRun(db: Executor, row: Insertable<RunTable> & { started_at: number }): Promise<void> {
  await insertRunQuery(
    db,
    row.id,
    row.kind,
    row.parent_id ?? null,
    row.trigger_id ?? null,
    row.workflow_id ?? null,
    row.workflow_name ?? null,
    row.graph_hash ?? null,
    row.start_node ?? null,
    row.outcome,
    row.input,
    row.errors,
    row.trace,
    row.node_data,
    row.chain,
    row.started_at,
    row.duration_ms,
    row.input_id === undefined || row.input_id === null ? null : String(row.input_id),
  )
}

/** Rows per multi-row insert (well under SQLite's limit on bound parameters). */
const RECORD_CHUNK = 50

/**
 * Writes the records of runs that finished together (run-recorder.ts), in the caller's
 * transaction: the run rows, their execution log rows and their workflows' counter increments,
 * as multi-row statements (on PostgreSQL each statement is a round trip). Every log row must
 * name every column (a multi-row VALUES list has no per-row defaults on SQLite).
 */
export async function insertRunRecords(
  db: Executor,
  records: {
    runs: ReadonlyArray<Insertable<RunTable> & { started_at: number }>
    logs: ReadonlyArray<Insertable<LogTable>>
    /** Workflow id → runs to add to its execution counter. */
    counters: ReadonlyMap<number, number>
  },
): Promise<void> {
  for (let start = 0; start < records.runs.length; start += RECORD_CHUNK) {
    const chunk = records.runs.slice(start, start + RECORD_CHUNK)
    if (chunk.length === 1) await insertRun(db, chunk[0]!)
    else
      await db
        .withSchema('runtime')
        .insertInto('runs')
        .values(chunk.map((row) => ({ ...row, input_id: row.input_id ?? null })))
        .execute()
  }
  for (let start = 0; start < records.logs.length; start += RECORD_CHUNK) {
    await db
      .withSchema('runtime')
      .insertInto('logs')
      .values(records.logs.slice(start, start + RECORD_CHUNK))
      .execute()
  }
  for (const [id, runs] of records.counters) {
    await db
      .withSchema('runtime')
      .updateTable('workflows')
      .set((eb) => ({ counter: eb('counter', '+', runs) }))
      .where('id', '=', id)
      .execute()
  }
}

const insertGraphQuery = compiledQuery((db: Executor, hash: string, data: string) =>
  db
    .withSchema('runtime')
    .insertInto('run_graphs')
    .values({ hash, data })
    .onConflict((conflict) => conflict.column('hash').doNothing()),
)

/** Stores a workflow graph under its hash, unless it is stored already. */
export async function saveRunGraph(db: Executor, hash: string, data: string): Promise<void> {
  await insertGraphQuery(db, hash, data)
}

/** The graph JSON text stored under `hash`, if any. */
export async function findRunGraph(db: Executor, hash: string): Promise<string | undefined> {
  const row = await db
    .withSchema('runtime')
    .selectFrom('run_graphs')
    .select('data')
    .where('hash', '=', hash)
    .executeTakeFirst()
  return row?.data
}

/**
 * One run, every column; an input stored once in `run_inputs` (`input_id`, migration 0011) is
 * read into `input` (`null` when the input is gone).
 */
export async function findRun(db: Executor, id: string): Promise<RunRow | undefined> {
  const row = await db.withSchema('runtime').selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) return row
  if (row.input_id !== null) {
    const input = await db
      .selectFrom('run_inputs')
      .select('data')
      .where('id', '=', Number(row.input_id))
      .executeTakeFirst()
    row.input = input?.data ?? 'null'
  }
  return row
}

const SUMMARY_COLUMNS = [
  'id',
  'kind',
  'parent_id',
  'trigger_id',
  'workflow_id',
  'workflow_name',
  'graph_hash',
  'start_node',
  'outcome',
  'errors',
  'chain',
  'started_at',
  'duration_ms',
] as const

/** Runs matching `filters`, newest first, and how many match in all. */
export async function listRuns(db: Executor, filters: RunFilters): Promise<{ rows: RunSummaryRow[]; total: number }> {
  let where = db.withSchema('runtime').selectFrom('runs')
  if (filters.triggerId !== undefined) where = where.where('trigger_id', '=', filters.triggerId)
  if (filters.workflowId !== undefined) where = where.where('workflow_id', '=', filters.workflowId)
  if (filters.outcome !== undefined) where = where.where('outcome', '=', filters.outcome)
  if (filters.kind !== undefined) where = where.where('kind', '=', filters.kind)
  if (filters.parentId !== undefined) where = where.where('parent_id', '=', filters.parentId)
  if (filters.from !== undefined) where = where.where('started_at', '>=', filters.from)
  if (filters.to !== undefined) where = where.where('started_at', '<=', filters.to)
  const rows = await where
    .select(SUMMARY_COLUMNS)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filters.limit)
    .offset(filters.offset)
    .execute()
  const counted = await where.select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow()
  return { rows, total: Number(counted.count) }
}

/** Unreferenced inputs younger than this are kept: a job in Redis may still be on its way to a worker. */
const INPUT_GRACE_MS = 60 * 60 * 1000

/**
 * Deletes runs that started before `before` (ms), then all but the `keep` newest, then the graphs
 * and the stored inputs (`run_inputs`) no run refers to any more; answers how many runs went.
 *
 * An input no run and no job row refers to may still belong to a job relayed to BullMQ (whose
 * outbox row is gone) that has not run yet: only inputs older than both the oldest run kept and
 * an hour before `now` are deleted.
 */
export async function purgeRuns(
  db: Executor,
  limits: { before?: number; keep?: number; now?: number },
): Promise<number> {
  let deleted = 0
  if (limits.before !== undefined) {
    const result = await db
      .withSchema('runtime')
      .deleteFrom('runs')
      .where('started_at', '<', limits.before)
      .executeTakeFirst()
    deleted += Number(result.numDeletedRows)
  }
  if (limits.keep !== undefined) {
    const newest = db
      .withSchema('runtime')
      .selectFrom('runs')
      .select('id')
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limits.keep)
    const result = await db.withSchema('runtime').deleteFrom('runs').where('id', 'not in', newest).executeTakeFirst()
    deleted += Number(result.numDeletedRows)
  }
  if (deleted > 0) {
    const used = db.withSchema('runtime').selectFrom('runs').select('graph_hash').where('graph_hash', 'is not', null)
    await db
      .withSchema('runtime')
      .deleteFrom('run_graphs')
      .where('hash', 'not in', used as never)
      .execute()
  }
  await purgeInputs(db, (limits.now ?? Date.now()) - INPUT_GRACE_MS)
  return deleted
}

/** A stored input no run and no job row refers to (the purge's, and a discarded dead job's). */
const isInputUnreferenced = sql`not exists (select 1 from runtime.runs where runs.input_id = run_inputs.id)
       and not exists (select 1 from jobs where jobs.input_id = run_inputs.id)`

/** Deletes the stored inputs older than `before` and than every run, that no run or job refers to. */
async function purgeInputs(db: Executor, before: number): Promise<void> {
  const oldest = await db
    .withSchema('runtime')
    .selectFrom('runs')
    .select((eb) => eb.fn.min<number | string>('started_at').as('started'))
    .executeTakeFirst()
  const cutoff =
    oldest?.started === null || oldest?.started === undefined ? before : Math.min(before, Number(oldest.started))
  await sql`delete from run_inputs where created < ${cutoff} and ${isInputUnreferenced}`.execute(db)
}

/**
 * Deletes the stored inputs `ids` that no run and no job row refers to any more: the input of a
 * discarded dead job goes with it, unless a run made from the job (which points at it) is kept.
 */
export async function deleteUnreferencedInputs(db: Executor, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return
  const list = sql.join(ids.map((id) => sql`${id}`))
  await sql`delete from run_inputs where id in (${list}) and ${isInputUnreferenced}`.execute(db)
}

/** One group of the run statistics: runs of a trigger with an outcome that started in one time bucket. */
export interface RunStatsRow {
  bucket: number
  trigger_id: string | null
  outcome: string
  runs: number
  avg_ms: number
  max_ms: number
}

/**
 * Runs that started in `[from, to]`, counted per time bucket of `bucketMs` (bucket = start / bucketMs,
 * rounded down), trigger and outcome, with their mean and longest duration; oldest bucket first.
 */
export async function runStats(
  db: Executor,
  range: { from: number; to: number; bucketMs: number; triggerId?: string },
): Promise<RunStatsRow[]> {
  let select = db
    .withSchema('runtime')
    .selectFrom('runs')
    .where('started_at', '>=', range.from)
    .where('started_at', '<=', range.to)
  if (range.triggerId !== undefined) select = select.where('trigger_id', '=', range.triggerId)
  const bucket = sql<number>`(started_at / ${sql.lit(Math.trunc(range.bucketMs))})`
  const rows = await select
    .select((eb) => [
      bucket.as('bucket'),
      'trigger_id',
      'outcome',
      eb.fn.countAll<number>().as('runs'),
      eb.fn.avg<number>('duration_ms').as('avg_ms'),
      eb.fn.max<number>('duration_ms').as('max_ms'),
    ])
    .groupBy([bucket, 'trigger_id', 'outcome'])
    .orderBy(bucket)
    .orderBy('trigger_id')
    .orderBy('outcome')
    .execute()
  return rows.map((row) => ({
    bucket: Number(row.bucket),
    trigger_id: row.trigger_id,
    outcome: row.outcome,
    runs: Number(row.runs),
    avg_ms: Number(row.avg_ms),
    max_ms: Number(row.max_ms),
  }))
}

/**
 * The workflows of each trigger, kept in memory (issue #3): every trigger site asks whether a
 * workflow listens (spec/ENGINE.md §2.1 step 1) and the dispatcher runs them, so reading the
 * `workflows` table and parsing each graph on every firing would cost more than the run. The
 * list is read in one query, parsed once, and read again when the platform changes a workflow
 * (`invalidate()`) or, on a database other processes share, when it is older than `maxAgeMs`
 * (store/cache-policy.ts).
 *
 *   forTrigger(id) ─▶ fresh? ─yes─▶ cached records
 *                       └─no──▶ SELECT * FROM runtime.workflows ─▶ parse ─▶ cache (unless invalidated meanwhile)
 */
import type { WorkflowRecord } from '../../engine/index.ts'
import { type Executor, listWorkflows, type WorkflowRow } from '../../store/index.ts'

/** A workflow row as the engine's record. */
export function workflowRecord(row: WorkflowRow): WorkflowRecord {
  return {
    id: String(row.id),
    uuid: row.uuid,
    name: row.name,
    description: row.description,
    timestamp: String(row.timestamp),
    enabled: row.enabled === 1,
    counter: String(row.counter),
    trigger_id: row.trigger_id,
    debug_enabled: row.debug_enabled === 1,
    data: JSON.parse(row.data),
  }
}

/** A cached workflow: its row id and its engine record, shared by every run (never change it). */
export interface CachedWorkflow {
  id: number
  record: WorkflowRecord
}

/** The workflow list, cached. */
export interface WorkflowCache {
  /**
   * The workflows of `triggerId`, in their saved order (`position`, then id; several workflows per trigger). A stale list is read again through `db`
   * when given: a trigger site inside a transaction passes it (SQLite has one connection).
   */
  forTrigger(triggerId: string, db?: Executor): Promise<readonly CachedWorkflow[]>
  /** The workflow with row id `id`, if it exists. */
  byId(id: string): Promise<CachedWorkflow | undefined>
  /** Forgets the list: the next read goes to the database. Call it after any change to `workflows`. */
  invalidate(): void
}

interface Snapshot {
  readAt: number
  byTrigger: Map<string, CachedWorkflow[]>
  byId: Map<string, CachedWorkflow>
}

const NONE: readonly CachedWorkflow[] = Object.freeze([])

/** What `createWorkflowCache` needs. */
export interface WorkflowCacheOptions {
  /** Re-read when the list is older than this (ms); `Infinity` when no other process writes. */
  maxAgeMs: number
  /** Milliseconds now (default: `performance.now()`). */
  now?: () => number
}

function snapshotOf(rows: WorkflowRow[], readAt: number): Snapshot {
  const byTrigger = new Map<string, CachedWorkflow[]>()
  const byId = new Map<string, CachedWorkflow>()
  for (const row of rows) {
    const cached = { id: row.id, record: workflowRecord(row) }
    byId.set(String(row.id), cached)
    const list = byTrigger.get(row.trigger_id)
    if (list) list.push(cached)
    else byTrigger.set(row.trigger_id, [cached])
  }
  return { readAt, byTrigger, byId }
}

/** A cache of the `workflows` table read through `db`. */
export function createWorkflowCache(db: Executor, options: WorkflowCacheOptions): WorkflowCache {
  const now = options.now ?? (() => performance.now())
  let snapshot: Snapshot | null = null
  let reading: Promise<Snapshot> | null = null
  // Bumped by invalidate(): a read that began before a change must not be cached after it.
  let generation = 0

  const read = (through: Executor = db): Promise<Snapshot> => {
    const started = generation
    const readAt = now()
    const pending = listWorkflows(through).then((rows) => {
      const fresh = snapshotOf(rows, readAt)
      if (generation === started) snapshot = fresh
      return fresh
    })
    reading = pending
    pending.then(
      () => {
        if (reading === pending) reading = null
      },
      () => {
        if (reading === pending) reading = null
      },
    )
    return pending
  }

  const current = (through?: Executor): Snapshot | Promise<Snapshot> => {
    if (snapshot && now() - snapshot.readAt < options.maxAgeMs) return snapshot
    // A read already under way on the shared connection would wait for the caller's transaction.
    if (through?.isTransaction) return read(through)
    return reading ?? read()
  }

  return {
    async forTrigger(triggerId, through) {
      return (await current(through)).byTrigger.get(triggerId) ?? NONE
    },
    async byId(id) {
      return (await current()).byId.get(id)
    },
    invalidate() {
      generation++
      snapshot = null
      reading = null
    },
  }
}

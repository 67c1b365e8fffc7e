/**
 * Recording runs in the history (issue #4 point 3). The dispatcher (and the workflow service for
 * manual and stateless runs) calls `begin` before a run, so that the run has its id while it runs
 * (its concurrent-task branches link to it), and `finish` after, which writes one row. Recording
 * is on the path of every run, so it costs one insert: the graph is stored once per distinct
 * graph (run_graphs, by hash), the data a node saw is serialised once per distinct data view (a
 * logic node passes its data on unchanged, and modules never change what they read; roaming-data.ts)
 * and each view is cut at a configurable size. The view most nodes see, the run's start data, is
 * not copied at all when the run view can derive it again from the input, and views that differ
 * from it in a few places are stored as that difference (node-data-refs.ts).
 *
 *   begin(meta) ─▶ scope {id, chain, startedAt}
 *   run (captureData: the trace keeps references to the views)
 *   finish(scope, result, side?) ─▶ pending ─▶ one transaction for what finished meanwhile:
 *        graph stored? ─no─▶ INSERT run_graphs
 *        INSERT runs (input or input_id, errors, trace, node_data, chain: JSON text), multi-row
 *        side (queue workers' runs): INSERT logs, UPDATE workflows.counter, in the same commit
 *
 * A run made from a queued job records `input_id` (the job's stored input, docs/queue.md)
 * instead of a second copy of its input.
 */
import { createHash, randomUUID } from 'node:crypto'
import type { TraceEntry, WorkflowRecord } from '../../engine/index.ts'
import type { Insertable, Kysely } from 'kysely'
import { redactGraphSecrets } from '../../modules/index.ts'
import {
  type Executor,
  type insertRun,
  insertRunRecords,
  type LogTable,
  type Schema,
  saveRunGraph,
} from '../../store/index.ts'
import { boundedCopy } from './bounded-copy.ts'
import { type DataReference, type DataSource, isPlainJson, viewPatch } from './node-data-refs.ts'
import { extendChain, limitSetting, type RunChain } from './run-chain.ts'

/** The kinds of run the history holds. */
export const RUN_KINDS = ['trigger', 'deferred', 'concurrent', 'manual', 'stateless', 'replay'] as const

/** How a run was started: a blocking trigger inline (`trigger`), a non-blocking trigger from the queue (`deferred`), a concurrent-task branch, an admin (`manual`, `stateless`, `replay`). */
export type RunKind = (typeof RUN_KINDS)[number]

/** The outcomes a recorded run can have (MISP's three, spec/ENGINE.md §2.2 step 9). */
export const RUN_OUTCOMES = ['success', 'blocked', 'failure'] as const

/** The settings of the history, and their defaults. */
export const RUN_SETTINGS = {
  /** Keep a copy of the data each node saw (`true`/`false`). */
  captureData: { name: 'Sluice.runs_capture_data', default: true },
  /** The largest node data view kept, in bytes of JSON; larger views keep a marked preview. */
  dataCapBytes: { name: 'Sluice.runs_data_cap_bytes', default: 16_384 },
  /** Runs older than this many days are purged (0: no age limit). */
  maxAgeDays: { name: 'Sluice.runs_max_age_days', default: 30 },
  /** Only this many newest runs are kept (0: no count limit). */
  maxCount: { name: 'Sluice.runs_max_count', default: 100_000 },
} as const

/** How the dispatcher is asked to run a workflow: the kind of run, and what caused it. */
export interface RunCall {
  kind?: RunKind
  parentId?: string | null
  /** The chain of runs that caused this one (an action's `Actor.chain`). */
  chain?: RunChain
  /** Where the run's input is stored (a deferred job's `inputId`): recorded instead of a copy. */
  inputId?: string
  /**
   * The caller vouches that the input is plain JSON data (a trigger site that built it from
   * database rows and gave it away: FireOptions.isRawTransferred), so it need not be checked.
   */
  isInputPlainJson?: boolean
}

/** What a run is, known before it starts. */
export interface RunMeta {
  kind: RunKind
  triggerId?: string | null
  /** The workflow that runs (its graph is recorded as it ran); none for a stateless run. */
  workflow?: WorkflowRecord | null
  parentId?: string | null
  /** The chain of runs that caused this one (without it); this run's own link is added. */
  causedBy?: RunChain
  /** Where a deferred walk starts (concurrent-task branches). */
  startNode?: string | null
}

/** A run in progress: its id and chain, handed to whatever the run causes. */
export interface RunScope {
  id: string
  meta: RunMeta
  /** The causing chain plus this run. */
  chain: RunChain
  startedAt: number
  started: number
}

/** What a run gave, as the history keeps it. */
export interface RunResult {
  /** The input as the run received it (raw trigger data, a walk's data, a module's input). */
  input: unknown
  outcome: string
  /** MISP's outcome text when it says more than the outcome (`failure <reason>`). */
  outcomeText?: string
  errors: string[]
  trace: TraceEntry[]
  executedNodes?: string[]
  blockingNodes?: string[]
  blockedPaths?: string[][]
  /** A concurrent task's job message (spec/ENGINE.md §2.6.3). */
  message?: string
  /**
   * The `run_inputs` row holding the input (a deferred job's, docs/queue.md): the row refers to
   * it and `input` is not stored again; `input` is that row's data as read back (parsed).
   */
  inputId?: string
  /** The input is known to be plain JSON data (RunCall.isInputPlainJson): not checked again. */
  isInputPlainJson?: boolean
  /**
   * The data the walk started with, when it follows from `input` without the database: `input`
   * itself (a deferred walk), or its normalisation by the run's trigger `normalisedBy` (made
   * without look-ups). The nodes that saw this very object are recorded with a reference
   * instead of a copy, and the run view derives it again (node-data-refs.ts).
   */
  start?: { data: unknown; normalisedBy?: string }
}

/**
 * What a run writes besides its row, committed in the same transaction (deferred runs: together
 * with the other runs finishing at the same time, one commit for all).
 */
export interface RunSideWrites {
  /** The workflow whose execution counter the run increments. */
  counterOf?: number
  /** Execution log rows; model `Workflow`, so they fire no `log-after-save` (logs/log-after-save.ts). */
  logs?: Insertable<LogTable>[]
}

/** Records runs. */
export interface RunRecorder {
  /** Whether runs should keep the data each node saw (`EngineOptions.captureData`). */
  capturesData(): boolean
  /** Starts a run: its id, chain and start time. */
  begin(meta: RunMeta): RunScope
  /**
   * Writes the finished run (errors go to `onError`, never to the run's caller). With `side`,
   * the counter and log rows commit with it, and a failed write also rejects: the caller (a queue
   * worker) must not acknowledge its job, which then runs again.
   */
  finish(scope: RunScope, result: RunResult, side?: RunSideWrites): Promise<void>
  /** Forgets which graphs are stored (after a purge removed some). */
  forgetGraphs(): void
}

/** What the recorder needs. */
export interface RunRecorderDeps {
  db: Kysely<Schema>
  /** Reads a setting (settings-service.ts); undefined means the default. */
  setting(name: string): unknown
  now?: () => number
  onError?: (error: unknown) => void
}

/** How long the recorder trusts that a graph it stored is still there (another process may purge). */
const GRAPH_MEMORY_MS = 60_000

/** The stored form of a graph: its JSON and hash, computed once per workflow record. */
const graphCache = new WeakMap<object, { hash: string; json: string }>()

/**
 * The JSON text and SHA-256 of a workflow graph as the history keeps it: secret parameters
 * (webhook headers, tokens) masked, so that run records never hold them (docs/outbound.md).
 */
export function graphDigest(data: unknown): { hash: string; json: string } {
  const key = typeof data === 'object' && data !== null ? data : null
  const cached = key ? graphCache.get(key) : undefined
  if (cached) return cached
  const json = JSON.stringify(redactGraphSecrets(data) ?? null)
  const digest = { hash: createHash('sha256').update(json).digest('hex'), json }
  if (key) graphCache.set(key, digest)
  return digest
}

/** Reads the boolean setting `name`. */
export function flagSetting(value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null || value === '') return fallback
  return value === true || value === 1 || value === '1' || value === 'true'
}

/** The start data of a run that its stored trace may refer to instead of copying it. */
export interface StartReference {
  data: unknown
  from: DataSource
}

/**
 * The node data of a trace as stored: each distinct view once (`node_data`, a JSON array), the
 * entries pointing at it by `dataRef`; a view longer than about `cap` bytes is cut where the cap
 * runs out (bounded-copy.ts) and its entries say `dataTruncated: true`. Entries that saw the
 * run's start data (`start`) refer to it instead (`dataFrom`, `dataCap`), and a view that shares
 * most of it is stored as a patch on it (`dataPatch` into `node_data`; node-data-refs.ts).
 */
export function storedTrace(
  trace: TraceEntry[],
  cap: number,
  start?: StartReference,
): { entries: unknown[]; nodeData: string } {
  const refs = new Map<unknown, Record<string, unknown>>()
  const parts: string[] = []
  const entries = trace.map((entry) => {
    if (!('dataIn' in entry)) return entry
    const { dataIn, ...rest } = entry
    let stored = refs.get(dataIn)
    if (stored === undefined) {
      stored = storedView(dataIn, cap, start, parts)
      refs.set(dataIn, stored)
    }
    return { ...rest, ...stored }
  })
  return { entries, nodeData: `[${parts.join(',')}]` }
}

/** How an entry refers to `view`: the start data, a patch on it, or a copy (the last two added to `parts`). */
function storedView(
  view: unknown,
  cap: number,
  start: StartReference | undefined,
  parts: string[],
): Record<string, unknown> {
  if (start !== undefined) {
    const reference: DataReference = { dataFrom: start.from, dataCap: cap }
    if (view === start.data) return { ...reference }
    // A patch is worth it while it is well under the copy it replaces.
    const patch = viewPatch(view, start.data, cap / 4)
    if (patch !== undefined) {
      parts.push(JSON.stringify(patch))
      return { ...reference, dataPatch: parts.length - 1 }
    }
  }
  const copied = boundedCopy(view, cap)
  parts.push(JSON.stringify(copied.value) ?? 'null')
  return copied.isTruncated ? { dataRef: parts.length - 1, dataTruncated: true } : { dataRef: parts.length - 1 }
}

/**
 * The start data the stored trace of `result` may refer to: only when the run view can derive it
 * again from what the row keeps. The normalisation must be the row's trigger's, and the input
 * must read back as the same data: from `run_inputs` it was parsed (`inputId`), else it is
 * stored as `JSON.stringify(input)`, faithful for plain JSON only (checked when a node saw it,
 * unless the caller vouched for it).
 */
export function startReference(meta: RunMeta, result: RunResult): StartReference | undefined {
  const start = result.start
  if (start === undefined) return undefined
  if (start.normalisedBy !== undefined && start.normalisedBy !== meta.triggerId) return undefined
  if (!result.trace.some((entry) => entry.dataIn === start.data)) return undefined
  if (result.inputId === undefined && result.isInputPlainJson !== true && !isPlainJson(result.input)) return undefined
  return { data: start.data, from: start.normalisedBy === undefined ? 'input' : 'normalisedInput' }
}

/**
 * A UUID whose first 48 bits are the time in ms (the layout of UUIDv7): new runs sort after older
 * ones, so the history's key index grows at its end instead of at random places.
 */
export function timeOrderedId(now: number): string {
  // The random part comes from randomUUID, which draws on a cached entropy pool: randomBytes
  // asks the system on every call, ~60 µs of each blocking run (bench/publish.ts).
  const random = randomUUID()
  const time = now.toString(16).padStart(12, '0').slice(-12)
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15, 18)}-${random.slice(19)}`
}

/**
 * A new run's scope. Its chain is the causing chain plus this run, except for a concurrent-task
 * branch: that is part of its parent run, whose chain already holds it.
 */
export function beginRun(meta: RunMeta, startedAt: number): RunScope {
  const id = timeOrderedId(startedAt)
  const causedBy = meta.causedBy ?? []
  const workflow = meta.workflow
  const chain =
    workflow && meta.kind !== 'concurrent'
      ? extendChain(causedBy, {
          workflowId: String(workflow.id),
          triggerId: String(meta.triggerId ?? workflow.trigger_id),
          runId: id,
        })
      : causedBy
  return { id, meta, chain, startedAt, started: performance.now() }
}

/** A run row ready to insert, with the graph it needs stored. */
interface PendingRow {
  row: Parameters<typeof insertRun>[1]
  graph: { hash: string; json: string } | null
  side?: RunSideWrites
  done: PromiseWithResolvers<void>
}

/**
 * A recorder writing to `deps.db`. Rows are written by group commit: one write at a time, and
 * the runs that finish while it commits go together in the next transaction, with their counter
 * and log rows (`RunSideWrites`). Each `finish` resolves once its row is committed (a queue
 * worker acknowledges its job only after that, so a crash loses no record).
 */
export function createRunRecorder(deps: RunRecorderDeps): RunRecorder {
  const now = deps.now ?? Date.now
  const knownGraphs = new Map<string, number>()
  let pending: PendingRow[] = []
  let isScheduled = false

  const writeBatch = async (db: Executor, batch: PendingRow[]) => {
    for (const { graph } of batch) {
      if (graph === null) continue
      const known = knownGraphs.get(graph.hash)
      if (known !== undefined && known >= now()) continue
      await saveRunGraph(db, graph.hash, graph.json)
      knownGraphs.set(graph.hash, now() + GRAPH_MEMORY_MS)
    }
    const counters = new Map<number, number>()
    for (const { side } of batch) {
      if (side?.counterOf !== undefined) counters.set(side.counterOf, (counters.get(side.counterOf) ?? 0) + 1)
    }
    await insertRunRecords(db, {
      runs: batch.map((entry) => entry.row),
      logs: batch.flatMap((entry) => entry.side?.logs ?? []),
      counters,
    })
  }

  const flush = async () => {
    const batch = pending
    pending = []
    try {
      // One statement commits on its own; more share one transaction (one commit).
      if (batch.length === 1 && !batch[0]!.side) await writeBatch(deps.db, batch)
      else await deps.db.transaction().execute((trx) => writeBatch(trx, batch))
      for (const entry of batch) entry.done.resolve()
    } catch (error) {
      // A graph remembered inside a rolled-back transaction is not stored.
      knownGraphs.clear()
      for (const entry of batch) entry.done.reject(error)
    }
  }

  // One write at a time: what finishes meanwhile waits for the next, larger, batch.
  const schedule = () => {
    if (isScheduled) return
    isScheduled = true
    setImmediate(async () => {
      while (pending.length > 0) await flush()
      isScheduled = false
    })
  }

  const prepare = (scope: RunScope, result: RunResult, side?: RunSideWrites): PendingRow => {
    const { meta } = scope
    const workflow = meta.workflow ?? null
    const graph = workflow ? graphDigest(workflow.data) : null
    const cap = limitSetting(deps.setting(RUN_SETTINGS.dataCapBytes.name), RUN_SETTINGS.dataCapBytes.default)
    const { entries, nodeData } = storedTrace(result.trace, cap, startReference(meta, result))
    const trace = {
      outcomeText: result.outcomeText ?? result.outcome,
      executedNodes: result.executedNodes ?? [],
      blockingNodes: result.blockingNodes ?? [],
      blockedPaths: result.blockedPaths ?? [],
      ...(result.message !== undefined ? { message: result.message } : {}),
      entries,
    }
    const row = {
      id: scope.id,
      kind: meta.kind,
      parent_id: meta.parentId ?? null,
      trigger_id: meta.triggerId ?? null,
      workflow_id: workflow ? Number(workflow.id) || null : null,
      workflow_name: workflow ? String(workflow.name) : null,
      graph_hash: graph?.hash ?? null,
      start_node: meta.startNode ?? null,
      outcome: result.outcome,
      input: result.inputId !== undefined ? '' : (JSON.stringify(result.input) ?? 'null'),
      input_id: result.inputId ?? null,
      errors: JSON.stringify(result.errors),
      trace: JSON.stringify(trace),
      node_data: nodeData,
      chain: JSON.stringify(scope.chain),
      started_at: scope.startedAt,
      duration_ms: Math.max(0, performance.now() - scope.started),
    }
    return { row, graph, ...(side ? { side } : {}), done: Promise.withResolvers<void>() }
  }

  return {
    capturesData: () => flagSetting(deps.setting(RUN_SETTINGS.captureData.name), RUN_SETTINGS.captureData.default),
    begin: (meta) => beginRun(meta, now()),
    async finish(scope, result, side) {
      try {
        const entry = prepare(scope, result, side)
        pending.push(entry)
        schedule()
        await entry.done.promise
      } catch (error) {
        deps.onError?.(error)
        if (side) throw error
      }
    },
    forgetGraphs: () => knownGraphs.clear(),
  }
}

/** A recorder that keeps nothing (hosts without a history). */
export const noRunRecorder: RunRecorder = {
  capturesData: () => false,
  begin: (meta) => beginRun(meta, Date.now()),
  finish: async () => {},
  forgetGraphs: () => {},
}

/** The outcome of a deferred walk: success, else `blocked` when a stop-execution node ended it, else failure. */
export function walkOutcome(walk: { success: boolean; blockingNodes: string[]; trace: TraceEntry[] }): string {
  if (walk.success) return 'success'
  const stopped = walk.trace.some(
    (entry) => entry.moduleId === 'stop-execution' && walk.blockingNodes.includes(entry.nodeId),
  )
  return stopped ? 'blocked' : 'failure'
}

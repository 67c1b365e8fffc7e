/**
 * Stored runs as the `/sluice/runs` API answers them (docs/runs.md): a summary for lists, the
 * full record (input, graph, trace with the data each node saw) for one run. The stored trace
 * keeps each data view once (`node_data`, run-recorder.ts); the view puts it back on every entry.
 * A view recorded by reference (the run's start data, node-data-refs.ts) is derived again from
 * the stored input: normalised by the run's trigger when it was, cut at the recorded cap.
 */
import type { ModuleCatalogue } from '../../engine/index.ts'
import type { CoreFormatLookups } from '../../format/index.ts'
import type { RunRow, RunSummaryRow } from '../../store/index.ts'
import { boundedCopy } from './bounded-copy.ts'
import { type DataSource, isDataReference, isViewPatch, patchedView } from './node-data-refs.ts'
import type { ChainLink } from './run-chain.ts'

/** A run in a list. */
export interface RunSummary {
  id: string
  kind: string
  parentId: string | null
  triggerId: string | null
  workflowId: string | null
  workflowName: string | null
  /** Where a concurrent-task branch started. */
  startNode: string | null
  outcome: string
  errors: string[]
  chain: ChainLink[]
  /** ISO 8601, UTC. */
  startedAt: string
  durationMs: number
}

/** The stored trace of a run. */
export interface RunTrace {
  outcomeText: string
  executedNodes: string[]
  blockingNodes: string[]
  blockedPaths: string[][]
  /** A concurrent-task branch's job message (spec/ENGINE.md §2.6.3). */
  message?: string
  /** One entry per node the walk produced (engine TraceEntry), with `dataIn` when data was captured. */
  entries: Array<Record<string, unknown>>
}

/** One run with everything it recorded. */
export interface RunDetail extends RunSummary {
  input: unknown
  /** The workflow graph as it ran (null when the run had no workflow, or the graph was purged). */
  graph: unknown
  trace: RunTrace
  /** Runs this one caused directly: its concurrent-task branches and its replays, newest first. */
  children: RunSummary[]
}

function parsed<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined) return fallback
  try {
    return JSON.parse(text) as T
  } catch {
    return fallback
  }
}

/** A stored row as a summary. */
export function runSummary(row: RunSummaryRow): RunSummary {
  return {
    id: row.id,
    kind: row.kind,
    parentId: row.parent_id,
    triggerId: row.trigger_id,
    workflowId: row.workflow_id === null ? null : String(row.workflow_id),
    workflowName: row.workflow_name,
    startNode: row.start_node,
    outcome: row.outcome,
    errors: parsed<string[]>(row.errors, []),
    chain: parsed<ChainLink[]>(row.chain, []),
    startedAt: new Date(Number(row.started_at)).toISOString(),
    durationMs: Number(row.duration_ms),
  }
}

/** The triggers whose normalisations the view derives again (the module registry). */
export type TriggerCatalogue = Pick<ModuleCatalogue, 'trigger'>

/**
 * The look-ups a derived normalisation gets: none. A view is recorded by reference only when
 * the run's normalisation read none (engine `WorkflowRun.normalised`), so a call means the
 * normaliser changed since; the view then says it cannot show the data rather than show the
 * database as it is now.
 */
const noLookups: CoreFormatLookups = {
  fetchSimpleEvent: () => lookupRefused(),
  fetchObjectSimple: () => lookupRefused(),
  quickFetchEvent: () => lookupRefused(),
  fetchAttribute: () => lookupRefused(),
  fetchThread: () => lookupRefused(),
  fetchEventRow: () => lookupRefused(),
}

function lookupRefused(): Promise<never> {
  return Promise.reject(new Error('the normalisation now reads the database, which the recorded one did not'))
}

/** The start data of a run, derived again from its stored input: the view, or why there is none. */
type DerivedStart = { ok: true; data: unknown } | { ok: false; reason: string }

async function derivedStart(
  from: DataSource,
  input: unknown,
  triggerId: string | null,
  triggers: TriggerCatalogue | undefined,
): Promise<DerivedStart> {
  if (from === 'input') return { ok: true, data: input }
  const trigger = triggerId === null ? undefined : triggers?.trigger(triggerId)
  if (!trigger) return { ok: false, reason: `the trigger ${triggerId} is not known` }
  try {
    const data = await trigger.normalise(input, { lookups: noLookups })
    return data === false ? { ok: false, reason: 'the input no longer normalises' } : { ok: true, data }
  } catch (error) {
    return { ok: false, reason: `the normalisation failed: ${error instanceof Error ? error.message : String(error)}` }
  }
}

/**
 * The stored trace with each entry's data view put back as `dataIn`. `input`: the row's input
 * parsed (runDetail has it); entries that refer to the start data derive it from there, with
 * `triggers`' normaliser, and an entry whose view cannot be derived says why (`dataUnavailable`).
 */
export async function runTrace(
  row: Pick<RunRow, 'trace' | 'node_data' | 'input' | 'trigger_id'>,
  triggers?: TriggerCatalogue,
  input: unknown = parsed<unknown>(row.input, null),
): Promise<RunTrace> {
  const trace = parsed<RunTrace>(row.trace, {
    outcomeText: '',
    executedNodes: [],
    blockingNodes: [],
    blockedPaths: [],
    entries: [],
  })
  const views = parsed<unknown[]>(row.node_data, [])
  // Derived once per source, and each view rebuilt and cut once (every entry of a run has the same cap).
  const starts = new Map<DataSource, Promise<DerivedStart>>()
  const cuts = new Map<string, { value: unknown; isTruncated: boolean } | { reason: string }>()
  const derivedView = async (from: DataSource, cap: number, patchRef: unknown) => {
    const key = `${from} ${cap} ${patchRef}`
    let cut = cuts.get(key)
    if (cut === undefined) {
      let start = starts.get(from)
      if (start === undefined) {
        start = derivedStart(from, input, row.trigger_id, triggers)
        starts.set(from, start)
      }
      const derived = await start
      const patch = typeof patchRef === 'number' ? views[patchRef] : undefined
      if (!derived.ok) cut = { reason: derived.reason }
      else if (patchRef === undefined) cut = boundedCopy(derived.data, cap)
      else if (isViewPatch(patch)) cut = boundedCopy(patchedView(patch, derived.data, derived.data), cap)
      else cut = { reason: 'the stored difference from the start data is missing' }
      cuts.set(key, cut)
    }
    return cut
  }
  const entries: Array<Record<string, unknown>> = []
  for (const entry of trace.entries) {
    if (isDataReference(entry)) {
      const { dataFrom, dataCap, dataPatch, ...rest } = entry
      const view = await derivedView(dataFrom, dataCap, dataPatch)
      if ('reason' in view) entries.push({ ...rest, dataIn: null, dataUnavailable: view.reason })
      else if (view.isTruncated) entries.push({ ...rest, dataTruncated: true, dataIn: view.value })
      else entries.push({ ...rest, dataIn: view.value })
    } else if (typeof entry.dataRef === 'number') {
      const { dataRef, ...rest } = entry
      entries.push({ ...rest, dataIn: views[dataRef as number] ?? null })
    } else entries.push(entry)
  }
  trace.entries = entries
  return trace
}

/** A stored row with its graph and children as the full record; `triggers` derive referenced views. */
export async function runDetail(
  row: RunRow,
  graph: string | undefined,
  children: RunSummaryRow[],
  triggers?: TriggerCatalogue,
): Promise<RunDetail> {
  const input = parsed<unknown>(row.input, null)
  return {
    ...runSummary(row),
    input,
    graph: parsed<unknown>(graph, null),
    trace: await runTrace(row, triggers, input),
    children: children.map(runSummary),
  }
}

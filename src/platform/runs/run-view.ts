/**
 * Stored runs as the `/sluice/runs` API answers them (docs/runs.md): a summary for lists, the
 * full record (input, graph, trace with the data each node saw) for one run. The stored trace
 * keeps each data view once (`node_data`, run-recorder.ts); the view puts it back on every entry.
 */
import type { RunRow, RunSummaryRow } from '../../store/index.ts'
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

/** The stored trace with each entry's data view put back as `dataIn`. */
export function runTrace(row: Pick<RunRow, 'trace' | 'node_data'>): RunTrace {
  const trace = parsed<RunTrace>(row.trace, {
    outcomeText: '',
    executedNodes: [],
    blockingNodes: [],
    blockedPaths: [],
    entries: [],
  })
  const views = parsed<unknown[]>(row.node_data, [])
  trace.entries = trace.entries.map((entry) => {
    if (typeof entry.dataRef !== 'number') return entry
    const { dataRef, ...rest } = entry
    return { ...rest, dataIn: views[dataRef as number] ?? null }
  })
  return trace
}

/** A stored row with its graph and children as the full record. */
export function runDetail(row: RunRow, graph: string | undefined, children: RunSummaryRow[]): RunDetail {
  return {
    ...runSummary(row),
    input: parsed<unknown>(row.input, null),
    graph: parsed<unknown>(graph, null),
    trace: runTrace(row),
    children: children.map(runSummary),
  }
}

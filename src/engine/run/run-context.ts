/**
 * The state one walk carries: what it was given (graph, modules, ports) and what it records
 * (MISP's walkResult, blockingErrors, the trace, the deferred walks).
 */
import type {
  Clock,
  DeferredWalk,
  EnginePorts,
  ModuleCatalogue,
  TraceEntry,
  WalkResult,
  WorkflowRecord,
} from '../contract/index.ts'
import type { ParsedGraph } from '../graph/parse.ts'
import type { EngineRoamingData } from '../walk/roaming-data.ts'

/** Options shared by every kind of run. */
export interface EngineOptions {
  catalogue: ModuleCatalogue
  ports?: EnginePorts
  /** Whether a logic or action module is enabled (spec/ENGINE.md §5.5). Default: all enabled. */
  isModuleEnabled?: (moduleId: string) => boolean
  /** Keep a copy of the data view each node saw in the trace (`TraceEntry.dataIn`). */
  captureData?: boolean
}

/** Everything one walk needs and records. */
export interface WalkState {
  graph: ParsedGraph
  workflow: WorkflowRecord
  workflowId: string
  triggerId: string
  options: EngineOptions
  ports: EnginePorts
  clock: Clock
  roaming: EngineRoamingData
  /** Trace context: `main`, or the deferred walk's label. */
  context: string
  debug: boolean
  result: WalkResult
  errors: string[]
  trace: TraceEntry[]
  deferred: DeferredWalk[]
}

/** The default clock: wall time and `performance.now()`. */
export const systemClock: Clock = {
  now: () => new Date(),
  monotonic: () => performance.now(),
}

/** A fresh, empty walkResult. */
export function emptyWalkResult(): WalkResult {
  return { executedNodes: [], blockingNodes: [], blockedPaths: [] }
}

/** Run outcomes and traces: values, never exceptions (STYLE.md "Outcomes are values"). */

/** MISP's outcome words (spec/ENGINE.md §2.2 step 9). */
export type OutcomeKind = 'success' | 'blocked' | 'failure'

/** The path type a walk runs for (spec/ENGINE.md §2.5). */
export type PathType = 'blocking' | 'non-blocking' | 'include-logic'

/** What the walk recorded (MISP's `walkResult`), node ids as strings in execution order. */
export interface WalkResult {
  executedNodes: string[]
  blockingNodes: string[]
  /** One path list per node skipped under a pruned non-blocking path (`"<src>:<output>:<i>:<dst>"`). */
  blockedPaths: string[][]
}

/** How a node's execution ended, as the trace reports it. */
export type NodeStatus = 'success' | 'partial-success' | 'error' | 'disabled' | 'loading_error' | 'skipped'

/** One trace entry: a node the walk produced (spec/ENGINE.md §2.5–§2.7). */
export interface TraceEntry {
  /** `main`, or the id of the deferred task the entry belongs to. */
  context: string
  nodeId: string
  moduleId: string
  moduleType: string
  pathType: PathType
  /** The path that led to the node (`"<src>:<output>:<i>:<dst>"` entries). */
  path: string[]
  status: NodeStatus
  /** What `exec` returned (`true` = success for actions, `output_1` for logic); null when it did not run. */
  result: boolean | null
  /** For logic nodes: the outputs the walk followed from this node. */
  branch?: string[]
  errors: string[]
  threw: boolean
  durationMs: number
  /** The data view the node saw, when the run was asked to capture data. */
  dataIn?: unknown
}

/** A walk handed off by `concurrent-task` (spec/ENGINE.md §2.6.3). */
export interface DeferredWalk {
  workflowId: string
  /** The concurrent-task node that enqueued the walk. */
  enqueuedBy: string
  /** The node the deferred walk starts from. */
  nodeId: string
  pathType: 'non-blocking'
  /** The data view at hand-off, after MISP's JSON round trip. */
  data: unknown
  /** The host's id of the run that handed the walk off (its history links the branch to it). */
  parentRunId?: string
}

/** The result of running a workflow for a trigger (spec/ENGINE.md §2.2). */
export interface RunOutcome extends WalkResult {
  outcome: OutcomeKind
  success: boolean
  /** MISP's `outcomeText`: the outcome, or `failure <reason>` when the walk never started. */
  outcomeText: string
  /** The run's `blockingErrors`, exact MISP strings, in order. */
  errors: string[]
  /** The roaming data as the walk left it. */
  data: unknown
  deferred: DeferredWalk[]
  trace: TraceEntry[]
}

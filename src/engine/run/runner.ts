/**
 * Running a workflow for a trigger (spec/ENGINE.md §2.1 `executeWorkflowForTrigger` and §2.2
 * `__runWorkflow`), and running a deferred walk (§2.6.3, MISP's `WorkflowShell walkGraph`).
 * The host decides which workflow runs and when; the runner only computes the outcome.
 */
import { UserError } from '../../errors.ts'
import type { DeferredWalk, GraphNode, OutcomeKind, RunOutcome, WalkResult, WorkflowRecord } from '../contract/index.ts'
import { type ParsedGraph, parseGraph } from '../graph/parse.ts'
import { pathBudgetProblem } from '../graph/path-walk.ts'
import { createRoamingData } from '../walk/roaming-data.ts'
import { logLine, postRunEvent } from './debug-posts.ts'
import { errorMessage } from './execute-node.ts'
import {
  concurrentTaskDone,
  concurrentTaskFailed,
  executionContinued,
  executionStopped,
  finishedRun,
  INVALID_START_NODE,
  NO_WORKFLOW_USER,
  NORMALISE_INVALID_INPUT,
  normaliseThrew,
  startedRun,
  TRIGGER_CONDITIONS_FAILED,
} from './messages.ts'
import { type EngineOptions, emptyWalkResult, systemClock, type WalkState } from './run-context.ts'
import { executeWalk } from './walk.ts'
import { workflowUser } from './workflow-user.ts'
import { emptyLookups } from './empty-lookups.ts'
import type { CoreFormatLookups } from '../../format/index.ts'

/** A run of a workflow for a fired trigger. */
export interface RunWorkflowOptions extends EngineOptions {
  workflow: WorkflowRecord
  /** The trigger that fired. */
  triggerId: string
  /** The raw data the trigger's call site passes (before normalisation). */
  data: unknown
  /** Whether the trigger is enabled (`Plugin.Workflow_triggers_<id>`). Default: enabled. */
  isTriggerEnabled?: (triggerId: string) => boolean
}

/** The result of a run, with what the host needs besides MISP's outcome. */
export interface WorkflowRun extends RunOutcome {
  /** Whether MISP would have incremented the workflow's execution counter (§2.11). */
  counted: boolean
  /** The trigger was disabled: nothing ran, and the operation goes ahead (§2.1). */
  skipped: boolean
  /**
   * The trigger's normalisation of the raw data: the data the walk started with, so a node that
   * saw it unchanged has this very object as its trace entry's `dataIn`. `readLookups`: the
   * normaliser consulted `NormaliseContext.lookups` (the database), so it is not a function of
   * the raw data alone. Absent when the run did not walk (skipped, no trigger node, the
   * normalisation failed or the trigger's conditions did not hold).
   */
  normalised?: { data: unknown; readLookups: boolean }
}

/** The result of one walk (MISP's walkGraph), used for deferred walks. */
export interface WalkRun extends WalkResult {
  success: boolean
  errors: string[]
  data: unknown
  trace: RunOutcome['trace']
  deferred: DeferredWalk[]
  /** MISP's job message for a concurrent task (§2.6.3). */
  message: string
}

function blankRun(
  outcome: OutcomeKind,
  outcomeText: string,
  data: unknown,
  extra: Partial<WorkflowRun> = {},
): WorkflowRun {
  return {
    outcome,
    success: outcome === 'success',
    outcomeText,
    ...emptyWalkResult(),
    errors: [],
    data,
    deferred: [],
    trace: [],
    counted: false,
    skipped: false,
    ...extra,
  }
}

function newState(
  options: EngineOptions,
  workflow: WorkflowRecord,
  graph: ParsedGraph,
  triggerId: string,
  context: string,
): WalkState {
  const ports = options.ports ?? {}
  return {
    graph,
    workflow,
    workflowId: String(workflow.id),
    triggerId,
    options,
    ports,
    clock: ports.clock ?? systemClock,
    roaming: createRoamingData({ data: null, user: null, workflow, triggerNode: null, currentNode: '-1' }),
    context,
    debug: workflow.debug_enabled === true,
    result: emptyWalkResult(),
    errors: [],
    trace: [],
    deferred: [],
  }
}

/**
 * Runs `workflow` for the fired trigger: checks the trigger, normalises the raw data, checks
 * the trigger's conditions, walks the graph and computes MISP's outcome (§2.2 steps 1–11).
 * Unknown triggers and unparseable graphs throw a UserError; everything else is an outcome.
 */
export async function runWorkflow(options: RunWorkflowOptions): Promise<WorkflowRun> {
  const { workflow, triggerId } = options
  const trigger = options.catalogue.trigger(triggerId)
  if (!trigger) throw new UserError('SLC_UNKNOWN_TRIGGER', `Unknown trigger ${triggerId}`)
  if (options.isTriggerEnabled && !options.isTriggerEnabled(triggerId)) {
    return blankRun('success', 'skipped', options.data, { skipped: true })
  }
  const graph = parseGraph(workflow.data)
  const startKey = graph.triggerKey
  const triggerNode = startKey === null ? null : graph.nodes.get(startKey)
  if (!triggerNode || triggerNode.moduleId !== triggerId) {
    return blankRun('failure', 'failure', options.data, { errors: [INVALID_START_NODE] })
  }
  // A graph saved before saves checked its paths: walking it would stall the process.
  const tooManyPaths = pathBudgetProblem(graph)
  if (tooManyPaths !== null) return blankRun('failure', 'failure', options.data, { errors: [tooManyPaths] })
  const state = newState(options, workflow, graph, triggerId, 'main')
  logLine(state, 'debug', startedRun(triggerId, state.workflowId))
  const normalised = await normalise(options, trigger)
  if (!normalised.ok) {
    logLine(state, 'debug', normalised.message)
    return blankRun('failure', `failure ${normalised.message}`, options.data, { counted: true })
  }
  const pathType = trigger.descriptor.blocking ? 'blocking' : 'non-blocking'
  postRunEvent(state, `/init?type=${pathType}`, { original: options.data, normalized: normalised.data })
  const params = triggerParams(triggerNode.node.data.indexed_params)
  if (trigger.conditionsHold && !trigger.conditionsHold(options.data, params)) {
    return blankRun('failure', `failure ${TRIGGER_CONDITIONS_FAILED}`, normalised.data, { counted: true })
  }
  const walkSuccess = await walkFrom(state, startKey as string, pathType, normalised.data, triggerNode.node)
  const outcome = outcomeOf(state, walkSuccess)
  logLine(state, 'debug', finishedRun(triggerId, state.workflowId, outcome))
  postRunEvent(state, `/end?outcome=${outcome}`, walkResultJson(state.result))
  return {
    outcome,
    success: walkSuccess,
    outcomeText: outcome,
    ...state.result,
    errors: state.errors,
    data: state.roaming.raw(),
    deferred: state.deferred,
    trace: state.trace,
    counted: true,
    skipped: false,
    normalised: { data: normalised.data, readLookups: normalised.readLookups },
  }
}

/**
 * Runs a walk handed off by `concurrent-task` against the workflow as it is now (MISP re-reads
 * it, §2.6.3). No counter, no `/init` or `/end` post; per-node posts and logs as usual.
 */
export async function runDeferredWalk(
  options: EngineOptions & { workflow: WorkflowRecord; walk: DeferredWalk; context?: string },
): Promise<WalkRun> {
  const { workflow, walk } = options
  const graph = parseGraph(workflow.data)
  const triggerNode = graph.triggerKey === null ? null : (graph.nodes.get(graph.triggerKey)?.node ?? null)
  const state = newState(options, workflow, graph, workflow.trigger_id, options.context ?? `deferred:${walk.nodeId}`)
  let success: boolean
  const tooManyPaths = pathBudgetProblem(graph)
  if (!graph.nodes.has(walk.nodeId)) {
    state.errors.push(`Could not find start node ${walk.nodeId}`)
    success = false
  } else if (tooManyPaths !== null) {
    state.errors.push(tooManyPaths)
    success = false
  } else {
    success = await walkFrom(state, walk.nodeId, 'non-blocking', walk.data, triggerNode)
  }
  const message = success
    ? concurrentTaskDone(state.result.executedNodes.length, walk.nodeId)
    : concurrentTaskFailed(state.errors)
  if (!success) logLine(state, 'error', message)
  return {
    success,
    ...state.result,
    errors: state.errors,
    data: state.roaming.raw(),
    trace: state.trace,
    deferred: state.deferred,
    message,
  }
}

/** MISP's walkGraph (§2.6 steps 1–5) on a prepared state. */
async function walkFrom(
  state: WalkState,
  startKey: string,
  pathType: 'blocking' | 'non-blocking',
  data: unknown,
  triggerNode: GraphNode | null,
): Promise<boolean> {
  const user = await workflowUser(state.ports.backend)
  if (!user) {
    state.errors.push(NO_WORKFLOW_USER)
    return finishWalk(state, false)
  }
  state.roaming = createRoamingData({ data, user, workflow: state.workflow, triggerNode, currentNode: startKey })
  return finishWalk(state, await executeWalk(state, startKey, pathType))
}

/** Writes the error logs of §2.2 step 8. */
function finishWalk(state: WalkState, success: boolean): boolean {
  if (!success) logLine(state, 'error', executionStopped(state.errors))
  else if (state.errors.length > 0) logLine(state, 'error', executionContinued(state.errors))
  return success
}

function outcomeOf(state: WalkState, walkSuccess: boolean): OutcomeKind {
  if (walkSuccess) return 'success'
  const stopped = state.result.blockingNodes.some((key) => state.graph.nodes.get(key)?.moduleId === 'stop-execution')
  return stopped ? 'blocked' : 'failure'
}

function triggerParams(indexed: unknown): Record<string, unknown> {
  return typeof indexed === 'object' && indexed !== null && !Array.isArray(indexed)
    ? (indexed as Record<string, unknown>)
    : {}
}

function walkResultJson(result: WalkResult): Record<string, unknown> {
  return {
    blocking_nodes: result.blockingNodes,
    executed_nodes: result.executedNodes,
    blocked_paths: result.blockedPaths,
  }
}

async function normalise(
  options: RunWorkflowOptions,
  trigger: NonNullable<ReturnType<EngineOptions['catalogue']['trigger']>>,
): Promise<{ ok: true; data: unknown; readLookups: boolean } | { ok: false; message: string }> {
  try {
    const watched = watchedLookups(options.ports?.backend ?? emptyLookups)
    const data = await trigger.normalise(options.data, { lookups: watched.lookups })
    if (data === false) return { ok: false, message: NORMALISE_INVALID_INPUT }
    return { ok: true, data, readLookups: watched.wasRead() }
  } catch (error) {
    return { ok: false, message: normaliseThrew(errorMessage(error)) }
  }
}

/**
 * `lookups` noting whether any was called: a normalisation that read none is a function of the
 * raw data alone, which lets a host keep a reference to it instead of a copy (the run history).
 */
function watchedLookups(lookups: CoreFormatLookups): { lookups: CoreFormatLookups; wasRead: () => boolean } {
  let isRead = false
  const read = <T>(lookup: () => Promise<T>): Promise<T> => {
    isRead = true
    return lookup()
  }
  return {
    lookups: {
      fetchSimpleEvent: (id) => read(() => lookups.fetchSimpleEvent(id)),
      fetchObjectSimple: (id) => read(() => lookups.fetchObjectSimple(id)),
      quickFetchEvent: (id) => read(() => lookups.quickFetchEvent(id)),
      fetchAttribute: (id) => read(() => lookups.fetchAttribute(id)),
      fetchThread: (id) => read(() => lookups.fetchThread(id)),
      fetchEventRow: (id) => read(() => lookups.fetchEventRow(id)),
    },
    wasRead: () => isRead,
  }
}

/**
 * Executing one node (spec/ENGINE.md §2.7): find the module, refuse a disabled one, resolve
 * the parameters, run `exec`, and turn anything it throws into MISP's error line. Unlike
 * MISP, which only catches `Exception`, every throw is caught here (Q20).
 */
import { hasErrorCode } from '../../errors.ts'
import type { ModuleContext, NodeStatus, TraceEntry, WorkflowModule } from '../contract/index.ts'
import type { IndexedNode } from '../graph/parse.ts'
import { effectiveNodeFilters, matchingItemsForAttributes, nodeFiltersEnabled } from '../walk/filters.ts'
import { postNodeEvent, logLine } from './debug-posts.ts'
import { disabledModule, executedNode, moduleNotFound, moduleThrew } from './messages.ts'
import { resolveParams } from './params.ts'
import type { WalkState } from './run-context.ts'
import type { PathType } from '../contract/index.ts'

/** What executing a node gave. */
export interface NodeExecution {
  ok: boolean
  /** The errors the node produced (MISP's per-node `errors`). */
  errors: string[]
  /** The module, when one was found. */
  module: WorkflowModule | undefined
  /** The module met data on which MISP crashes (`SLC_MISP_CRASH`): the walk must end here. */
  fatal: boolean
  entry: TraceEntry
}

function moduleEnabled(state: WalkState, moduleId: string): boolean {
  return state.options.isModuleEnabled ? state.options.isModuleEnabled(moduleId) : true
}

/** A trace entry for a node, before it runs. */
export function newTraceEntry(context: string, node: IndexedNode, pathType: PathType, path: string[]): TraceEntry {
  return {
    context,
    nodeId: node.key,
    moduleId: node.moduleId,
    moduleType: node.moduleType,
    pathType,
    path,
    status: 'success',
    result: null,
    errors: [],
    threw: false,
    durationMs: 0,
  }
}

/** Runs one node and records it in the trace. */
export async function executeNode(
  state: WalkState,
  node: IndexedNode,
  pathType: PathType,
  path: string[],
): Promise<NodeExecution> {
  state.roaming.setCurrentNode(node.key)
  const started = state.clock.monotonic()
  const entry = newTraceEntry(state.context, node, pathType, path)
  if (state.options.captureData) entry.dataIn = state.roaming.getData()
  state.trace.push(entry)
  const module = state.options.catalogue.module(node.moduleType, node.moduleId)
  const finish = (ok: boolean, status: NodeStatus, errors: string[], fatal = false): NodeExecution => {
    entry.status = status
    entry.errors = errors
    entry.durationMs = state.clock.monotonic() - started
    return { ok, errors, module, entry, fatal }
  }
  if (!module) {
    const message = moduleNotFound(node.moduleId)
    logLine(state, 'error', message)
    postNodeEvent(state, node.node, node.moduleId, 'result=loading_error')
    return finish(false, 'loading_error', [message])
  }
  if (!moduleEnabled(state, node.moduleId)) {
    const message = disabledModule(node.moduleId)
    logLine(state, 'error', message)
    postNodeEvent(state, node.node, node.moduleId, 'result=disabled_module')
    return finish(false, 'disabled', [message])
  }
  const errors: string[] = []
  let ok: boolean
  try {
    const params = await resolveParams(module, node.node, () => state.roaming.getData(), state.ports.templates)
    ok = (await module.exec(moduleContext(state, node, params, errors))) === true
  } catch (error) {
    const message = moduleThrew(node.moduleId, errorMessage(error))
    logLine(state, 'error', message)
    postNodeEvent(state, node.node, node.moduleId, `result=error&message=${errorMessage(error)}`)
    entry.threw = true
    entry.result = false
    return finish(false, 'error', [message], hasErrorCode(error, 'SLC_MISP_CRASH'))
  }
  entry.result = ok
  const status = node.moduleType === 'logic' || ok ? 'success' : 'partial-success'
  logLine(state, 'debug', executedNode(node.moduleId, node.key, state.workflow.name, state.workflowId, status))
  postNodeEvent(state, node.node, node.moduleId, `result=${status}`, errors)
  return finish(ok, status, errors)
}

function moduleContext(
  state: WalkState,
  node: IndexedNode,
  params: Record<string, unknown>,
  errors: string[],
): ModuleContext {
  const roaming = state.roaming
  const filters = effectiveNodeFilters(node.node)
  return {
    params,
    get data() {
      return roaming.getData()
    },
    setData: (data) => roaming.setData(data),
    node: node.node,
    errors,
    roaming,
    filters,
    filtersEnabled: nodeFiltersEnabled(filters),
    matchingItems: () => matchingItemsForAttributes(filters, roaming.getData()),
    backend: state.ports.backend,
    outbound: state.ports.outbound,
    deferrer: state.ports.deferrer,
    ports: state.ports,
    workflow: state.workflow,
  }
}

/** The message of anything thrown, as MISP's `getMessage()` would give it. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}

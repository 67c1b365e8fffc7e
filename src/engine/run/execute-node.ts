/**
 * Executing one node (spec/ENGINE.md §2.7): find the module, refuse a disabled one, resolve
 * the parameters, run `exec`, and turn anything it throws into MISP's error line. Unlike
 * MISP, which only catches `Exception`, every throw is caught here (Q20).
 */
import { hasErrorCode } from '../../errors.ts'
import type { GraphNode, ModuleContext, NodeStatus, TraceEntry, WorkflowModule } from '../contract/index.ts'
import type { IndexedNode } from '../graph/parse.ts'
import { isHashPathTypeError } from '../walk/conditions.ts'
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
  if (state.options.captureData) entry.dataIn = viewOrCrash(state).view
  state.trace.push(entry)
  const module = state.options.catalogue.module(node.moduleType, node.moduleId)
  const finish = (ok: boolean, status: NodeStatus, errors: string[], fatal = false): NodeExecution => {
    entry.status = status
    entry.errors = errors
    entry.durationMs = state.clock.monotonic() - started
    return { ok, errors, module, entry, fatal }
  }
  // MISP reads the data view after every node, for the debug post's argument, whether debug is
  // on or not: a view that cannot be computed (a path filter on which MISP crashes) ends the
  // walk at this node, before anything further runs.
  const crashed = (finished: NodeExecution): NodeExecution => {
    if (finished.fatal) return finished
    const { crash } = viewOrCrash(state)
    if (crash === null) return finished
    const message = moduleThrew(node.moduleId, errorMessage(crash))
    logLine(state, 'error', message)
    entry.threw = true
    entry.result = false
    return finish(false, 'error', [...finished.errors, message], true)
  }
  if (!module) {
    const message = moduleNotFound(node.moduleId)
    logLine(state, 'error', message)
    postNodeEvent(state, node.node, node.moduleId, 'result=loading_error')
    return crashed(finish(false, 'loading_error', [message]))
  }
  if (!moduleEnabled(state, node.moduleId)) {
    const message = disabledModule(node.moduleId)
    logLine(state, 'error', message)
    postNodeEvent(state, node.node, node.moduleId, 'result=disabled_module')
    return crashed(finish(false, 'disabled', [message]))
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
    return crashed(finish(false, 'error', [message], isMispCrash(error)))
  }
  entry.result = ok
  const status = node.moduleType === 'logic' || ok ? 'success' : 'partial-success'
  logLine(state, 'debug', executedNode(node.moduleId, node.key, state.workflow.name, state.workflowId, status))
  const execution = crashed(finish(ok, status, errors))
  if (!execution.fatal) postNodeEvent(state, node.node, node.moduleId, `result=${status}`, errors)
  return execution
}

/**
 * Where MISP crashes with a PHP `Error` rather than an `Exception` (spec/ENGINE.md §10, Q20):
 * the modules' `SLC_MISP_CRASH`, and the hash-path failures that are `TypeError`s in PHP.
 */
export function isMispCrash(error: unknown): boolean {
  return hasErrorCode(error, 'SLC_MISP_CRASH') || isHashPathTypeError(error)
}

/**
 * The current data view, or the MISP crash that computing it raises (a path filter applied to
 * data on which MISP's `Hash` crashes). Any other error is a Sluice bug and propagates.
 */
export function viewOrCrash(state: Pick<WalkState, 'roaming'>): { view: unknown; crash: unknown } {
  try {
    return { view: state.roaming.getData(), crash: null }
  } catch (error) {
    if (isMispCrash(error)) return { view: undefined, crash: error }
    throw error
  }
}

function moduleContext(
  state: WalkState,
  node: IndexedNode,
  params: Record<string, unknown>,
  errors: string[],
): ModuleContext {
  return new NodeContext(state, node.node, params, errors)
}

/** What a module context is built from: a walk's state, or a stateless run's equivalent. */
export interface ContextEnvironment {
  roaming: ModuleContext['roaming']
  ports: ModuleContext['ports']
  workflow: ModuleContext['workflow']
}

/**
 * What `exec` receives. A class, not an object literal: `data` is a getter (the view is read
 * afresh on each access), and a getter in an object literal gives every context its own hidden
 * class, which V8 keeps in the old generation — that made garbage collection a fifth of a
 * run. Functions a module may pass around (`setData`, `matchingItems`) are bound per instance.
 */
export class NodeContext implements ModuleContext {
  readonly params: Record<string, unknown>
  readonly node: ModuleContext['node']
  readonly errors: string[]
  readonly roaming: ModuleContext['roaming']
  readonly filters: ModuleContext['filters']
  readonly filtersEnabled: boolean
  readonly backend: ModuleContext['backend']
  readonly outbound: ModuleContext['outbound']
  readonly deferrer: ModuleContext['deferrer']
  readonly ports: ModuleContext['ports']
  readonly workflow: ModuleContext['workflow']
  readonly setData: ModuleContext['setData']
  readonly matchingItems: ModuleContext['matchingItems']

  constructor(environment: ContextEnvironment, node: GraphNode, params: Record<string, unknown>, errors: string[]) {
    const { roaming, ports } = environment
    const filters = effectiveNodeFilters(node)
    this.params = params
    this.node = node
    this.errors = errors
    this.roaming = roaming
    this.filters = filters
    this.filtersEnabled = nodeFiltersEnabled(filters)
    this.backend = ports.backend
    this.outbound = ports.outbound
    this.deferrer = ports.deferrer
    this.ports = ports
    this.workflow = environment.workflow
    this.setData = (data) => roaming.setData(data)
    this.matchingItems = () => matchingItemsForAttributes(filters, roaming.getData())
  }

  get data(): any {
    return this.roaming.getData()
  }
}

/** The message of anything thrown, as MISP's `getMessage()` would give it. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}

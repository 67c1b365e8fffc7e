/**
 * Executing a walk (spec/ENGINE.md §2.6, MISP's `walkGraph`): the walker produces nodes, this
 * file executes them, applies the blocking rules and prunes failed non-blocking paths.
 *
 *   blocking module fails ............ the whole walk stops, result false
 *   other module fails, non-blocking . everything further down that path is skipped
 *   other module fails, blocking path  recorded; the path goes on
 */
import type { NodeOutput, IndexedNode } from '../graph/parse.ts'
import type { PathType, TraceEntry } from '../contract/index.ts'
import { CONCURRENT_TASK, type WalkConsumer, walkGraph } from '../walk/walker.ts'
import { errorMessage, executeNode, type NodeExecution, newTraceEntry, viewOrCrash } from './execute-node.ts'
import { missingNode, moduleThrew, nodeErrorLine } from './messages.ts'
import type { WalkState } from './run-context.ts'

/** Logic modules whose result is ignored: they always forward on `output_1` (§2.5 table). */
const FILTER_MODULES = new Set(['generic-filter-data', 'generic-filter-reset'])

/** Thrown inside the walk to abandon it at once; never escapes `executeWalk`. */
class WalkAborted extends Error {}

function isPrefix(prefix: string[], path: string[]): boolean {
  if (prefix.length > path.length) return false
  for (let i = 0; i < prefix.length; i++) if (prefix[i] !== path[i]) return false
  return true
}

function skippedEntry(state: WalkState, node: IndexedNode, pathType: PathType, path: string[]): TraceEntry {
  return { ...newTraceEntry(state.context, node, pathType, path), status: 'skipped' }
}

/** Runs the walk from `startKey`; returns MISP's walk success. Fills `state`'s records. */
export async function executeWalk(state: WalkState, startKey: string, forPath: PathType): Promise<boolean> {
  const skipPrefixes: string[][] = []
  const consumer: WalkConsumer = {
    async visit(node, pathType, path) {
      if (skipPrefixes.some((prefix) => isPrefix(prefix, path))) {
        state.result.blockedPaths.push(path)
        state.trace.push(skippedEntry(state, node, pathType, path))
        return
      }
      const execution = await executeNode(state, node, pathType, path)
      state.result.executedNodes.push(node.key)
      if (execution.ok) return
      state.result.blockingNodes.push(node.key)
      if (execution.errors.length > 0) {
        state.errors.push(
          nodeErrorLine(node.moduleId, node.key, state.workflow.name, state.workflowId, execution.errors),
        )
      }
      if (execution.module?.descriptor.blocking || execution.fatal) throw new WalkAborted()
      if (pathType === 'non-blocking') skipPrefixes.push(path)
    },
    evaluateLogic: (node, pathType, path) => evaluateLogic(state, node, pathType, path),
    missingNode(target, _pathType, path) {
      // MISP crashes with a TypeError here (spec/ENGINE.md §10); Sluice fails the run cleanly.
      state.errors.push(missingNode(target, path))
      throw new WalkAborted()
    },
  }
  try {
    await walkGraph(state.graph, startKey, forPath, consumer)
    return true
  } catch (error) {
    if (error instanceof WalkAborted) return false
    throw error
  }
}

/**
 * Where MISP crashes with a PHP Error (spec/ENGINE.md §10), Sluice ends the walk as a failure
 * with the node's error, instead of treating the node as an ordinary false (which would take
 * an else branch MISP never reaches). See docs/differences-from-misp.md.
 */
function abortIfFatal(state: WalkState, node: IndexedNode, execution: NodeExecution): void {
  if (!execution.fatal) return
  state.errors.push(nodeErrorLine(node.moduleId, node.key, state.workflow.name, state.workflowId, execution.errors))
  throw new WalkAborted()
}

/** MISP's `evaluateLogic` (§2.5): runs a logic node and returns the outputs to follow. */
async function evaluateLogic(
  state: WalkState,
  node: IndexedNode,
  pathType: PathType,
  path: string[],
): Promise<NodeOutput[]> {
  if (node.moduleId === CONCURRENT_TASK) {
    await deferConnections(state, node, pathType, path)
    return []
  }
  const execution = await executeNode(state, node, pathType, path)
  abortIfFatal(state, node, execution)
  // Logic errors never reach blockingErrors and never stop the walk (§2.5).
  let followed: NodeOutput[]
  if (FILTER_MODULES.has(node.moduleId)) followed = node.outputs.filter((output) => output.name === 'output_1')
  else {
    const wanted = execution.ok ? 'output_1' : 'output_2'
    followed = node.outputs.filter((output) => output.name === wanted)
  }
  execution.entry.branch = followed.map((output) => output.name)
  return followed
}

/**
 * `concurrent-task` (§2.5, §2.6.3): once per connection of `output_1`, mark the target in the
 * data, run the module (which removes the mark), and hand the resulting view off as a
 * deferred non-blocking walk. A disabled or failing module hands nothing off.
 */
async function deferConnections(
  state: WalkState,
  node: IndexedNode,
  pathType: PathType,
  path: string[],
): Promise<void> {
  // Where MISP crashes at this node: its error line, and the walk ends.
  const crashHere = (reason: string): never => {
    const message = moduleThrew(node.moduleId, reason)
    state.errors.push(nodeErrorLine(node.moduleId, node.key, state.workflow.name, state.workflowId, [message]))
    throw new WalkAborted()
  }
  const output = node.outputs.find((candidate) => candidate.name === 'output_1')
  // MISP passes `$outputs['output_1']` (null here) to an `array $connections` parameter: a TypeError.
  if (!output) return crashHere('The concurrent task has no output `output_1`')
  for (const target of output.targets) {
    // MISP reads the view here, before executing the node; a view it cannot compute crashes it.
    const { view, crash } = viewOrCrash(state)
    if (crash !== null) crashHere(errorMessage(crash))
    const marked = typeof view === 'object' && view !== null && !Array.isArray(view) ? { ...view } : {}
    ;(marked as Record<string, unknown>).__node_id_to_exec = Number.parseInt(target, 10)
    state.roaming.setData(marked)
    const execution = await executeNode(state, node, pathType, path)
    execution.entry.branch = []
    abortIfFatal(state, node, execution)
    if (!execution.ok) continue
    // The payload travels as JSON, as in MISP's job arguments: the walk gets its own copy.
    const data = JSON.parse(JSON.stringify(state.roaming.getData() ?? null))
    const walk = {
      workflowId: state.workflowId,
      enqueuedBy: node.key,
      nodeId: target,
      pathType: 'non-blocking' as const,
      data,
    }
    state.deferred.push(walk)
    await state.ports.deferrer?.defer(walk)
  }
}

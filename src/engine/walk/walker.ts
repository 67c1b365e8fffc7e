/**
 * The graph walker (spec/ENGINE.md §2.5): a depth-first, pre-order walk over *paths*, not
 * nodes. There is no visited set: a node reachable along two paths is visited twice; the only
 * loop guard is that an edge may not repeat within one path.
 *
 *     trigger ──► IF ──then──► action A ──► action B
 *                   └─else──► action C
 *
 * Trigger and logic nodes are control nodes: the consumer never receives them (except in
 * `include-logic` mode). Logic nodes decide which outputs are followed. The walk awaits the
 * consumer for each node, so the next decision sees the data after the previous action.
 */
import { UserError } from '../../errors.ts'
import type { PathType } from '../contract/index.ts'
import type { IndexedNode, NodeOutput, ParsedGraph } from '../graph/parse.ts'

/** Module id whose outputs switch the rest of the path to `non-blocking` (§2.5 step 5.1). */
export const CONCURRENT_TASK = 'concurrent-task'

/** What the walk calls back. */
export interface WalkConsumer {
  /** A produced node: every non-control node, or every node in `include-logic` mode. */
  visit(node: IndexedNode, pathType: PathType, path: string[]): void | Promise<void>
  /** A logic node outside `include-logic` mode: returns the outputs to follow (§2.5 `evaluateLogic`). */
  evaluateLogic(node: IndexedNode, pathType: PathType, path: string[]): NodeOutput[] | Promise<NodeOutput[]>
  /** A connection to a node that does not exist (MISP crashes here; Sluice reports it, §10). */
  missingNode(target: string, pathType: PathType, path: string[]): void | Promise<void>
}

/** The edge id MISP uses in path lists: `"<source>:<output>:<connection index>:<target>"`. */
export function edgeId(source: string, output: string, index: number, target: string): string {
  return `${source}:${output}:${index}:${target}`
}

/**
 * Walks from `startKey` for `forPath`. Any path type other than the three known ones gives
 * an empty walk, as in MISP.
 */
export async function walkGraph(
  graph: ParsedGraph,
  startKey: string,
  forPath: PathType,
  consumer: WalkConsumer,
): Promise<void> {
  if (forPath !== 'blocking' && forPath !== 'non-blocking' && forPath !== 'include-logic') return
  const start = graph.nodes.get(startKey)
  if (!start) throw new UserError('SLC_GRAPH_INVALID', `Could not find start node ${startKey}`)
  await visit(graph, start, forPath, forPath, [], consumer)
}

async function visit(
  graph: ParsedGraph,
  node: IndexedNode,
  initialPathType: PathType,
  forPath: PathType,
  path: string[],
  consumer: WalkConsumer,
): Promise<void> {
  let pathType = initialPathType
  const executeLogic = pathType !== 'include-logic'
  const isControl = node.moduleType === 'trigger' || node.moduleType === 'logic'
  if (!executeLogic || !isControl) await consumer.visit(node, pathType, path)
  const outputs =
    executeLogic && node.moduleType === 'logic' ? await consumer.evaluateLogic(node, pathType, path) : node.outputs
  for (const output of outputs) {
    if (executeLogic && node.moduleType === 'logic' && node.moduleId === CONCURRENT_TASK) pathType = 'non-blocking'
    if (pathType !== forPath) continue
    for (let index = 0; index < output.targets.length; index++) {
      const target = output.targets[index]
      const edge = edgeId(node.key, output.name, index, target)
      if (path.includes(edge)) continue
      const nextPath = [...path, edge]
      const next = graph.nodes.get(target)
      if (next) await visit(graph, next, pathType, forPath, nextPath, consumer)
      else await consumer.missingNode(target, pathType, nextPath)
    }
  }
}

/**
 * Every path from a node, depth first in output and connection order (the `include-logic`
 * walk of spec/ENGINE.md §2.5 with nothing executed), without recursion and within a budget. Paths multiply: a ladder of 30 diamonds behind a
 * concurrent task has 2^30 of them, and a chain of 10,000 nodes is deeper than the call
 * stack. The editor's check, the connection labels and the save check follow paths here, so
 * that such a graph is refused with a message instead of stalling or crashing the process.
 */
import { hasErrorCode, UserError } from '../../errors.ts'
import { edgeId } from '../walk/walker.ts'
import type { IndexedNode, ParsedGraph } from './parse.ts'

/** Steps (nodes reached, plus edges reported) one analysis of a graph may take. */
export const MAX_PATH_STEPS = 200_000

/** Shared by every walk of one analysis, so that many start nodes cannot multiply the limit. */
export interface PathBudget {
  spend(steps: number): void
}

/** A budget of `limit` steps; going past it throws SLC_GRAPH_INVALID naming the limit. */
export function createPathBudget(limit = MAX_PATH_STEPS): PathBudget {
  let spent = 0
  return {
    spend(steps) {
      spent += steps
      if (spent > limit) {
        throw new UserError(
          'SLC_GRAPH_INVALID',
          `The workflow graph has too many paths to follow (over ${limit} steps); split it into smaller workflows`,
        )
      }
    },
  }
}

interface Frame {
  steps: Array<[edge: string, next: IndexedNode]>
  next: number
}

/**
 * Calls `visit` for every node reachable from `startKey` along every path, with the edges that
 * led there (`source:output:index:target`, walker.ts `edgeId`). `path` is only valid during the call:
 * copy it to keep it. An edge is not followed twice on one path; missing targets are skipped.
 */
export function walkPaths(
  graph: ParsedGraph,
  startKey: string,
  visit: (node: IndexedNode, path: readonly string[]) => void,
  budget: PathBudget,
): void {
  const start = graph.nodes.get(startKey)
  if (!start) return
  const path: string[] = []
  const onPath = new Set<string>()
  const stack: Frame[] = []
  const enter = (node: IndexedNode) => {
    budget.spend(1)
    visit(node, path)
    const steps: Frame['steps'] = []
    for (const output of node.outputs) {
      output.targets.forEach((target, index) => {
        const next = graph.nodes.get(target)
        if (next) steps.push([edgeId(node.key, output.name, index, target), next])
      })
    }
    stack.push({ steps, next: 0 })
  }
  enter(start)
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]
    if (frame.next >= frame.steps.length) {
      stack.pop()
      // The start node's frame has no edge of its own on the path.
      if (stack.length > 0) onPath.delete(path.pop() as string)
      continue
    }
    const [edge, next] = frame.steps[frame.next++]
    if (onPath.has(edge)) continue
    path.push(edge)
    onPath.add(edge)
    enter(next)
  }
}

const pathProblems = new WeakMap<ParsedGraph, string | null>()

/**
 * Why runs of this graph could not be traced (its paths from the trigger, each counted with its
 * length, the size of the trace a run would keep, go past MAX_PATH_STEPS), or null. Saving
 * refuses such a graph; a run of one stored before that check, or handed to the library, fails
 * with this message rather than stalling the process. Cached per parsed graph.
 */
export function pathBudgetProblem(graph: ParsedGraph): string | null {
  const cached = pathProblems.get(graph)
  if (cached !== undefined) return cached
  let problem: string | null = null
  if (graph.triggerKey !== null) {
    const budget = createPathBudget()
    try {
      walkPaths(graph, graph.triggerKey, (_node, path) => budget.spend(path.length), budget)
    } catch (error) {
      if (!hasErrorCode(error, 'SLC_GRAPH_INVALID')) throw error
      problem = (error as Error).message
    }
  }
  pathProblems.set(graph, problem)
  return problem
}

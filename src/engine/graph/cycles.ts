/**
 * Cycle detection as MISP's editor check reports it (spec/ENGINE.md §3.2.1): a coloured DFS
 * over the output connections in graph key order that stops at the first cycle and lists its
 * edges from the closing back edge backwards. The DFS keeps its own stack, so a chain of
 * thousands of nodes cannot overflow the call stack.
 */
import type { ParsedGraph } from './parse.ts'

/** One edge of a reported cycle: `[source, target, "Cycle"]` with integer ids, as MISP returns them. */
export type CycleEdge = [number | string, number | string, 'Cycle']

/** The `is_acyclic` part of checkGraph's answer. */
export interface CycleReport {
  is_acyclic: boolean
  cycles: CycleEdge[]
}

const WHITE = 0
const GRAY = 1
const BLACK = 2

function asId(key: string): number | string {
  const n = Number(key)
  return Number.isInteger(n) ? n : key
}

/** Finds the first cycle, if any. Targets that are not nodes of the graph are ignored. */
export function findCycle(graph: ParsedGraph): CycleReport {
  const colour = new Map<string, number>()
  for (const key of graph.nodes.keys()) colour.set(key, WHITE)
  const targetsOf = (key: string) => (graph.nodes.get(key)?.outputs ?? []).flatMap((output) => output.targets)

  for (const root of graph.nodes.keys()) {
    if (colour.get(root) !== WHITE) continue
    // The grey nodes, root first; each with the targets it has yet to look at.
    const stack: Array<{ key: string; targets: string[]; next: number }> = []
    colour.set(root, GRAY)
    stack.push({ key: root, targets: targetsOf(root), next: 0 })
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]
      if (frame.next >= frame.targets.length) {
        colour.set(frame.key, BLACK)
        stack.pop()
        continue
      }
      const target = frame.targets[frame.next++]
      const state = colour.get(target)
      if (state === GRAY) return { is_acyclic: false, cycles: cycleEdges(stack, target) }
      if (state === WHITE) {
        colour.set(target, GRAY)
        stack.push({ key: target, targets: targetsOf(target), next: 0 })
      }
    }
  }
  return { is_acyclic: true, cycles: [] }
}

/**
 * The back edge into `loopNode`, then the tree edges back up to it, as MISP lists them. Like
 * MISP, only a node below the closing one can end the list, so a self loop lists every edge
 * back to the root.
 */
function cycleEdges(stack: Array<{ key: string }>, loopNode: string): CycleEdge[] {
  const edges: CycleEdge[] = [[asId(stack[stack.length - 1].key), asId(loopNode), 'Cycle']]
  for (let index = stack.length - 2; index >= 0; index--) {
    edges.push([asId(stack[index].key), asId(stack[index + 1].key), 'Cycle'])
    if (stack[index].key === loopNode) break
  }
  return edges
}

/**
 * Cycle detection as MISP's editor check reports it (spec/ENGINE.md §3.2.1): a coloured DFS
 * over the output connections in graph key order that stops at the first cycle and lists its
 * edges from the closing back edge backwards.
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
  const edges: CycleEdge[] = []
  let loopNode: string | null = null

  const visit = (current: string): boolean => {
    colour.set(current, GRAY)
    for (const output of graph.nodes.get(current)?.outputs ?? []) {
      for (const target of output.targets) {
        const state = colour.get(target)
        if (state === undefined) continue
        if (state === GRAY) {
          edges.push([asId(current), asId(target), 'Cycle'])
          loopNode = target
          return true
        }
        if (state === WHITE && visit(target)) {
          if (loopNode !== null) edges.push([asId(current), asId(target), 'Cycle'])
          if (current === loopNode) loopNode = null
          return true
        }
      }
    }
    colour.set(current, BLACK)
    return false
  }

  for (const key of graph.nodes.keys()) {
    if (colour.get(key) === WHITE && visit(key)) return { is_acyclic: false, cycles: edges }
  }
  return { is_acyclic: true, cycles: [] }
}

/**
 * The live editor check (spec/ENGINE.md §3.2): cycles, crowded outputs and blocking modules
 * placed after a concurrent task, in the exact shape of MISP's `checkGraph` answer.
 */
import { phpTruthy } from '../../format/index.ts'
import type { ModuleCatalogue } from '../contract/index.ts'
import { CONCURRENT_TASK } from '../walk/walker.ts'
import { type CycleReport, findCycle } from './cycles.ts'
import type { ParsedGraph } from './parse.ts'
import { createPathBudget, walkPaths } from './path-walk.ts'

export { createPathBudget, MAX_PATH_STEPS, type PathBudget, walkPaths } from './path-walk.ts'

/** MISP's path-warning text (spec/ENGINE.md §3.2.3). */
export const PATH_WARNING_TEXT = 'This path leads to a blocking node from a non-blocking context'

/** One path warning: `[source, target, text, true, module id, node id]`. */
export type PathWarningEdge = [string, string, string, true, string, number | string]

/** MISP's `checkGraph` answer. */
export interface GraphCheck {
  is_acyclic: CycleReport
  multiple_output_connection: { has_multiple_output_connection: boolean; edges: Record<string, Array<number | string>> }
  path_warnings: { has_path_warnings: boolean; edges: PathWarningEdge[] }
}

function asId(key: string): number | string {
  const n = Number(key)
  return Number.isInteger(n) ? n : key
}

/**
 * Runs the three analyses of MISP's editor check on a (possibly unsaved) graph. A graph with
 * too many paths to follow throws SLC_GRAPH_INVALID (path-walk.ts).
 */
export function checkGraph(graph: ParsedGraph, catalogue: ModuleCatalogue): GraphCheck {
  const crowded: Record<string, Array<number | string>> = {}
  for (const node of graph.nodes.values()) {
    // MISP tests the flag with PHP's empty(): "0" and [] do not allow several connections.
    if (phpTruthy(node.node.data.multiple_output_connection)) continue
    // If a node has several crowded outputs, the last one wins, as in MISP.
    for (const output of node.outputs) if (output.targets.length > 1) crowded[node.key] = output.targets.map(asId)
  }
  const warnings = pathWarnings(graph, catalogue)
  return {
    is_acyclic: findCycle(graph),
    multiple_output_connection: { has_multiple_output_connection: Object.keys(crowded).length > 0, edges: crowded },
    path_warnings: { has_path_warnings: warnings.length > 0, edges: warnings },
  }
}

function pathWarnings(graph: ParsedGraph, catalogue: ModuleCatalogue): PathWarningEdge[] {
  const edges: PathWarningEdge[] = []
  const budget = createPathBudget()
  for (const node of graph.nodes.values()) {
    if (node.moduleType !== 'logic' || node.moduleId !== CONCURRENT_TASK) continue
    walkPaths(
      graph,
      node.key,
      (reached, path) => {
        const module = catalogue.module(reached.moduleType, reached.moduleId)
        if (!module?.descriptor.blocking) return
        // Every path repeats its edges in the answer, so they count against the budget too.
        budget.spend(path.length)
        for (const edge of path) {
          const [source, , , target] = edge.split(':')
          edges.push([source, target, PATH_WARNING_TEXT, true, reached.moduleId, asId(reached.key)])
        }
      },
      budget,
    )
  }
  return edges
}

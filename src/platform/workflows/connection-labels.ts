/**
 * The filter labels MISP shows on connections (spec/ENGINE.md §2.8.4): for every node reached
 * from the trigger, the path filters active on the way in (`generic-filter-data` adds its
 * `filtering-label`, `generic-filter-reset` removes it, or all of them for `all`) decorate the
 * node's input connection as `labels: [{id, name, variant: "info"}]`. Computed for `view` and
 * `edit` answers and never stored: `stripConnectionLabels` removes them before a save.
 *
 *   1 ─▶ 2 Filter A ─▶ 3 Filter B ─▶ 4 Reset B ─▶ 5
 *        inputs of 3: [A]   of 4: [A, B]   of 5: [A]
 */
import { createPathBudget, parseGraph, walkPaths } from '../../engine/index.ts'
import { hasErrorCode } from '../../errors.ts'
import { isMap } from '../../format/index.ts'

type Json = Record<string, any>

/** CakePHP's `Inflector::variable`: `my_label` → `myLabel`, `A` → `a`. */
function variableName(label: string): string {
  const camel = label.replace(/[_\s]+(.)?/g, (_match, next: string | undefined) => (next ? next.toUpperCase() : ''))
  return camel.charAt(0).toLowerCase() + camel.slice(1)
}

function labelsAlong(graph: ReturnType<typeof parseGraph>, path: readonly string[]): string[] {
  let labels: string[] = []
  for (const edge of path) {
    const source = graph.nodes.get(edge.split(':')[0])
    const params: unknown = source?.node.data.indexed_params
    const label = String((isMap(params) ? params['filtering-label'] : undefined) ?? '')
    if (source?.moduleId === 'generic-filter-data' && label !== '' && !labels.includes(label)) labels.push(label)
    if (source?.moduleId === 'generic-filter-reset')
      labels = label === 'all' ? [] : labels.filter((name) => name !== label)
  }
  return labels
}

/**
 * A copy of `data` (a workflow graph) with the labels on input connections; `data` is untouched.
 * A graph with too many paths to follow (path-walk.ts) is answered without labels, so that it
 * can still be viewed and fixed.
 */
export function withConnectionLabels(data: unknown): unknown {
  let graph: ReturnType<typeof parseGraph>
  try {
    graph = parseGraph(data)
  } catch {
    return data
  }
  if (graph.triggerKey === null) return data
  const copy = structuredClone(data) as Json
  const budget = createPathBudget()
  try {
    walkPaths(
      graph,
      graph.triggerKey,
      (node, path) => {
        const last = path.at(-1)
        if (!last) return
        budget.spend(path.length)
        const labels = labelsAlong(graph, path)
        if (labels.length === 0) return
        const [source, output] = last.split(':')
        const connections = copy[node.key]?.inputs?.input_1?.connections
        if (!Array.isArray(connections)) return
        for (const connection of connections) {
          if (isMap(connection) && String(connection.node) === source && connection.input === output) {
            connection.labels = labels.map((name) => ({ id: variableName(name), name, variant: 'info' }))
          }
        }
      },
      budget,
    )
  } catch (error) {
    if (!hasErrorCode(error, 'SLC_GRAPH_INVALID')) throw error
    return data
  }
  return copy
}

/** Removes computed `labels` from every input connection, in place (they are never stored). */
export function stripConnectionLabels(data: unknown): void {
  if (!isMap(data)) return
  for (const [key, node] of Object.entries(data)) {
    if (key === '_frames' || !isMap(node) || !isMap(node.inputs)) continue
    for (const input of Object.values(node.inputs)) {
      if (!isMap(input) || !Array.isArray(input.connections)) continue
      for (const connection of input.connections) if (isMap(connection)) delete connection.labels
    }
  }
}

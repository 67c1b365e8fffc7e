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
import { listPaths, parseGraph } from '../../engine/index.ts'
import { isMap } from '../../format/index.ts'

type Json = Record<string, any>

/** CakePHP's `Inflector::variable`: `my_label` → `myLabel`, `A` → `a`. */
function variableName(label: string): string {
  const camel = label.replace(/[_\s]+(.)?/g, (_match, next: string | undefined) => (next ? next.toUpperCase() : ''))
  return camel.charAt(0).toLowerCase() + camel.slice(1)
}

function labelsAlong(graph: ReturnType<typeof parseGraph>, path: string[]): string[] {
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

/** A copy of `data` (a workflow graph) with the labels on input connections; `data` is untouched. */
export function withConnectionLabels(data: unknown): unknown {
  let graph: ReturnType<typeof parseGraph>
  try {
    graph = parseGraph(data)
  } catch {
    return data
  }
  if (graph.triggerKey === null) return data
  const copy = structuredClone(data) as Json
  for (const { node, path } of listPaths(graph, graph.triggerKey)) {
    const last = path.at(-1)
    if (!last) continue
    const labels = labelsAlong(graph, path)
    if (labels.length === 0) continue
    const [source, output] = last.split(':')
    const connections = copy[node.key]?.inputs?.input_1?.connections
    if (!Array.isArray(connections)) continue
    for (const connection of connections) {
      if (isMap(connection) && String(connection.node) === source && connection.input === output) {
        connection.labels = labels.map((name) => ({ id: variableName(name), name, variant: 'info' }))
      }
    }
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

/**
 * Graphviz DOT export (spec/ENGINE.md §8.1): MISP's `format:dot` text, byte for byte.
 *
 *     digraph G {
 *       {
 *         1 [margin="0", shape="diamond", label="Event Publish"]
 *       }
 *         1 -> 2 []
 *     }
 */
import { phpIntval, phpToString } from '../../format/index.ts'
import type { IndexedNode, ParsedGraph } from './parse.ts'

/** Node attributes by `data.module_type`, in MISP's attribute order (spec/ENGINE.md §8.1). */
const SHAPES: Record<string, string> = {
  trigger: 'diamond',
  logic: 'parallelogram',
  action: 'box',
}

/**
 * A workflow graph as DOT, as MISP's `/workflows/view/<id>/format:dot` returns it. Every node
 * is listed in graph order with its module name (`data.name`); edges follow, for each node
 * the targets of all its outputs in order, including targets missing from the graph. Labels
 * are not escaped. The text ends with `}` and no newline.
 */
export function workflowToDot(graph: ParsedGraph): string {
  let text = 'digraph G {\n  {\n'
  for (const node of graph.nodes.values()) text += `    ${renderNode(node)}\n`
  text += '  }\n'
  for (const [sourceId, targets] of edgeList(graph)) {
    for (const targetId of targets) text += `    ${sourceId} -> ${targetId} []\n`
  }
  return `${text}}`
}

function renderNode(node: IndexedNode): string {
  const shape = SHAPES[node.moduleType]
  const label = `label="${phpToString(node.node.data.name)}"`
  // MISP quirk: an unknown `module_type` has no style, so only the label is written.
  const attributes = shape ? `margin="0", shape="${shape}", ${label}` : label
  return `${phpToString(node.node.id)} [${attributes}]`
}

/** MISP's adjacency: keyed by the node's `id` cast to int; a repeated id keeps its first place. */
function edgeList(graph: ParsedGraph): Map<number, string[]> {
  const edges = new Map<number, string[]>()
  for (const node of graph.nodes.values()) {
    edges.set(
      phpIntval(node.node.id),
      node.outputs.flatMap((output) => output.targets),
    )
  }
  return edges
}

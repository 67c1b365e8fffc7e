/**
 * What MISP's editor does to a node before saving (spec/UI.md §5.4, spec/ENGINE.md §1.3.2):
 * the server-generated first trigger node carries the whole module descriptor (`params`, the
 * list form of `saved_filters`, no `name`); saving drops `params`, `module_data` and `_…` keys,
 * turns the filters into the four-key map and adds the missing UI fields. Clean nodes are
 * returned unchanged, object for object, so "open and save" gives back the same JSON.
 */
import type { GraphNode } from '../../../../src/engine/contract/index.ts'
import { newNodeUid } from './new-node.ts'
import { nodeFilters } from './params.ts'

/** Whether a node still has the unclean shape the server generates. */
export function isUnclean(node: GraphNode): boolean {
  const data = node.data ?? {}
  return (
    'params' in data ||
    'module_data' in data ||
    Array.isArray(data.saved_filters) ||
    Object.keys(data).some((key) => key.startsWith('_'))
  )
}

/** The node as MISP's editor would save it. */
export function cleanNode(node: GraphNode): GraphNode {
  if (!isUnclean(node)) return node
  const data: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(node.data)) {
    if (key === 'params' || key === 'module_data' || key.startsWith('_')) continue
    data[key] = value
  }
  data.saved_filters = nodeFilters(node)
  data.indexed_params ??= []
  data.name ??= node.name ?? node.data.id
  data.node_uid ??= newNodeUid()
  data.module_version ??= String(node.data.version ?? node.data.module_version ?? '?')
  data.previous_module_version ??= String(node.data.module_version ?? '?')
  data.multiple_output_connection ??= Boolean(node.data.multiple_output_connection)
  if ('name' in node) return { ...node, data: data as GraphNode['data'] }
  // MISP writes `name` right after `id`; the generated node has none.
  const { id, ...rest } = node
  return { id, name: String(data.name), ...rest, data: data as GraphNode['data'] }
}

/** Cleans every node of a written graph (object) or blueprint node list. */
export function cleanGraph<T extends Record<string, unknown> | unknown[]>(graph: T): T {
  if (Array.isArray(graph)) return graph.map((node) => cleanNode(node as GraphNode)) as T
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(graph)) out[key] = key === '_frames' ? value : cleanNode(value as GraphNode)
  return out as T
}

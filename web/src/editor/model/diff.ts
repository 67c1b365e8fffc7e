/**
 * A diff of two workflow documents in words, node by node (spec/UI.md §6 item 5): what the
 * versions panel shows between a saved version and the graph in the editor.
 */
import type { WorkflowDoc } from './drawflow.ts'
import { indexedParams, nodeFilters } from './params.ts'

/** Differences between two documents, one line each. */
export function describeDiff(from: WorkflowDoc, to: WorkflowDoc): string[] {
  const lines: string[] = []
  const name = (doc: WorkflowDoc, key: string) => String(doc.nodes[key]?.data?.name ?? doc.nodes[key]?.data?.id ?? key)
  for (const key of to.order) if (!(key in from.nodes)) lines.push(`+ node ${key} ${name(to, key)}`)
  for (const key of from.order) if (!(key in to.nodes)) lines.push(`− node ${key} ${name(from, key)}`)
  for (const key of to.order) {
    if (!(key in from.nodes)) continue
    // Compared by meaning: PHP's `[]` for no parameters and the list form of empty filters are no change.
    const before = { params: indexedParams(from.nodes[key]), filters: nodeFilters(from.nodes[key]) }
    const after = { params: indexedParams(to.nodes[key]), filters: nodeFilters(to.nodes[key]) }
    if (JSON.stringify(before.params) !== JSON.stringify(after.params))
      lines.push(`~ node ${key} ${name(to, key)}: parameters changed`)
    if (JSON.stringify(before.filters) !== JSON.stringify(after.filters))
      lines.push(`~ node ${key} ${name(to, key)}: filter changed`)
    if (from.nodes[key].pos_x !== to.nodes[key].pos_x || from.nodes[key].pos_y !== to.nodes[key].pos_y)
      lines.push(`~ node ${key} ${name(to, key)}: moved`)
  }
  const edgesFrom = new Set(from.edges.map((edge) => edge.id))
  const edgesTo = new Set(to.edges.map((edge) => edge.id))
  for (const id of edgesTo) if (!edgesFrom.has(id)) lines.push(`+ connection ${id}`)
  for (const id of edgesFrom) if (!edgesTo.has(id)) lines.push(`− connection ${id}`)
  return lines
}

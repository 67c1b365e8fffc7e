/**
 * A diff of two workflow documents in words, node by node (spec/UI.md §6 item 5): what the
 * versions panel shows between a saved version and the graph in the editor. The comparison is
 * the server's (`diffGraphs`, the versions API's diff) on the documents as they would be saved;
 * this module only puts it into words.
 */
import { diffGraphs, type NodeChange, type NodeSummary } from '../../../../src/engine/graph/graph-diff.ts'
import { type WorkflowDoc, writeDrawflow } from './drawflow.ts'

const label = (node: NodeSummary) => `node ${node.id} ${node.name || node.module_id || node.id}`

function changeLines(change: NodeChange): string[] {
  const node = label(change)
  const lines: string[] = []
  if (change.module) lines.push(`~ ${node}: module ${change.module.from} → ${change.module.to}`)
  if (change.node_name) lines.push(`~ ${node}: renamed from ${change.node_name.from}`)
  if (change.parameters) lines.push(`~ ${node}: parameters changed`)
  if (change.filters) lines.push(`~ ${node}: filter changed`)
  if (change.position) lines.push(`~ ${node}: moved`)
  for (const edge of change.connections?.added ?? []) lines.push(`+ connection ${change.id} ${edge}`)
  for (const edge of change.connections?.removed ?? []) lines.push(`− connection ${change.id} ${edge}`)
  return lines
}

/** Differences between two documents, one line each. */
export function describeDiff(from: WorkflowDoc, to: WorkflowDoc): string[] {
  const diff = diffGraphs(writeDrawflow(from), writeDrawflow(to))
  return [
    ...diff.nodes.added.map((node) => `+ ${label(node)}`),
    ...diff.nodes.removed.map((node) => `− ${label(node)}`),
    ...diff.nodes.changed.flatMap(changeLines),
  ]
}

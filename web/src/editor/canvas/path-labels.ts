/**
 * Path-filter labels on edges (spec/UI.md §3.10, spec/ENGINE.md §2.8.4), computed in the client
 * on every change instead of only on load and save: from a `generic-filter-data` node on, every
 * downstream connection carries its label, until a `generic-filter-reset` lifts it.
 */
import type { WorkflowDoc } from '../model/drawflow.ts'
import { indexedParams } from '../model/params.ts'

/** Edge id → label names, for edges downstream of a path filter. */
export function pathLabels(doc: WorkflowDoc): Map<string, string[]> {
  const out = new Map<string, string[]>()
  const next = new Map<string, typeof doc.edges>()
  for (const edge of doc.edges) next.set(edge.source, [...(next.get(edge.source) ?? []), edge])
  const walk = (key: string, labels: ReadonlySet<string>, depth: number): void => {
    if (depth > doc.order.length) return
    for (const edge of next.get(key) ?? []) {
      const target = doc.nodes[edge.target]
      if (!target) continue
      const known = out.get(edge.id) ?? []
      const merged = [...new Set([...known, ...labels])]
      if (merged.length === known.length && known.length > 0) continue
      if (merged.length > 0) out.set(edge.id, merged)
      walk(edge.target, applyNode(target.data?.id, indexedParams(target), labels), depth + 1)
    }
  }
  for (const key of doc.order) {
    const node = doc.nodes[key]
    if (node.data?.id === 'generic-filter-data')
      walk(key, applyNode('generic-filter-data', indexedParams(node), new Set()), 0)
  }
  return out
}

/** `filtering-label` holds `A`…`F` (or `all` on the reset module); the edge shows "Label A". */
function applyNode(
  moduleId: unknown,
  params: Record<string, unknown>,
  labels: ReadonlySet<string>,
): ReadonlySet<string> {
  const label = String(params['filtering-label'] ?? '')
  if (moduleId === 'generic-filter-data') return label ? new Set([...labels, `Label ${label}`]) : labels
  if (moduleId === 'generic-filter-reset') {
    if (label === '' || label === 'all') return new Set()
    return new Set([...labels].filter((name) => name !== `Label ${label}`))
  }
  return labels
}

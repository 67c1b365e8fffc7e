/**
 * Turns a stored run's trace (`/sluice/runs/:id`, entries of spec/ENGINE.md §2.5–§2.7) into
 * what the canvas overlays per node: the status in words, the branch taken, the duration and
 * the errors. The data each node saw stays in the entry for the side panel.
 */
import type { NodeTrace } from './state/editor-state.ts'

interface Entry {
  nodeId?: unknown
  status?: unknown
  branch?: unknown
  errors?: unknown
  durationMs?: unknown
  result?: unknown
}

/** Node key → overlay, from the trace entries; a node that ran twice shows its last entry. */
export function traceOverlay(
  entries: readonly Record<string, unknown>[],
  blockingNodes: readonly string[] = [],
): Map<string, NodeTrace> {
  const out = new Map<string, NodeTrace>()
  for (const raw of entries) {
    const entry = raw as Entry
    const key = String(entry.nodeId ?? '')
    if (key === '') continue
    const errors = Array.isArray(entry.errors) ? entry.errors.map(String) : []
    const status = String(entry.status ?? '')
    const blocked = blockingNodes.includes(key)
    const kind: NodeTrace['status'] = blocked
      ? 'blocked'
      : status === 'skipped'
        ? 'skipped'
        : status === 'success' || status === 'partial-success'
          ? 'success'
          : 'failure'
    const branch =
      Array.isArray(entry.branch) && entry.branch.length > 0
        ? ` → ${entry.branch.map((port) => (port === 'output_1' ? 'then' : port === 'output_2' ? 'else' : String(port))).join(', ')}`
        : ''
    const duration =
      typeof entry.durationMs === 'number' ? ` · ${entry.durationMs < 1 ? '<1' : Math.round(entry.durationMs)} ms` : ''
    const words = blocked ? 'blocked' : status || 'ran'
    out.set(key, {
      status: kind,
      label: `Run: ${words}${branch}${duration}${errors.length ? ` · ${errors.length} error(s)` : ''}`,
      detail: raw,
    })
  }
  return out
}

/**
 * Auto-layout, left to right (spec/UI.md §6 item 7). No layout library is available, so this is
 * a plain layered layout: each node's column is its longest distance from a source node, and
 * nodes in a column are stacked in the order of their parents, so branches stay together.
 *
 *   trigger ─► IF ─┬─► action        column 0 │ column 1 │ column 2
 *                  └─► stop
 */
import type { DocEdge } from './drawflow.ts'

/** Spacing between columns and rows, in canvas pixels (nodes are 260 px wide). */
export const LAYOUT_COLUMN_WIDTH = 340
export const LAYOUT_ROW_HEIGHT = 170

/** New top-left positions for `keys`, in graph order; edges that close a cycle are ignored. */
export function layeredLayout(
  keys: readonly string[],
  edges: readonly DocEdge[],
): Map<string, { x: number; y: number }> {
  const known = new Set(keys)
  const incoming = new Map<string, string[]>(keys.map((key) => [key, []]))
  const outgoing = new Map<string, string[]>(keys.map((key) => [key, []]))
  for (const edge of edges) {
    if (!known.has(edge.source) || !known.has(edge.target)) continue
    outgoing.get(edge.source)?.push(edge.target)
    incoming.get(edge.target)?.push(edge.source)
  }
  const column = columns(keys, incoming, outgoing)
  const byColumn = new Map<number, string[]>()
  for (const key of keys) {
    const c = column.get(key) ?? 0
    byColumn.set(c, [...(byColumn.get(c) ?? []), key])
  }
  const rank = new Map<string, number>()
  const positions = new Map<string, { x: number; y: number }>()
  for (const c of [...byColumn.keys()].sort((a, b) => a - b)) {
    const members = byColumn.get(c) ?? []
    // Order a column by the average row of its parents, so children sit near their parents.
    const weight = (key: string) => {
      const parents = (incoming.get(key) ?? []).filter((p) => rank.has(p))
      return parents.length === 0
        ? Number.MAX_SAFE_INTEGER
        : parents.reduce((sum, p) => sum + (rank.get(p) ?? 0), 0) / parents.length
    }
    const sorted = members
      .map((key, index) => ({ key, index, w: weight(key) }))
      .sort((a, b) => a.w - b.w || a.index - b.index)
    sorted.forEach(({ key }, row) => {
      rank.set(key, row)
      positions.set(key, { x: c * LAYOUT_COLUMN_WIDTH, y: row * LAYOUT_ROW_HEIGHT })
    })
  }
  return positions
}

/** Longest-path column of every node (Kahn's order); nodes on a cycle fall back to column 0 + their parents. */
function columns(
  keys: readonly string[],
  incoming: Map<string, string[]>,
  outgoing: Map<string, string[]>,
): Map<string, number> {
  const remaining = new Map(keys.map((key) => [key, incoming.get(key)?.length ?? 0]))
  const column = new Map<string, number>()
  const queue = keys.filter((key) => remaining.get(key) === 0)
  for (const key of queue) column.set(key, 0)
  while (queue.length > 0) {
    const key = queue.shift() as string
    for (const target of outgoing.get(key) ?? []) {
      column.set(target, Math.max(column.get(target) ?? 0, (column.get(key) ?? 0) + 1))
      const left = (remaining.get(target) ?? 0) - 1
      remaining.set(target, left)
      if (left === 0) queue.push(target)
    }
  }
  for (const key of keys) if (!column.has(key)) column.set(key, 0)
  return column
}

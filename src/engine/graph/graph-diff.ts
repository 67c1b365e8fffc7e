/**
 * What changed between two saved states of a workflow (issue #4 "Versions"): nodes added,
 * removed and changed, and for a changed node its module, name, position, connections,
 * parameters (`indexed_params`) and node filters (`saved_filters`). Structured so a UI can
 * show it; pure, and blind to `_frames` like every graph routine (spec/ENGINE.md §1.3).
 *
 *   before {1: trigger, 2: tag-if, 3: stop}      after {1: trigger, 2: tag-if', 4: webhook}
 *        ─▶ added [4], removed [3], changed [2: parameters.changed.tags]
 */

/** A value before and after. */
export interface Change<T = unknown> {
  from: T
  to: T
}

/** Keys added, removed and changed in a map of values. */
export interface MapDiff {
  added: Record<string, unknown>
  removed: Record<string, unknown>
  changed: Record<string, Change>
}

/** A node as the diff names it. */
export interface NodeSummary {
  id: string
  module_id: string
  module_type: string
  name: string
}

/** How one node kept by both states differs. */
export interface NodeChange extends NodeSummary {
  module?: Change<string>
  node_name?: Change<string>
  position?: Change<{ x: number; y: number }>
  /** Outgoing connections as `output_1 → 3`. */
  connections?: { added: string[]; removed: string[] }
  parameters?: MapDiff
  filters?: MapDiff
}

/** The whole difference. */
export interface GraphDiff {
  nodes: { added: NodeSummary[]; removed: NodeSummary[]; changed: NodeChange[] }
  /** Whether the two graphs are the same apart from `_frames`. */
  isSame: boolean
}

type Json = Record<string, any>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function nodesOf(graph: unknown): Map<string, Json> {
  const nodes = new Map<string, Json>()
  if (!isObject(graph)) return nodes
  for (const [key, node] of Object.entries(graph)) if (key !== '_frames' && isObject(node)) nodes.set(key, node)
  return nodes
}

function summary(key: string, node: Json): NodeSummary {
  const data = isObject(node.data) ? node.data : {}
  return {
    id: key,
    module_id: String(data.id ?? ''),
    module_type: String(data.module_type ?? ''),
    name: String(node.name ?? data.name ?? ''),
  }
}

/** Canonical JSON (keys sorted) so that key order alone never counts as a change. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/** Keys added, removed and changed between two maps; PHP's `[]` counts as an empty map. */
export function diffMaps(before: unknown, after: unknown): MapDiff {
  const a = isObject(before) ? before : {}
  const b = isObject(after) ? after : {}
  const diff: MapDiff = { added: {}, removed: {}, changed: {} }
  for (const key of Object.keys(b)) {
    if (!(key in a)) diff.added[key] = b[key]
    else if (canonical(a[key]) !== canonical(b[key])) diff.changed[key] = { from: a[key], to: b[key] }
  }
  for (const key of Object.keys(a)) if (!(key in b)) diff.removed[key] = a[key]
  return diff
}

function isEmptyDiff(diff: MapDiff): boolean {
  return (
    Object.keys(diff.added).length === 0 &&
    Object.keys(diff.removed).length === 0 &&
    Object.keys(diff.changed).length === 0
  )
}

function connections(node: Json): string[] {
  if (!isObject(node.outputs)) return []
  return Object.entries(node.outputs).flatMap(([output, value]) =>
    isObject(value) && Array.isArray(value.connections)
      ? value.connections.map((connection: Json) => `${output} → ${String(connection?.node)}`)
      : [],
  )
}

function savedFilters(node: Json): Json {
  const filters = node.data?.saved_filters
  // The list form `[{text, value}]` of a fresh trigger node is the same as the object form.
  if (Array.isArray(filters)) {
    return Object.fromEntries(filters.filter(isObject).map((entry) => [String(entry.text), entry.value]))
  }
  return isObject(filters) ? filters : {}
}

function nodeChange(key: string, before: Json, after: Json): NodeChange | null {
  const change: NodeChange = summary(key, after)
  const was = summary(key, before)
  let isChanged = false
  if (was.module_id !== change.module_id || was.module_type !== change.module_type) {
    change.module = { from: was.module_id, to: change.module_id }
    isChanged = true
  }
  if (was.name !== change.name) {
    change.node_name = { from: was.name, to: change.name }
    isChanged = true
  }
  if (before.pos_x !== after.pos_x || before.pos_y !== after.pos_y) {
    change.position = { from: { x: before.pos_x, y: before.pos_y }, to: { x: after.pos_x, y: after.pos_y } }
    isChanged = true
  }
  const oldEdges = connections(before)
  const newEdges = connections(after)
  const added = newEdges.filter((edge) => !oldEdges.includes(edge))
  const removed = oldEdges.filter((edge) => !newEdges.includes(edge))
  if (added.length > 0 || removed.length > 0) {
    change.connections = { added, removed }
    isChanged = true
  }
  const parameters = diffMaps(before.data?.indexed_params, after.data?.indexed_params)
  if (!isEmptyDiff(parameters)) {
    change.parameters = parameters
    isChanged = true
  }
  const filters = diffMaps(savedFilters(before), savedFilters(after))
  if (!isEmptyDiff(filters)) {
    change.filters = filters
    isChanged = true
  }
  return isChanged ? change : null
}

/** The difference from graph `before` to graph `after` (`Workflow.data` of two versions). */
export function diffGraphs(before: unknown, after: unknown): GraphDiff {
  const a = nodesOf(before)
  const b = nodesOf(after)
  const diff: GraphDiff = { nodes: { added: [], removed: [], changed: [] }, isSame: true }
  for (const [key, node] of b) {
    const old = a.get(key)
    if (!old) diff.nodes.added.push(summary(key, node))
    else {
      const change = nodeChange(key, old, node)
      if (change) diff.nodes.changed.push(change)
    }
  }
  for (const [key, node] of a) if (!b.has(key)) diff.nodes.removed.push(summary(key, node))
  diff.isSame = diff.nodes.added.length + diff.nodes.removed.length + diff.nodes.changed.length === 0
  return diff
}

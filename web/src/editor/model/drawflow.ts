/**
 * MISP's saved Drawflow JSON ⇄ the editor's document (spec/UI.md §5, spec/ENGINE.md §1.3).
 *
 * The compatibility contract is "open, save without change, diff = none". So the document keeps
 * every node object as it was read (`raw`), and only the parts the editor owns are rebuilt on
 * save: `pos_x`/`pos_y` and both ends of every connection. Everything else — unknown keys,
 * key order, PHP's `[]` for empty maps, `node_uid` — goes back out untouched.
 *
 *   outputs (engine's truth) ──► edges ──► outputs + inputs (both ends written, spec/UI.md §5.2)
 *
 * Connections the canvas cannot show (to nodes outside the graph, as in blueprints, or stored on
 * one end only) are kept verbatim while both of their nodes are unchanged by the user.
 */
import type { GraphNode } from '../../../../src/engine/contract/index.ts'

/** One edge of the canvas: `source.sourcePort → target.targetPort` (node keys, port names). */
export interface DocEdge {
  id: string
  source: string
  sourcePort: string
  target: string
  targetPort: string
}

/** A frame (`_frames` entry, spec/UI.md §5.3): a label around member nodes. */
export interface DocFrame {
  id: string
  text: string
  nodes: Array<string | number>
  [key: string]: unknown
}

/** The editor's document: what undo/redo snapshots and what save writes back. */
export interface WorkflowDoc {
  /** `object` for a workflow (`{id: node, _frames}`), `list` for blueprint data (a node array). */
  container: 'object' | 'list'
  /** Node keys in graph order. */
  order: string[]
  nodes: Record<string, GraphNode>
  edges: DocEdge[]
  /** `_frames` as read (`{}` or PHP's `[]`), or null when the JSON had none. */
  frames: Record<string, DocFrame> | unknown[] | null
  /** Where `_frames` sat among the keys of the object container (for key order). */
  framesIndex: number
  /** Node keys present when the document was read: tells foreign connections from deleted ones. */
  loadedKeys: ReadonlySet<string>
}

/** The key of an edge, the same for both stored ends of one connection. */
export function edgeId(source: string, sourcePort: string, target: string, targetPort: string): string {
  return `${source}:${sourcePort}->${target}:${targetPort}`
}

const FRAMES_KEY = '_frames'

/** Reads `Workflow.data` (object, or PHP's `[]`) or a blueprint's `data` (node list). */
export function readDrawflow(json: unknown): WorkflowDoc {
  const container = Array.isArray(json) ? 'list' : 'object'
  const nodes: Record<string, GraphNode> = {}
  const order: string[] = []
  let frames: WorkflowDoc['frames'] = null
  let framesIndex = -1
  const entries: Array<[string, unknown]> = Array.isArray(json)
    ? json.map((node) => [String((node as GraphNode)?.id), node])
    : Object.entries((json ?? {}) as Record<string, unknown>)
  entries.forEach(([key, value], index) => {
    if (container === 'object' && key === FRAMES_KEY) {
      frames = value as WorkflowDoc['frames']
      framesIndex = index
      return
    }
    if (typeof value !== 'object' || value === null) throw new Error(`Node "${key}" is not an object`)
    nodes[key] = value as GraphNode
    order.push(key)
  })
  const loadedKeys = new Set(order)
  return { container, order, nodes, edges: readEdges(order, nodes), frames, framesIndex, loadedKeys }
}

/** Edges come from the `outputs` side, the one the engine walks (spec/ENGINE.md §1.3.1). */
function readEdges(order: string[], nodes: Record<string, GraphNode>): DocEdge[] {
  const edges: DocEdge[] = []
  const seen = new Set<string>()
  for (const key of order) {
    for (const [port, conn] of portEntries(nodes[key].outputs)) {
      const target = String(conn.node)
      const targetPort = String(conn.output)
      if (!(target in nodes)) continue
      const id = edgeId(key, port, target, targetPort)
      if (seen.has(id)) continue
      seen.add(id)
      edges.push({ id, source: key, sourcePort: port, target, targetPort })
    }
  }
  return edges
}

type StoredConnection = { node: string | number; [key: string]: unknown }

function portEntries(ports: unknown): Array<[string, StoredConnection]> {
  if (!ports || typeof ports !== 'object' || Array.isArray(ports)) return []
  const out: Array<[string, StoredConnection]> = []
  for (const [port, value] of Object.entries(ports as Record<string, { connections?: unknown }>)) {
    const list = Array.isArray(value?.connections) ? (value.connections as StoredConnection[]) : []
    for (const conn of list) out.push([port, conn])
  }
  return out
}

/** Writes the document back in MISP's shape: a graph object, or a blueprint node list. */
export function writeDrawflow(doc: WorkflowDoc): Record<string, unknown> | unknown[] {
  const bySource = groupEdges(doc.edges, 'source')
  const byTarget = groupEdges(doc.edges, 'target')
  const liveEdges = new Set(doc.edges.map((edge) => edge.id))
  const written = doc.order.map((key) => {
    const node = doc.nodes[key]
    const ctx = { key, doc, liveEdges }
    return writeNode(node, {
      inputs: writePorts(node.inputs, byTarget.get(key) ?? [], ctx, 'inputs'),
      outputs: writePorts(node.outputs, bySource.get(key) ?? [], ctx, 'outputs'),
    })
  })
  if (doc.container === 'list') return written
  const graph: Record<string, unknown> = {}
  doc.order.forEach((key, index) => {
    if (index === doc.framesIndex) graph[FRAMES_KEY] = writeFrames(doc)
    graph[key] = written[index]
  })
  if (doc.frames !== null && (doc.framesIndex < 0 || doc.framesIndex >= doc.order.length)) {
    graph[FRAMES_KEY] = writeFrames(doc)
  }
  return graph
}

function groupEdges(edges: DocEdge[], end: 'source' | 'target'): Map<string, DocEdge[]> {
  const map = new Map<string, DocEdge[]>()
  for (const edge of edges) {
    const list = map.get(edge[end])
    if (list) list.push(edge)
    else map.set(edge[end], [edge])
  }
  return map
}

/** Keeps the node's own key order; only the editor-owned fields get new values. */
function writeNode(node: GraphNode, ports: { inputs: unknown; outputs: unknown }): GraphNode {
  const out: GraphNode = { ...node }
  if ('inputs' in node || ports.inputs !== undefined) out.inputs = ports.inputs as GraphNode['inputs']
  if ('outputs' in node || ports.outputs !== undefined) out.outputs = ports.outputs as GraphNode['outputs']
  return out
}

interface PortContext {
  key: string
  doc: WorkflowDoc
  liveEdges: Set<string>
}

/**
 * Rebuilds one side's ports. Stored connections stay in stored order when their edge still
 * exists; connections the editor never showed stay while neither end was touched; new edges
 * are appended. The server-only `labels` decoration is dropped (spec/UI.md §5.2).
 */
function writePorts(stored: unknown, edges: DocEdge[], ctx: PortContext, side: 'inputs' | 'outputs'): unknown {
  const isOutputs = side === 'outputs'
  const storedMap =
    stored && typeof stored === 'object' && !Array.isArray(stored)
      ? (stored as Record<string, { connections?: unknown }>)
      : null
  if (!storedMap && edges.length === 0) return stored
  const ports: Record<string, { connections: StoredConnection[] }> = {}
  const emitted = new Set<string>()
  for (const [port, value] of Object.entries(storedMap ?? {})) {
    const list = Array.isArray(value?.connections) ? (value.connections as StoredConnection[]) : []
    const ids = list.map((conn) => {
      const other = String(conn.node)
      const otherPort = String(isOutputs ? conn.output : conn.input)
      return isOutputs ? edgeId(ctx.key, port, other, otherPort) : edgeId(other, otherPort, ctx.key, port)
    })
    // Once the user wires a port anew, what the canvas could not show on it goes: otherwise a
    // dangling connection would silently make a second one on an output MISP allows once.
    const rewired = edges.some(
      (edge) => (isOutputs ? edge.sourcePort : edge.targetPort) === port && !ids.includes(edge.id),
    )
    const kept: StoredConnection[] = []
    for (const [index, conn] of list.entries()) {
      const id = ids[index]
      if (ctx.liveEdges.has(id)) {
        kept.push(withoutLabels(conn))
        emitted.add(id)
      } else if (!rewired && isForeign(conn, ctx, isOutputs ? id : null)) {
        kept.push(withoutLabels(conn))
      }
    }
    ports[port] = { ...value, connections: kept }
  }
  for (const edge of edges) {
    if (emitted.has(edge.id)) continue
    const port = isOutputs ? edge.sourcePort : edge.targetPort
    if (!ports[port]) ports[port] = { connections: [] }
    ports[port].connections.push(
      isOutputs ? { node: edge.target, output: edge.targetPort } : { node: edge.source, input: edge.sourcePort },
    )
  }
  return ports
}

/**
 * A stored connection the canvas has no edge for. It is kept when its other node was never in
 * this graph (blueprints point at their source workflow's trigger) or when it was a one-sided
 * connection at load and its other node is still there. Connections of deleted nodes go.
 */
function isForeign(conn: StoredConnection, ctx: PortContext, outputEdgeId: string | null): boolean {
  const other = String(conn.node)
  if (!ctx.doc.loadedKeys.has(other)) return !(other in ctx.doc.nodes)
  if (!(other in ctx.doc.nodes)) return false
  // An output-side connection to a loaded node always had an edge; losing it means it was removed.
  if (outputEdgeId !== null) return false
  return !hasOutputEntry(ctx.doc.nodes[other], String(conn.input), ctx.key)
}

function hasOutputEntry(source: GraphNode, port: string, target: string): boolean {
  return portEntries(source.outputs).some(([name, conn]) => name === port && String(conn.node) === target)
}

function withoutLabels(conn: StoredConnection): StoredConnection {
  if (!('labels' in conn)) return conn
  const { labels: _labels, ...rest } = conn
  return rest
}

/** Frames lose members that no longer exist, and empty frames go (spec/UI.md §5.3, #9545). */
function writeFrames(doc: WorkflowDoc): unknown {
  const frames = doc.frames
  if (frames === null || Array.isArray(frames)) return frames ?? []
  const out: Record<string, DocFrame> = {}
  for (const [id, frame] of Object.entries(frames)) {
    const members = (frame.nodes ?? []).filter((member) => String(member) in doc.nodes)
    if (members.length === 0) continue
    out[id] = members.length === frame.nodes.length ? frame : { ...frame, nodes: members }
  }
  return out
}

/**
 * From a MISP graph (a workflow's `data` keyed by node id, or a blueprint's list of nodes) to
 * React Flow nodes and edges: saved positions, or a layered layout when they pile up; edges from
 * each output's connections with IF outputs labelled; an optional per-node status from a run's
 * trace written into the label, so it is read, not only seen. Pure: tested without a DOM.
 */
import type { Edge, Node, Position } from '@xyflow/react'

/** A node status to draw (from a run's trace). */
export interface NodeStatus {
  text: string
  tone: 'success' | 'blocked' | 'failure' | 'off'
}

/** A node as MISP saves it (only what the drawing needs). */
export type DrawflowNode = {
  id: number | string
  name?: string
  pos_x?: number
  pos_y?: number
  data?: { id?: string; name?: string; module_type?: string }
  outputs?: Record<string, { connections?: Array<{ node: string | number; output?: string }> }> | unknown[]
}

const TONES: Record<NodeStatus['tone'], string> = {
  success: '#1e6b3a',
  blocked: '#8a5a00',
  failure: '#a4262c',
  off: '#9aa1ad',
}

/** The nodes of a graph, whatever its envelope (object keyed by id, list, or `{nodes}`). */
export function graphNodes(data: unknown): DrawflowNode[] {
  if (!data || typeof data !== 'object') return []
  const values = Array.isArray(data)
    ? data
    : Object.entries(data)
        .filter(([key]) => key !== '_frames')
        .map(([, node]) => node)
  return values.filter((node): node is DrawflowNode => !!node && typeof node === 'object' && 'id' in node)
}

/**
 * Positions by depth, left to right, for graphs whose saved positions pile up (a trigger node
 * added at 0,0 by an import, hand-written JSON): each node one column right of its deepest parent.
 */
export function layeredPositions(ids: string[], edges: Array<{ source: string; target: string }>) {
  const depth = new Map(ids.map((id) => [id, 0]))
  // Longest-path layering; a DAG settles within ids.length rounds (MISP refuses cycles).
  for (let round = 0; round < ids.length; round++) {
    let isChanged = false
    for (const edge of edges) {
      const next = (depth.get(edge.source) ?? 0) + 1
      if (depth.has(edge.target) && next > (depth.get(edge.target) ?? 0)) {
        depth.set(edge.target, next)
        isChanged = true
      }
    }
    if (!isChanged) break
  }
  const rows = new Map<number, number>()
  return new Map(
    ids.map((id) => {
      const column = depth.get(id) ?? 0
      const row = rows.get(column) ?? 0
      rows.set(column, row + 1)
      return [id, { x: column * 320, y: row * 120 }]
    }),
  )
}

/** Whether two nodes sit closer than a node's size: the saved layout would hide one. */
function isCrowded(points: Array<{ x: number; y: number }>): boolean {
  return points.some((a, i) => points.some((b, j) => j > i && Math.abs(a.x - b.x) < 240 && Math.abs(a.y - b.y) < 70))
}

const isTrigger = (node: DrawflowNode) => node.data?.module_type === 'trigger'

/** React Flow nodes and edges for a MISP graph. */
export function toFlow(data: unknown, statuses: Record<string, NodeStatus> = {}): { nodes: Node[]; edges: Edge[] } {
  const drawflow = graphNodes(data)
  const nodes: Node[] = drawflow.map((node) => {
    const status = statuses[String(node.id)]
    const title = node.data?.name ?? node.name ?? node.data?.id ?? `node ${node.id}`
    return {
      id: String(node.id),
      position: { x: Number(node.pos_x ?? 0), y: Number(node.pos_y ?? 0) },
      sourcePosition: 'right' as Position,
      targetPosition: 'left' as Position,
      data: { label: status ? `${title} — ${status.text}` : isTrigger(node) ? `${title} (trigger)` : title },
      type: node.data?.module_type === 'trigger' ? 'input' : 'default',
      draggable: false,
      connectable: false,
      ariaLabel: `${title}${status ? `: ${status.text}` : ''}`,
      style: {
        width: 220,
        borderColor: status ? TONES[status.tone] : node.data?.module_type === 'trigger' ? '#c97381' : '#8792a2',
        borderWidth: status ? 3 : 1,
      },
    }
  })
  const edges: Edge[] = []
  for (const node of drawflow) {
    if (!node.outputs || Array.isArray(node.outputs)) continue
    for (const [output, port] of Object.entries(node.outputs)) {
      for (const connection of port?.connections ?? []) {
        const isIf = node.data?.module_type === 'logic' && Object.keys(node.outputs).length === 2
        edges.push({
          id: `${node.id}:${output}->${connection.node}`,
          source: String(node.id),
          target: String(connection.node),
          label: isIf ? (output === 'output_1' ? 'then' : 'else') : undefined,
        })
      }
    }
  }
  if (isCrowded(nodes.map((node) => node.position))) {
    const positions = layeredPositions(
      nodes.map((node) => node.id),
      edges,
    )
    for (const node of nodes) node.position = positions.get(node.id) ?? node.position
  }
  return { nodes, edges }
}

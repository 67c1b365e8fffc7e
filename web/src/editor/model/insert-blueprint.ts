/**
 * Inserting a blueprint into a workflow (spec/ENGINE.md §7.2): skip trigger nodes, give every
 * node a new id (one more than the highest in use), place the nodes relative to the drop point,
 * rebuild the module's ports from the current definition while keeping parameters and filters,
 * re-create only the connections inside the blueprint, and frame the result with its name.
 */
import type { GraphNode, ModuleDescriptor } from '../../../../src/engine/contract/index.ts'
import { type DocEdge, type DocFrame, edgeId } from './drawflow.ts'
import { createNode, newNodeUid, nextNodeId } from './new-node.ts'

/** What an insertion adds to the document. */
export interface Insertion {
  nodes: GraphNode[]
  edges: DocEdge[]
  frame: DocFrame | null
}

type StoredPorts = Record<string, { connections?: Array<{ node: string | number; output?: string }> }>

/** Builds the nodes, edges and frame for `blueprintNodes` dropped at `at` (canvas coordinates). */
export function insertBlueprint(
  blueprintNodes: readonly GraphNode[],
  existingKeys: Iterable<string>,
  at: { x: number; y: number },
  name: string,
  moduleOf: (node: GraphNode) => ModuleDescriptor | undefined,
): Insertion {
  const kept = blueprintNodes.filter((node) => node.data?.module_type !== 'trigger')
  if (kept.length === 0) return { nodes: [], edges: [], frame: null }
  const minX = Math.min(...kept.map((node) => Number(node.pos_x ?? 0)))
  const refY = Number(kept[0].pos_y ?? 0)
  let next = nextNodeId(existingKeys)
  const mapping = new Map<string, string>()
  const nodes = kept.map((source) => {
    const id = next++
    mapping.set(String(source.id), String(id))
    const x = at.x + (Number(source.pos_x ?? 0) - minX)
    const y = at.y + (Number(source.pos_y ?? 0) - refY)
    const module = moduleOf(source)
    if (!module) {
      // Unknown module: keep the node as it was so it round-trips; the problems list names it.
      return {
        ...structuredClone(source),
        id,
        pos_x: x,
        pos_y: y,
        inputs: emptyPorts(source.inputs),
        outputs: emptyPorts(source.outputs),
      } as GraphNode
    }
    const node = createNode(module, id, x, y)
    node.data = {
      ...node.data,
      indexed_params: structuredClone(source.data?.indexed_params ?? node.data.indexed_params),
      saved_filters: structuredClone(source.data?.saved_filters ?? node.data.saved_filters),
      node_uid: newNodeUid(),
    }
    return node
  })
  const edges: DocEdge[] = []
  kept.forEach((source, index) => {
    const node = nodes[index]
    const outputs: Record<string, unknown> = node.outputs && !Array.isArray(node.outputs) ? node.outputs : {}
    for (const [port, value] of Object.entries((source.outputs ?? {}) as StoredPorts)) {
      if (!(port in outputs)) continue
      for (const conn of value?.connections ?? []) {
        const target = mapping.get(String(conn.node))
        if (!target) continue
        const targetPort = String(conn.output ?? 'input_1')
        edges.push({
          id: edgeId(String(node.id), port, target, targetPort),
          source: String(node.id),
          sourcePort: port,
          target,
          targetPort,
        })
      }
    }
  })
  const frameId = crypto.randomUUID()
  return { nodes, edges, frame: { id: frameId, text: name, nodes: nodes.map((node) => node.id), class: '' } }
}

function emptyPorts(ports: unknown): unknown {
  if (!ports || typeof ports !== 'object' || Array.isArray(ports)) return ports
  return Object.fromEntries(Object.keys(ports).map((port) => [port, { connections: [] }]))
}

/**
 * MISP's graph rules, enforced while the user draws a connection instead of after a server
 * round-trip (spec/UI.md §6 item 3, spec/ENGINE.md §3.1): no self-loop, no duplicate, nothing
 * into a node without inputs, one connection per output unless the node may fan out, no cycle.
 * Each refusal is a sentence naming the nodes, shown to the user.
 */
import type { GraphNode, ModuleDescriptor } from '../../../../src/engine/contract/index.ts'
import type { DocEdge, WorkflowDoc } from './drawflow.ts'

/** A connection being drawn: node keys and port names. */
export interface Candidate {
  source: string
  sourcePort: string
  target: string
  targetPort: string
}

/** A node's display name: its module name, else the saved name, else its id. */
export function nodeLabel(node: GraphNode | undefined, key: string): string {
  const name = (node?.data?.name as string | undefined) || (node?.name as string | undefined) || node?.data?.id
  return name ? `“${name}” (node ${key})` : `node ${key}`
}

/** Whether one output of `node` may hold several connections: the stored flag, else the module's. */
export function allowsFanOut(node: GraphNode, module: ModuleDescriptor | undefined): boolean {
  if (node.data?.multiple_output_connection === true) return true
  return Boolean(module?.multiple_output_connection)
}

/** True when `to` can be reached from `from` by following edges (source → target). */
export function reaches(edges: readonly DocEdge[], from: string, to: string): boolean {
  const next = new Map<string, string[]>()
  for (const edge of edges) {
    const list = next.get(edge.source)
    if (list) list.push(edge.target)
    else next.set(edge.source, [edge.target])
  }
  const seen = new Set<string>([from])
  const stack = [from]
  while (stack.length > 0) {
    const key = stack.pop() as string
    if (key === to) return true
    for (const target of next.get(key) ?? []) {
      if (!seen.has(target)) {
        seen.add(target)
        stack.push(target)
      }
    }
  }
  return false
}

function portNumber(port: string): string {
  return port.replace(/^(input|output)_/, '')
}

/** Why the candidate connection is refused, or null when MISP's rules allow it. */
export function connectionRefusal(
  doc: WorkflowDoc,
  candidate: Candidate,
  moduleOf: (node: GraphNode) => ModuleDescriptor | undefined,
): string | null {
  const source = doc.nodes[candidate.source]
  const target = doc.nodes[candidate.target]
  if (!source || !target) return 'Both ends of a connection must be nodes of this workflow.'
  const sourceName = nodeLabel(source, candidate.source)
  const targetName = nodeLabel(target, candidate.target)
  if (candidate.source === candidate.target) return `${sourceName} cannot be connected to itself.`
  if (target.data?.module_type === 'trigger') return `${targetName} is the trigger: nothing can connect into it.`
  const duplicate = doc.edges.some(
    (edge) =>
      edge.source === candidate.source &&
      edge.sourcePort === candidate.sourcePort &&
      edge.target === candidate.target &&
      edge.targetPort === candidate.targetPort,
  )
  if (duplicate) return `${sourceName} is already connected to ${targetName} there.`
  const busy = doc.edges.find((edge) => edge.source === candidate.source && edge.sourcePort === candidate.sourcePort)
  if (busy && !allowsFanOut(source, moduleOf(source))) {
    return `Output ${portNumber(candidate.sourcePort)} of ${sourceName} already has a connection: only one connection per output is allowed (use Concurrent Task to fan out).`
  }
  if (reaches(doc.edges, candidate.target, candidate.source)) {
    return `Connecting ${sourceName} to ${targetName} would create a cycle: ${targetName} already leads back to ${sourceName}.`
  }
  return null
}

/**
 * Reading MISP's saved graph (spec/ENGINE.md §1.3). The parsed form indexes the nodes and
 * their outputs once, so that walks do no string work; the original JSON is kept untouched,
 * which is what makes writing it back give equal JSON (serialise.ts).
 */
import { UserError } from '../../errors.ts'
import { phpIntval, phpToString } from '../../format/index.ts'
import type { GraphNode, WorkflowGraphJson } from '../contract/index.ts'

/** One output of a node, in stored order, with its connection targets as node keys. */
export interface NodeOutput {
  name: string
  targets: string[]
}

/** A node with what the engine needs precomputed. */
export interface IndexedNode {
  key: string
  node: GraphNode
  moduleId: string
  moduleType: string
  outputs: NodeOutput[]
  /**
   * Why the node's module cannot be named (no `data.id`, a `module_type` that is not text), or
   * null. Such a node is parsed, as MISP reads it, and fails when it runs; saving refuses it.
   */
  shapeProblem: string | null
}

/** The parsed graph: nodes by key in graph order, plus the untouched JSON. */
export interface ParsedGraph {
  json: WorkflowGraphJson
  nodes: Map<string, IndexedNode>
  /** Key of the first node whose `data.module_type` is `trigger` (spec/ENGINE.md §1.4), or null. */
  triggerKey: string | null
}

const parsedGraphs = new WeakMap<object, ParsedGraph>()

/** Reserved graph key for UI-only frames; every engine routine ignores it (spec/ENGINE.md §1.3). */
export const FRAMES_KEY = '_frames'

/**
 * Parses `Workflow.data`. Accepts PHP's `[]` for an empty graph and for empty maps inside
 * nodes. Throws a UserError naming the node and the field when the shape is not MISP's.
 * Results are cached per JSON object, because the same workflow runs many times.
 */
export function parseGraph(json: unknown): ParsedGraph {
  if (typeof json === 'object' && json !== null) {
    const cached = parsedGraphs.get(json)
    if (cached) return cached
  }
  const parsed = parseUncached(json)
  if (typeof json === 'object' && json !== null) parsedGraphs.set(json, parsed)
  return parsed
}

function parseUncached(json: unknown): ParsedGraph {
  if (Array.isArray(json)) {
    if (json.length > 0) {
      throw new UserError('SLC_GRAPH_INVALID', 'The workflow graph must be an object keyed by node id, not a list')
    }
    // Keep PHP's `[]` as it came, so that writing the graph back gives the same JSON.
    return { json: json as unknown as WorkflowGraphJson, nodes: new Map(), triggerKey: null }
  }
  if (typeof json !== 'object' || json === null) {
    throw new UserError(
      'SLC_GRAPH_INVALID',
      `The workflow graph must be an object keyed by node id, got ${describe(json)}`,
    )
  }
  const graph = json as WorkflowGraphJson
  const nodes = new Map<string, IndexedNode>()
  let triggerKey: string | null = null
  for (const [key, value] of Object.entries(graph)) {
    if (key === FRAMES_KEY) continue
    const indexed = indexNode(key, value)
    nodes.set(key, indexed)
    if (triggerKey === null && indexed.moduleType === 'trigger') triggerKey = key
  }
  return { json: graph, nodes, triggerKey }
}

function indexNode(key: string, value: unknown): IndexedNode {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UserError('SLC_GRAPH_INVALID', `Node "${key}" must be an object, got ${describe(value)}`)
  }
  const node = value as GraphNode
  const data = node.data as unknown
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UserError('SLC_GRAPH_INVALID', `Node "${key}" has no \`data\` object naming its module`)
  }
  const { id, module_type: type } = node.data as { id?: unknown; module_type?: unknown }
  // MISP reads these with PHP's string conversion and no check: a node without a module id
  // fails to load when the walk reaches it (spec/ENGINE.md §2.7 step 4) and the walk goes on.
  const moduleId = phpToString(id)
  const moduleType = phpToString(type)
  let shapeProblem: string | null = null
  if (typeof id !== 'string' || id === '') {
    shapeProblem = `Node "${key}": \`data.id\` (the module id) must be a non-empty string`
  } else if (typeof type !== 'string') {
    shapeProblem = `Node "${key}": \`data.module_type\` must be "trigger", "logic" or "action"`
  }
  return { key, node, moduleId, moduleType, outputs: indexOutputs(key, node.outputs), shapeProblem }
}

function indexOutputs(key: string, outputs: unknown): NodeOutput[] {
  if (outputs === undefined || outputs === null || Array.isArray(outputs)) return []
  if (typeof outputs !== 'object') {
    throw new UserError('SLC_GRAPH_INVALID', `Node "${key}": \`outputs\` must be an object`)
  }
  const list: NodeOutput[] = []
  for (const [name, output] of Object.entries(outputs as Record<string, unknown>)) {
    const connections = (output as { connections?: unknown } | null)?.connections
    if (connections !== undefined && !Array.isArray(connections) && !isEmptyObject(connections)) {
      throw new UserError('SLC_GRAPH_INVALID', `Node "${key}": \`outputs.${name}.connections\` must be a list`)
    }
    const targets = Array.isArray(connections) ? connections.map((c, i) => connectionTarget(key, name, i, c)) : []
    list.push({ name, targets })
  }
  return list
}

function connectionTarget(key: string, output: string, index: number, connection: unknown): string {
  const target = (connection as { node?: unknown } | null)?.node
  if (typeof target !== 'string' && typeof target !== 'number') {
    throw new UserError(
      'SLC_GRAPH_INVALID',
      `Node "${key}": connection ${index} of \`${output}\` has no target \`node\``,
    )
  }
  // MISP casts the target to an integer before looking it up (spec/ENGINE.md §2.5), by PHP 8's
  // rules ("1e1" is 10). A target with no number in front keeps its text, for the error naming it.
  return Number.isNaN(Number.parseInt(String(target), 10)) ? String(target) : String(phpIntval(target))
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  return `a ${typeof value}`
}

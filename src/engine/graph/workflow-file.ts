/**
 * What a user may hand Sluice as "a workflow": a `workflows` record (bare or wrapped as
 * `{Workflow: …}` like MISP's API), a bare graph (`Workflow.data`), or a blueprint
 * (`{WorkflowBlueprint: …}`, spec/ENGINE.md §7.1), which is wrapped into a workflow on a
 * trigger. Pure: the caller reads the file.
 */
import { UserError } from '../../errors.ts'
import type { GraphNode, InputConnection, ModuleDescriptor, WorkflowRecord } from '../contract/index.ts'
import { parseGraph } from './parse.ts'
import { isMap } from '../../format/index.ts'

/** The shape a workflow file was recognised as. */
export type WorkflowFileKind = 'record' | 'graph' | 'blueprint'

/** A workflow file turned into a record. */
export interface LoadedWorkflow {
  kind: WorkflowFileKind
  record: WorkflowRecord
}

/** Finds a trigger's descriptor, for wrapping blueprints. */
export type TriggerLookup = (triggerId: string) => ModuleDescriptor | undefined

/** The trigger a blueprint says it targets: `[<trigger id>]` at the start of its description (§7.1). */
export function blueprintTrigger(description: unknown): string | undefined {
  const match = typeof description === 'string' ? /^\s*\[([a-z0-9-]+)\]/.exec(description) : null
  return match?.[1]
}

/**
 * Turns a parsed workflow file into a record. `triggerId` overrides the record's or graph's
 * trigger, and is required for a blueprint that does not name one in its description.
 */
export function loadWorkflowJson(
  json: unknown,
  triggerId: string | undefined,
  triggers: TriggerLookup,
): LoadedWorkflow {
  const isWrapped = isMap(json) && isMap(json.Workflow)
  const unwrapped = isWrapped ? json.Workflow : json
  if (isMap(json) && 'WorkflowBlueprint' in json) {
    if (!isMap(json.WorkflowBlueprint)) {
      throw new UserError('SLC_WORKFLOW_INVALID', '`WorkflowBlueprint` must be an object with the blueprint’s fields')
    }
    return loadBlueprint(json.WorkflowBlueprint, triggerId, triggers)
  }
  // MISP's `{Workflow: …}` wrapper always holds a record, whatever fields it has.
  if (isMap(unwrapped) && 'data' in unwrapped && (isWrapped || 'trigger_id' in unwrapped || 'name' in unwrapped)) {
    const data = typeof unwrapped.data === 'string' ? parseJsonText(unwrapped.data, 'Workflow.data') : unwrapped.data
    const record = { ...unwrapped, data } as WorkflowRecord
    const stored = unwrapped.trigger_id
    if (stored !== undefined && stored !== null && typeof stored !== 'string') {
      throw new UserError('SLC_WORKFLOW_INVALID', '`Workflow.trigger_id` must be a string (a trigger module id)')
    }
    record.trigger_id = triggerId ?? stored ?? graphTrigger(data) ?? ''
    record.name ??= `Workflow for trigger ${record.trigger_id}`
    record.id ??= 1
    return { kind: 'record', record: requireTrigger(record) }
  }
  if (isMap(unwrapped) || Array.isArray(unwrapped)) {
    const trigger = triggerId ?? graphTrigger(unwrapped)
    const record: WorkflowRecord = {
      id: 1,
      name: `Workflow for trigger ${trigger}`,
      trigger_id: trigger ?? '',
      data: unwrapped,
    }
    return { kind: 'graph', record: requireTrigger(record) }
  }
  throw new UserError(
    'SLC_WORKFLOW_INVALID',
    'The workflow file must hold a JSON object: a workflow, a graph or a blueprint',
  )
}

function parseJsonText(text: string, field: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new UserError('SLC_BAD_JSON', `\`${field}\` is a string but not valid JSON: ${(error as Error).message}`)
  }
}

function graphTrigger(data: unknown): string | undefined {
  const graph = parseGraph(data)
  return graph.triggerKey === null ? undefined : graph.nodes.get(graph.triggerKey)?.moduleId
}

function requireTrigger(record: WorkflowRecord): WorkflowRecord {
  if (!record.trigger_id) {
    throw new UserError('SLC_NO_TRIGGER', 'The workflow has no trigger node; say which trigger to run with --trigger')
  }
  return record
}

function loadBlueprint(
  blueprint: Record<string, any>,
  triggerId: string | undefined,
  triggers: TriggerLookup,
): LoadedWorkflow {
  const trigger = triggerId ?? blueprintTrigger(blueprint.description)
  if (!trigger) {
    throw new UserError(
      'SLC_NO_TRIGGER',
      `Blueprint "${blueprint.name ?? '?'}" does not name its trigger; say which one to run it on with --trigger`,
    )
  }
  const descriptor = triggers(trigger)
  if (!descriptor) throw new UserError('SLC_UNKNOWN_TRIGGER', `Unknown trigger ${trigger}`)
  const nodes =
    typeof blueprint.data === 'string' ? parseJsonText(blueprint.data, 'WorkflowBlueprint.data') : blueprint.data
  if (!Array.isArray(nodes))
    throw new UserError('SLC_WORKFLOW_INVALID', '`WorkflowBlueprint.data` must be a list of nodes')
  const record: WorkflowRecord = {
    id: 1,
    name: String(blueprint.name ?? `Workflow for trigger ${trigger}`),
    trigger_id: trigger,
    data: wrapBlueprint(nodes, descriptor),
  }
  return { kind: 'blueprint', record }
}

/**
 * Builds a workflow graph from a blueprint's node list on the given trigger. A trigger node
 * in the blueprint takes the given trigger's descriptor; otherwise a trigger node is added and
 * connected to the nodes the blueprint attached to a node outside itself (usually trigger
 * `"1"`), or else to every node without an incoming connection.
 */
export function wrapBlueprint(nodes: unknown[], trigger: ModuleDescriptor): Record<string, unknown> {
  const graph: Record<string, unknown> = {}
  for (const [index, node] of nodes.entries()) {
    if (!isMap(node) || node.id === undefined) {
      throw new UserError('SLC_WORKFLOW_INVALID', `Blueprint node ${index} must be an object with an \`id\``)
    }
    // Defined, not assigned: an id such as `__proto__` must stay an ordinary key of the graph.
    Object.defineProperty(graph, String(node.id), {
      value: structuredClone(node),
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  const existing = Object.values(graph).find((node) => (node as GraphNode).data?.module_type === 'trigger') as
    | GraphNode
    | undefined
  if (existing) {
    existing.data = { ...triggerNodeData(trigger), ...pick(existing.data, ['node_uid']) }
    existing.name = trigger.name
    return graph
  }
  const targets = entryNodes(graph)
  // A fold, not Math.max(...keys): a spread of a very long node list overflows the call stack.
  const highest = Object.keys(graph)
    .map(Number)
    .reduce((max, key) => (Number.isFinite(key) && key > max ? key : max), 0)
  const id = Object.hasOwn(graph, '1') ? highest + 1 : 1
  graph[String(id)] = {
    id,
    name: trigger.name,
    data: { ...triggerNodeData(trigger), multiple_output_connection: targets.length > 1 },
    class: 'block-type-trigger',
    typenode: false,
    inputs: [],
    outputs: { output_1: { connections: targets.map((target) => ({ node: target, output: 'input_1' })) } },
    pos_x: 0,
    pos_y: 0,
  }
  // Both ends of every connection, as MISP's editor writes them (spec/ENGINE.md §1.3.1).
  for (const target of targets) attachInput(graph[target] as GraphNode, String(id))
  return graph
}

function attachInput(node: GraphNode, source: string): void {
  const inputs = isMap(node.inputs) ? (node.inputs as Record<string, { connections: InputConnection[] }>) : {}
  const connections = Array.isArray(inputs.input_1?.connections) ? inputs.input_1.connections : []
  if (!connections.some((c) => String(c.node) === source)) {
    connections.push({ node: source, input: 'output_1' })
  }
  inputs.input_1 = { ...inputs.input_1, connections }
  node.inputs = inputs
}

function pick(object: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => key in object).map((key) => [key, object[key]]))
}

function triggerNodeData(trigger: ModuleDescriptor): GraphNode['data'] {
  const { params: _params, ...rest } = trigger
  return {
    ...rest,
    indexed_params: [],
    saved_filters: { selector: '', value: '', operator: '', path: '' },
  } as GraphNode['data']
}

function inputSources(node: GraphNode): string[] {
  if (!isMap(node.inputs)) return []
  return Object.values(node.inputs).flatMap((input) =>
    Array.isArray((input as { connections?: unknown[] })?.connections)
      ? (input as { connections: Array<{ node: unknown }> }).connections.map((c) => String(c.node))
      : [],
  )
}

function entryNodes(graph: Record<string, unknown>): string[] {
  const keys = Object.keys(graph)
  const nodes = keys.map((key) => [key, graph[key] as GraphNode] as const)
  const attachedOutside = nodes.filter(([, node]) => inputSources(node).some((source) => !Object.hasOwn(graph, source)))
  if (attachedOutside.length > 0) return attachedOutside.map(([key]) => key)
  const targeted = new Set(
    nodes.flatMap(([, node]) =>
      isMap(node.outputs)
        ? Object.values(node.outputs).flatMap((output) =>
            Array.isArray((output as { connections?: unknown[] })?.connections)
              ? (output as { connections: Array<{ node: unknown }> }).connections.map((c) => String(c.node))
              : [],
          )
        : [],
    ),
  )
  return keys.filter((key) => !targeted.has(key))
}

/**
 * Builds MISP workflow graphs for tests from a compact description, with both ends of every
 * connection written the way MISP's editor writes them (spec/ENGINE.md §1.3.1).
 *
 *     buildGraph([
 *       { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } },
 *       { id: 2, module: 'tag-if', type: 'logic', params: { … }, outputs: { output_1: [3], output_2: [] } },
 *       { id: 3, module: 'stop-execution', type: 'action' },
 *     ])
 */
import type { WorkflowRecord } from '../../src/engine/index.ts'

/** One node in compact form. */
export interface NodeSpec {
  id: number
  module: string
  type: 'trigger' | 'logic' | 'action'
  params?: Record<string, unknown>
  filters?: { selector?: string; value?: string; operator?: string; path?: string }
  outputs?: Record<string, number[]>
  multiple?: boolean
  data?: Record<string, unknown>
}

/** A `probe` action node (test-modules.ts) allowed several connections per output. */
export const probeAction = (id: number, outputs: number[] = []): NodeSpec => ({
  id,
  module: 'probe',
  type: 'action',
  outputs: { output_1: outputs },
  multiple: true,
})

/** A logic node of `module` with the given outputs. */
export const logicNode = (id: number, module: string, outputs: Record<string, number[]>): NodeSpec => ({
  id,
  module,
  type: 'logic',
  outputs,
})

/** The graph JSON for the nodes. */
export function buildGraph(nodes: NodeSpec[]): Record<string, any> {
  const graph: Record<string, any> = {}
  for (const spec of nodes) {
    graph[String(spec.id)] = {
      id: spec.id,
      name: spec.module,
      data: {
        id: spec.module,
        module_type: spec.type,
        indexed_params: spec.params ?? [],
        saved_filters: { selector: '', value: '', operator: '', path: '', ...spec.filters },
        multiple_output_connection: spec.multiple ?? false,
        ...spec.data,
      },
      class: 'block-type-default',
      typenode: false,
      inputs: {},
      outputs: {},
      pos_x: 0,
      pos_y: 0,
    }
  }
  for (const spec of nodes) {
    for (const [output, targets] of Object.entries(spec.outputs ?? {})) {
      graph[String(spec.id)].outputs[output] = {
        connections: targets.map((target) => ({ node: String(target), output: 'input_1' })),
      }
      for (const target of targets) {
        const inputs = graph[String(target)]?.inputs
        if (!inputs) continue
        inputs.input_1 ??= { connections: [] }
        inputs.input_1.connections.push({ node: String(spec.id), input: output })
      }
    }
  }
  for (const node of Object.values(graph)) {
    if (Object.keys(node.inputs).length === 0) node.inputs = []
    if (Object.keys(node.outputs).length === 0) node.outputs = []
  }
  return graph
}

/** A workflow record around a graph. */
export function workflowOf(
  graph: Record<string, any>,
  triggerId: string,
  extra: Partial<WorkflowRecord> = {},
): WorkflowRecord {
  return { id: 1, name: `Workflow for trigger ${triggerId}`, trigger_id: triggerId, data: graph, ...extra }
}

/**
 * The graph MISP's editor saves for `event-publish` → `stop-execution` (its `message` param
 * set to `stopMessage`), node names, classes and positions included; without `stopMessage`,
 * the trigger alone (a workflow that does nothing).
 */
export function publishThenStopGraph(stopMessage?: string): Record<string, any> {
  const trigger = {
    id: 1,
    name: 'Event Publish',
    class: 'block-type-trigger',
    typenode: false,
    data: {
      id: 'event-publish',
      module_type: 'trigger',
      name: 'Event Publish',
      indexed_params: [],
      multiple_output_connection: false,
    },
    inputs: [],
    outputs: { output_1: { connections: stopMessage ? [{ node: '2', output: 'input_1' }] : [] } },
    pos_x: 0,
    pos_y: 0,
  }
  if (!stopMessage) return { '1': trigger }
  const stop = {
    id: 2,
    name: 'Stop execution',
    class: 'block-type-default',
    typenode: false,
    data: {
      id: 'stop-execution',
      module_type: 'action',
      name: 'Stop execution',
      indexed_params: { message: stopMessage },
      saved_filters: { selector: '', value: '', operator: '', path: '' },
      multiple_output_connection: false,
    },
    inputs: { input_1: { connections: [{ node: '1', input: 'output_1' }] } },
    outputs: [],
    pos_x: 300,
    pos_y: 0,
  }
  return { '1': trigger, '2': stop }
}

/**
 * event-publish ─▶ concurrent-task ─▶ a1 ─┬▶ b1 ─┐
 *                                         └▶ c1 ─┴▶ a2 ─┬▶ b2 … (`rungs` diamonds: 2^rungs paths)
 * Every fork is a concurrent task, the one module allowed several connections per output.
 */
export function diamondLadder(rungs: number): Record<string, any> {
  const nodes: NodeSpec[] = [{ id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } }]
  for (let rung = 0; rung < rungs; rung++) {
    const fork = 2 + rung * 3
    const join = fork + 3
    nodes.push({
      id: fork,
      module: 'concurrent-task',
      type: 'logic',
      multiple: true,
      outputs: { output_1: [fork + 1, fork + 2] },
    })
    nodes.push({
      id: fork + 1,
      module: 'concurrent-task',
      type: 'logic',
      multiple: true,
      outputs: { output_1: [join] },
    })
    nodes.push({
      id: fork + 2,
      module: 'concurrent-task',
      type: 'logic',
      multiple: true,
      outputs: { output_1: [join] },
    })
  }
  nodes.push({ id: 2 + rungs * 3, module: 'stop-execution', type: 'action' })
  return buildGraph(nodes)
}

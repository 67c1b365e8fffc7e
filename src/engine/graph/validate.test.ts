import { describe, expect, it } from 'vitest'
import { buildGraph, type NodeSpec } from '../../../test/harness/graph-builder.ts'
import { createBuiltinRegistry } from '../../modules/index.ts'
import { parseGraph } from './parse.ts'
import { SAVE_RULE_MESSAGES, validateGraph } from './validate.ts'

const registry = createBuiltinRegistry()
const MISP_RULES = ['SLC_GRAPH_CYCLE', 'SLC_GRAPH_TRIGGER_COUNT', 'SLC_GRAPH_MULTIPLE_CONNECTIONS']

const trigger = (id: number, outputs: number[] = []): NodeSpec => ({
  id,
  module: 'event-publish',
  type: 'trigger',
  outputs: { output_1: outputs },
})
const action = (id: number, outputs: number[] = [], extra: Partial<NodeSpec> = {}): NodeSpec => ({
  id,
  module: 'tag_operation',
  type: 'action',
  outputs: { output_1: outputs },
  ...extra,
})

const validate = (nodes: NodeSpec[], options = {}) => validateGraph(parseGraph(buildGraph(nodes)), options)
const mispRules = (problems: ReturnType<typeof validateGraph>) => problems.filter((p) => MISP_RULES.includes(p.code))

describe('validateGraph', () => {
  it('finds nothing wrong with a trigger followed by a chain of known modules', () => {
    const nodes = [
      trigger(1, [2]),
      { id: 2, module: 'tag-if', type: 'logic', outputs: { output_1: [3], output_2: [] } } as NodeSpec,
      { id: 3, module: 'stop-execution', type: 'action' } as NodeSpec,
    ]
    expect(validate(nodes, { catalogue: registry, triggerId: 'event-publish' })).toEqual([])
  })

  it('rejects a cycle with MISP’s message (rule 1)', () => {
    expect(validate([trigger(1, [2]), action(2, [3]), action(3, [2])])).toEqual([
      {
        severity: 'error',
        code: 'SLC_GRAPH_CYCLE',
        message: 'Cannot save a workflow containing a cycle',
        detail: 'cycle: 3 → 2, 2 → 3',
      },
    ])
  })

  it('rejects a graph without a trigger with MISP’s message (rule 2)', () => {
    expect(validate([action(2)])).toEqual([
      {
        severity: 'error',
        code: 'SLC_GRAPH_TRIGGER_COUNT',
        message: 'Cannot save a workflow containing no or more than one trigger',
        detail: 'found 0 trigger nodes',
      },
    ])
  })

  it('rejects a graph with two triggers (rule 2)', () => {
    const problems = validate([trigger(1, [3]), { ...trigger(2, [3]), module: 'event-after-save' }, action(3)])
    expect(problems.map((p) => [p.code, p.message, p.detail])).toEqual([
      ['SLC_GRAPH_TRIGGER_COUNT', SAVE_RULE_MESSAGES.triggerCount, 'found 2 trigger nodes'],
    ])
  })

  it('rejects an empty graph under rule 2, as MISP does', () => {
    for (const json of [[], {}]) {
      expect(validateGraph(parseGraph(json)).map((p) => p.code)).toEqual(['SLC_GRAPH_TRIGGER_COUNT'])
    }
  })

  it('rejects an output with two connections with MISP’s message (rule 3)', () => {
    expect(validate([trigger(1, [2]), action(2, [3, 4]), action(3), action(4)])).toEqual([
      {
        severity: 'error',
        code: 'SLC_GRAPH_MULTIPLE_CONNECTIONS',
        nodeId: '2',
        message: 'Cannot save a workflow having more than one connection per output',
        detail: 'node 2, `output_1` has 2 connections',
      },
    ])
  })

  it('allows several connections on an output when the node says `multiple_output_connection`', () => {
    const nodes = [trigger(1, [2]), action(2, [3, 4], { multiple: true }), action(3), action(4)]
    expect(validate(nodes)).toEqual([])
  })

  it('reads `multiple_output_connection` with PHP’s empty(), so "0" and [] do not allow several, as MISP does', () => {
    for (const flag of ['0', [], {}, 0, '']) {
      const nodes = [
        trigger(1, [2]),
        action(2, [3, 4], { data: { multiple_output_connection: flag } }),
        action(3),
        action(4),
      ]
      expect(validate(nodes).map((p) => p.code)).toEqual(['SLC_GRAPH_MULTIPLE_CONNECTIONS'])
    }
    for (const flag of [true, '1', 1]) {
      const nodes = [
        trigger(1, [2]),
        action(2, [3, 4], { data: { multiple_output_connection: flag } }),
        action(3),
        action(4),
      ]
      expect(validate(nodes)).toEqual([])
    }
  })

  it('reads `multiple_output_connection` from the node, not from the module, as MISP does', () => {
    const nodes: NodeSpec[] = [
      trigger(1, [2]),
      { id: 2, module: 'concurrent-task', type: 'logic', outputs: { output_1: [3, 4] }, multiple: false },
      action(3),
      action(4),
    ]
    expect(validate(nodes, { catalogue: registry }).map((p) => p.code)).toEqual(['SLC_GRAPH_MULTIPLE_CONNECTIONS'])
  })

  /*
   *   2 ──► 3 ──► 4        (no trigger)
   *         ▲     │
   *         └─────┘
   */
  it('reports only the cycle among MISP’s rules when rules 1 and 2 are both broken, as MISP does', () => {
    const problems = validate([action(2, [3]), action(3, [4]), action(4, [3])])
    expect(problems.map((p) => p.message)).toEqual([SAVE_RULE_MESSAGES.cycle])
  })

  it('reports only the trigger count among MISP’s rules when rules 2 and 3 are both broken', () => {
    const problems = validate([action(2, [3, 4]), action(3), action(4)])
    expect(mispRules(problems).map((p) => p.message)).toEqual([SAVE_RULE_MESSAGES.triggerCount])
  })

  it('reports a connection to a missing node, naming the node and the target', () => {
    const problems = validate([trigger(1, [2]), action(2, [9])])
    expect(problems).toEqual([
      {
        severity: 'error',
        code: 'SLC_GRAPH_DANGLING_CONNECTION',
        nodeId: '2',
        message: 'Node 2 (`tag_operation`) connects `output_1` to node 9, which does not exist',
      },
    ])
  })

  it('refuses a node without a module id or module type, which MISP would save and fail at run time', () => {
    const graph = buildGraph([trigger(1, [2]), action(2)])
    graph['2'].data.id = ''
    delete graph['2'].data.module_type
    const problems = validateGraph(parseGraph(graph))
    expect(problems).toEqual([
      {
        severity: 'error',
        code: 'SLC_GRAPH_INVALID',
        nodeId: '2',
        message: 'Node "2": `data.id` (the module id) must be a non-empty string',
      },
    ])
  })

  it('reports dangling connections after MISP’s rule', () => {
    const problems = validate([action(2, [9])])
    expect(problems.map((p) => p.code)).toEqual(['SLC_GRAPH_TRIGGER_COUNT', 'SLC_GRAPH_DANGLING_CONNECTION'])
  })

  it('warns about an unknown logic or action module when given a catalogue', () => {
    const nodes: NodeSpec[] = [
      trigger(1, [2]),
      { id: 2, module: 'no-such-if', type: 'logic', outputs: { output_1: [3] } },
      { id: 3, module: 'no-such-action', type: 'action' },
    ]
    expect(validate(nodes, { catalogue: registry })).toEqual([
      {
        severity: 'warning',
        code: 'SLC_UNKNOWN_MODULE',
        nodeId: '2',
        message: 'Node 2 uses the unknown logic module `no-such-if`',
      },
      {
        severity: 'warning',
        code: 'SLC_UNKNOWN_MODULE',
        nodeId: '3',
        message: 'Node 3 uses the unknown action module `no-such-action`',
      },
    ])
  })

  it('reports an unknown trigger module as an error', () => {
    const problems = validate([{ ...trigger(1, [2]), module: 'no-such-trigger' }, action(2)], { catalogue: registry })
    expect(problems).toEqual([
      {
        severity: 'error',
        code: 'SLC_UNKNOWN_MODULE',
        nodeId: '1',
        message: 'Node 1 uses the unknown trigger module `no-such-trigger`',
      },
    ])
  })

  it('looks a module up under its own type', () => {
    const problems = validate([trigger(1, [2]), { id: 2, module: 'tag-if', type: 'action' }], { catalogue: registry })
    expect(problems.map((p) => [p.code, p.nodeId])).toEqual([['SLC_UNKNOWN_MODULE', '2']])
  })

  it('does not look modules up without a catalogue', () => {
    expect(validate([trigger(1, [2]), { id: 2, module: 'no-such-action', type: 'action' }])).toEqual([])
  })

  it('rejects a trigger node that differs from the record’s `trigger_id`', () => {
    expect(validate([trigger(1, [2]), action(2)], { triggerId: 'event-after-save' })).toEqual([
      {
        severity: 'error',
        code: 'SLC_TRIGGER_MISMATCH',
        nodeId: '1',
        message: 'The trigger node (1) is `event-publish`, but the workflow belongs to trigger `event-after-save`',
      },
    ])
  })

  it('accepts a trigger node that matches the record’s `trigger_id`', () => {
    expect(validate([trigger(1, [2]), action(2)], { triggerId: 'event-publish' })).toEqual([])
  })
})

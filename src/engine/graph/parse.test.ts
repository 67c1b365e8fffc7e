import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { buildGraph } from '../../../test/harness/graph-builder.ts'
import { parseGraph } from './parse.ts'
import { serialiseGraph, stringifyGraph } from './serialise.ts'

/** The JSON example of spec/ENGINE.md §1.3.3, read from the spec in place. */
function specExample(): Record<string, any> {
  const spec = readFileSync(new URL('../../../../shared/spec/ENGINE.md', import.meta.url), 'utf8')
  const section = spec.slice(spec.indexOf('#### 1.3.3'))
  const block = /```json\n([\s\S]*?)```/.exec(section)
  if (!block) throw new Error('spec/ENGINE.md §1.3.3 has no JSON example')
  return JSON.parse(block[1])
}

function node(data: Record<string, unknown>, outputs: unknown = []) {
  return { id: 1, name: 'n', data, inputs: [], outputs, pos_x: 0, pos_y: 0 }
}

const action = (module = 'probe') => ({ id: module, module_type: 'action' })

/** Runs `parse` and returns the UserError it throws. */
function parseError(json: unknown): { code: string; message: string; status: number } {
  try {
    parseGraph(json)
  } catch (error) {
    return error as { code: string; message: string; status: number }
  }
  throw new Error('parseGraph did not throw')
}

describe('parseGraph', () => {
  it('parses the example graph of spec/ENGINE.md §1.3.3', () => {
    const json = specExample()
    const graph = parseGraph(json)
    expect([...graph.nodes.keys()]).toEqual(['1', '2', '3'])
    expect(graph.triggerKey).toBe('1')
    expect(graph.json).toBe(json)
    const summary = [...graph.nodes.values()].map(({ key, moduleId, moduleType, outputs }) => ({
      key,
      moduleId,
      moduleType,
      outputs,
    }))
    expect(summary).toEqual([
      { key: '1', moduleId: 'event-publish', moduleType: 'trigger', outputs: [{ name: 'output_1', targets: ['2'] }] },
      {
        key: '2',
        moduleId: 'tag-if',
        moduleType: 'logic',
        outputs: [
          { name: 'output_1', targets: ['3'] },
          { name: 'output_2', targets: [] },
        ],
      },
      { key: '3', moduleId: 'stop-execution', moduleType: 'action', outputs: [] },
    ])
    expect(graph.nodes.get('2')?.node).toBe(json['2'])
  })

  it('reads PHP’s `[]` as an empty graph, and writing it back gives `[]`', () => {
    const graph = parseGraph([])
    expect(graph.nodes.size).toBe(0)
    expect(graph.triggerKey).toBeNull()
    expect(serialiseGraph(graph)).toEqual([])
    expect(stringifyGraph(graph)).toBe('[]')
  })

  it('reads `{}` as an empty graph', () => {
    const graph = parseGraph({})
    expect(graph.nodes.size).toBe(0)
    expect(graph.triggerKey).toBeNull()
    expect(stringifyGraph(graph)).toBe('{}')
  })

  it('ignores `_frames` in its object form', () => {
    const json = {
      ...buildGraph([{ id: 1, module: 'event-publish', type: 'trigger' }]),
      _frames: { 'f-1': { id: 'f-1', text: 'My group', nodes: [1], class: '' } },
    }
    expect([...parseGraph(json).nodes.keys()]).toEqual(['1'])
  })

  it('ignores `_frames` in its list form', () => {
    const json = { ...buildGraph([{ id: 1, module: 'event-publish', type: 'trigger' }]), _frames: [] }
    expect([...parseGraph(json).nodes.keys()]).toEqual(['1'])
  })

  it('reads outputs given as `[]` or left out as a node without outputs', () => {
    const graph = parseGraph({ 1: node(action(), []), 2: { id: 2, data: action() } })
    expect(graph.nodes.get('1')?.outputs).toEqual([])
    expect(graph.nodes.get('2')?.outputs).toEqual([])
  })

  it('reads connections given as `{}` (PHP’s empty map) as none', () => {
    const graph = parseGraph({ 1: node(action(), { output_1: { connections: {} }, output_2: {} }) })
    expect(graph.nodes.get('1')?.outputs).toEqual([
      { name: 'output_1', targets: [] },
      { name: 'output_2', targets: [] },
    ])
  })

  it('casts connection targets given as numbers or strings to integer strings, as MISP does', () => {
    const outputs = {
      output_1: {
        connections: [
          { node: 2, output: 'input_1' },
          { node: '3', output: 'input_1' },
          { node: '04', output: 'input_1' },
          { node: 5.0, output: 'input_1' },
          { node: ' 6', output: 'input_1' },
          { node: '1e1', output: 'input_1' },
        ],
      },
    }
    expect(parseGraph({ 1: node(action(), outputs) }).nodes.get('1')?.outputs[0].targets).toEqual([
      '2',
      '3',
      '4',
      '5',
      '6',
      '10',
    ])
  })

  it('keeps outputs in stored order', () => {
    const outputs = { output_2: { connections: [{ node: '3' }] }, output_1: { connections: [{ node: '2' }] } }
    expect(
      parseGraph({ 1: node(action(), outputs) })
        .nodes.get('1')
        ?.outputs.map((o) => o.name),
    ).toEqual(['output_2', 'output_1'])
  })

  it('takes the first trigger node in graph order as the trigger', () => {
    const graph = parseGraph(
      buildGraph([
        { id: 1, module: 'probe', type: 'action' },
        { id: 2, module: 'event-publish', type: 'trigger' },
        { id: 3, module: 'event-after-save', type: 'trigger' },
      ]),
    )
    expect(graph.triggerKey).toBe('2')
  })

  it('has no trigger when no node is a trigger', () => {
    expect(parseGraph(buildGraph([{ id: 1, module: 'probe', type: 'action' }])).triggerKey).toBeNull()
  })

  it('rejects a non-empty list as the graph', () => {
    const error = parseError([node(action())])
    expect(error.code).toBe('SLC_GRAPH_INVALID')
    expect(error.status).toBe(400)
    expect(error.message).toContain('not a list')
  })

  it('rejects a graph that is not an object', () => {
    for (const json of [null, 'graph', 3]) expect(parseError(json).code).toBe('SLC_GRAPH_INVALID')
  })

  it('names the node when a node is not an object', () => {
    const error = parseError({ 7: 'oops' })
    expect(error.code).toBe('SLC_GRAPH_INVALID')
    expect(error.message).toBe('Node "7" must be an object, got a string')
  })

  it('names the node and `data` when a node has no data object', () => {
    for (const data of [undefined, null, [], 'tag-if']) {
      const error = parseError({ 4: { id: 4, data } })
      expect(error.code).toBe('SLC_GRAPH_INVALID')
      expect(error.message).toContain('Node "4"')
      expect(error.message).toContain('`data`')
    }
  })

  it('reads a module id that is missing or not text as PHP converts it, and notes the problem', () => {
    const cases: Array<[unknown, string]> = [
      ['', ''],
      [undefined, ''],
      [12, '12'],
      [true, '1'],
      [['x'], 'Array'],
    ]
    for (const [id, moduleId] of cases) {
      const parsed = parseGraph({ 5: node({ id, module_type: 'action' }) }).nodes.get('5')
      expect(parsed?.moduleId).toBe(moduleId)
      expect(parsed?.shapeProblem).toBe('Node "5": `data.id` (the module id) must be a non-empty string')
    }
  })

  it('reads a missing module type as empty text, and notes the problem', () => {
    const parsed = parseGraph({ 5: node({ id: 'probe' }) }).nodes.get('5')
    expect(parsed?.moduleType).toBe('')
    expect(parsed?.shapeProblem).toBe('Node "5": `data.module_type` must be "trigger", "logic" or "action"')
  })

  it('notes no problem for a node that names its module', () => {
    expect(parseGraph({ 5: node(action()) }).nodes.get('5')?.shapeProblem).toBeNull()
  })

  it('names the node and the output when connections are not a list', () => {
    const error = parseError({ 6: node(action(), { output_1: { connections: 'node 2' } }) })
    expect(error.code).toBe('SLC_GRAPH_INVALID')
    expect(error.message).toBe('Node "6": `outputs.output_1.connections` must be a list')
  })

  it('names the node and the output when a connection has no target', () => {
    const error = parseError({ 6: node(action(), { output_1: { connections: [{ output: 'input_1' }] } }) })
    expect(error.code).toBe('SLC_GRAPH_INVALID')
    expect(error.message).toContain('Node "6"')
    expect(error.message).toContain('`output_1`')
  })

  it('returns the same parsed object for the same JSON object', () => {
    const json = buildGraph([{ id: 1, module: 'event-publish', type: 'trigger' }])
    expect(parseGraph(json)).toBe(parseGraph(json))
  })

  it('parses an equal but distinct JSON object afresh', () => {
    const json = buildGraph([{ id: 1, module: 'event-publish', type: 'trigger' }])
    expect(parseGraph(structuredClone(json))).not.toBe(parseGraph(json))
  })
})

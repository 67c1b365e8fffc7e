import { describe, expect, it } from 'vitest'
import { buildGraph, type NodeSpec } from '../../../test/harness/graph-builder.ts'
import { workflowToDot } from './dot.ts'
import { parseGraph } from './parse.ts'

/*
 *   1 Event Publish ──▶ 2 IF :: Published ──then──▶ 3 Publish event
 *                                         └─else──▶ 4 Stop execution
 */
const nodes: NodeSpec[] = [
  { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] }, data: { name: 'Event Publish' } },
  {
    id: 2,
    module: 'published-if',
    type: 'logic',
    outputs: { output_1: [3], output_2: [4] },
    data: { name: 'IF :: Published' },
  },
  { id: 3, module: 'publish-event', type: 'action', data: { name: 'Publish event' } },
  { id: 4, module: 'stop-execution', type: 'action', data: { name: 'Stop execution' } },
]

const NODE_BLOCK =
  'digraph G {\n' +
  '  {\n' +
  '    1 [margin="0", shape="diamond", label="Event Publish"]\n' +
  '    2 [margin="0", shape="parallelogram", label="IF :: Published"]\n' +
  '    3 [margin="0", shape="box", label="Publish event"]\n' +
  '    4 [margin="0", shape="box", label="Stop execution"]\n' +
  '  }\n'

describe('workflowToDot', () => {
  it('lists the nodes with their shapes, then the edges, and ends without a newline', () => {
    expect(workflowToDot(parseGraph(buildGraph(nodes)))).toBe(
      NODE_BLOCK + '    1 -> 2 []\n' + '    2 -> 3 []\n' + '    2 -> 4 []\n' + '}',
    )
  })

  it('labels nodes with data.name, not the node name', () => {
    const graph = buildGraph(nodes)
    graph['1'].name = 'Renamed'
    expect(workflowToDot(parseGraph(graph))).toContain('    1 [margin="0", shape="diamond", label="Event Publish"]\n')
  })

  it('prints edges to missing targets and ignores _frames, as MISP does', () => {
    const graph = buildGraph([nodes[0]!, { ...nodes[1]!, outputs: { output_1: [3], output_2: [9] } }, nodes[2]!])
    graph._frames = { f: { id: 'f', text: 'group', nodes: [1, 2], class: '' } }
    expect(workflowToDot(parseGraph(graph))).toBe(
      NODE_BLOCK.replace('    4 [margin="0", shape="box", label="Stop execution"]\n', '') +
        '    1 -> 2 []\n' +
        '    2 -> 3 []\n' +
        '    2 -> 9 []\n' +
        '}',
    )
  })

  it('writes only the label for an unknown module_type, as PHP does', () => {
    const graph = buildGraph([nodes[2]!])
    graph['3'].data.module_type = 'other'
    expect(workflowToDot(parseGraph(graph))).toBe('digraph G {\n  {\n    3 [label="Publish event"]\n  }\n}')
  })

  it('gives an empty digraph for an empty graph', () => {
    expect(workflowToDot(parseGraph([]))).toBe('digraph G {\n  {\n  }\n}')
  })
})

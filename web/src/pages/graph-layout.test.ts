import { describe, expect, it } from 'vitest'
import { graphNodes, layeredPositions, toFlow } from './graph-layout.ts'

// 1 (trigger) ──▶ 2 (IF) ──then──▶ 3
//                       └─else──▶ 4
const workflow = {
  '1': {
    id: 1,
    pos_x: 0,
    pos_y: 0,
    data: { id: 'event-publish', name: 'Event Publish', module_type: 'trigger' },
    outputs: { output_1: { connections: [{ node: '2', output: 'input_1' }] } },
  },
  '2': {
    id: 2,
    pos_x: 400,
    pos_y: 0,
    data: { id: 'tag-if', name: 'IF :: Tag', module_type: 'logic' },
    outputs: { output_1: { connections: [{ node: '3' }] }, output_2: { connections: [{ node: '4' }] } },
  },
  '3': {
    id: 3,
    pos_x: 800,
    pos_y: -100,
    data: { id: 'stop-execution', name: 'Stop execution', module_type: 'action' },
    outputs: [],
  },
  '4': {
    id: 4,
    pos_x: 800,
    pos_y: 100,
    data: { id: 'tag-operation', name: 'Tag operation', module_type: 'action' },
    outputs: { output_1: { connections: [] } },
  },
  _frames: [],
}

describe('toFlow', () => {
  it('draws each node at its saved place and labels the IF outputs', () => {
    const { nodes, edges } = toFlow(workflow)
    expect(nodes.map((node) => [node.id, node.position])).toEqual([
      ['1', { x: 0, y: 0 }],
      ['2', { x: 400, y: 0 }],
      ['3', { x: 800, y: -100 }],
      ['4', { x: 800, y: 100 }],
    ])
    expect(nodes[0].data.label).toBe('Event Publish (trigger)')
    expect(edges.map((edge) => [edge.source, edge.target, edge.label])).toEqual([
      ['1', '2', undefined],
      ['2', '3', 'then'],
      ['2', '4', 'else'],
    ])
  })

  it('writes a run’s status into the node’s label', () => {
    const { nodes } = toFlow(workflow, { '3': { text: 'partial-success, 0.02 ms', tone: 'blocked' } })
    expect(nodes[2].data.label).toBe('Stop execution — partial-success, 0.02 ms')
    expect(nodes[2].ariaLabel).toBe('Stop execution: partial-success, 0.02 ms')
  })

  it('lays the graph out by depth when saved positions pile up', () => {
    const piled = Object.fromEntries(
      Object.entries(workflow).map(([key, node]) => [
        key,
        Array.isArray(node) ? node : { ...node, pos_x: 0, pos_y: 0 },
      ]),
    )
    const { nodes } = toFlow(piled)
    expect(nodes.map((node) => node.position)).toEqual([
      { x: 0, y: 0 },
      { x: 320, y: 0 },
      { x: 640, y: 0 },
      { x: 640, y: 120 },
    ])
  })
})

describe('graphNodes', () => {
  it('accepts a blueprint’s node list and skips `_frames` and junk', () => {
    expect(graphNodes([{ id: 5 }, null, 'x']).map((node) => node.id)).toEqual([5])
    expect(graphNodes(workflow).map((node) => node.id)).toEqual([1, 2, 3, 4])
    expect(graphNodes(undefined)).toEqual([])
  })
})

describe('layeredPositions', () => {
  it('puts a node one column right of its deepest parent', () => {
    const positions = layeredPositions(
      ['a', 'b', 'c'],
      [
        { source: 'a', target: 'b' },
        { source: 'b', target: 'c' },
        { source: 'a', target: 'c' },
      ],
    )
    expect([...positions.values()].map((point) => point.x)).toEqual([0, 320, 640])
  })
})

import { describe, expect, it } from 'vitest'
import { describeDiff } from './diff.ts'
import { readDrawflow } from './drawflow.ts'

describe('describeDiff', () => {
  it('names added and removed nodes and connections, and changed parameters, filters and positions', () => {
    const node = (id: number, params: unknown, x = 0) => ({
      id,
      data: { id: 'm', name: `N${id}`, module_type: 'action', indexed_params: params, saved_filters: {} },
      inputs: {},
      outputs: { output_1: { connections: [] as unknown[] } },
      pos_x: x,
      pos_y: 0,
    })
    const before = readDrawflow({ '1': node(1, { a: 1 }), '2': node(2, {}) })
    const afterJson = { '1': node(1, { a: 2 }, 50), '3': node(3, {}) }
    afterJson['1'].outputs.output_1.connections.push({ node: '3', output: 'input_1' })
    const after = readDrawflow(afterJson)
    expect(describeDiff(before, after)).toEqual([
      '+ node 3 N3',
      '− node 2 N2',
      '~ node 1 N1: parameters changed',
      '~ node 1 N1: moved',
      '+ connection 1 output_1 → 3',
    ])
  })

  it('finds no difference between a document and itself read back, whatever the form of empty parameters', () => {
    const json = {
      '1': {
        id: 1,
        data: { id: 'm', name: 'N1', module_type: 'action', indexed_params: [], saved_filters: [] },
        inputs: {},
        outputs: {},
        pos_x: 10,
        pos_y: 20,
      },
    }
    expect(describeDiff(readDrawflow(json), readDrawflow(structuredClone(json)))).toEqual([])
  })
})

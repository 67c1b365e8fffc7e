import { describe, expect, it } from 'vitest'
import { readDrawflow } from '../model/drawflow.ts'
import { pathLabels } from './path-labels.ts'

function node(id: number, moduleId: string, params: Record<string, unknown>, to: number[]) {
  return {
    id,
    data: { id: moduleId, module_type: moduleId === 'event-publish' ? 'trigger' : 'logic', indexed_params: params },
    inputs: {},
    outputs: { output_1: { connections: to.map((target) => ({ node: String(target), output: 'input_1' })) } },
  }
}

describe('pathLabels', () => {
  //   1 ─► 2 (filter A) ─► 3 (filter B) ─► 4 (reset B) ─► 5 (reset all) ─► 6
  it('labels every connection downstream of a path filter until a reset lifts it', () => {
    const doc = readDrawflow({
      '1': node(1, 'event-publish', {}, [2]),
      '2': node(2, 'generic-filter-data', { 'filtering-label': 'A' }, [3]),
      '3': node(3, 'generic-filter-data', { 'filtering-label': 'B' }, [4]),
      '4': node(4, 'generic-filter-reset', { 'filtering-label': 'B' }, [5]),
      '5': node(5, 'generic-filter-reset', { 'filtering-label': 'all' }, [6]),
      '6': node(6, 'published-if', {}, []),
    })
    const labels = pathLabels(doc)
    expect(labels.get('1:output_1->2:input_1')).toBeUndefined()
    expect(labels.get('2:output_1->3:input_1')).toEqual(['Label A'])
    expect(labels.get('3:output_1->4:input_1')).toEqual(['Label A', 'Label B'])
    expect(labels.get('4:output_1->5:input_1')).toEqual(['Label A'])
    expect(labels.get('5:output_1->6:input_1')).toBeUndefined()
  })
})

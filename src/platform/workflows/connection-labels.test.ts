import { describe, expect, it } from 'vitest'
import { stripConnectionLabels, withConnectionLabels } from './connection-labels.ts'

function node(id: number, module: string, type: string, label: string | null, from: number | null, to: number[]) {
  return {
    id,
    name: module,
    data: { id: module, module_type: type, indexed_params: label === null ? {} : { 'filtering-label': label } },
    inputs: from === null ? [] : { input_1: { connections: [{ node: String(from), input: 'output_1' }] } },
    outputs:
      to.length === 0
        ? []
        : { output_1: { connections: to.map((target) => ({ node: String(target), output: 'input_1' })) } },
  }
}

//   1 ─▶ 2 Filter A ─▶ 3 Filter B ─▶ 4 Reset B ─▶ 5 Reset all ─▶ 6
const GRAPH = {
  '1': node(1, 'event-publish', 'trigger', null, null, [2]),
  '2': node(2, 'generic-filter-data', 'logic', 'A', 1, [3]),
  '3': node(3, 'generic-filter-data', 'logic', 'B', 2, [4]),
  '4': node(4, 'generic-filter-reset', 'logic', 'B', 3, [5]),
  '5': node(5, 'generic-filter-reset', 'logic', 'all', 4, [6]),
  '6': node(6, 'stop-execution', 'action', null, 5, []),
}

describe('withConnectionLabels', () => {
  it('labels each input connection with the path filters active on it, as MISP’s view does', () => {
    const labelled = withConnectionLabels(GRAPH) as any
    const labels = (key: string) => labelled[key].inputs.input_1?.connections[0].labels
    expect(labels('2')).toBeUndefined()
    expect(labels('3')).toEqual([{ id: 'a', name: 'A', variant: 'info' }])
    expect(labels('4').map((label: any) => label.name)).toEqual(['A', 'B'])
    expect(labels('5').map((label: any) => label.name)).toEqual(['A'])
    expect(labels('6')).toBeUndefined()
    expect((GRAPH as any)['3'].inputs.input_1.connections[0].labels).toBeUndefined()
  })
})

describe('stripConnectionLabels', () => {
  it('removes every computed label, so none is stored', () => {
    const labelled = withConnectionLabels(GRAPH)
    stripConnectionLabels(labelled)
    expect(labelled).toEqual(GRAPH)
  })
})

import { describe, expect, it } from 'vitest'
import { diffGraphs, diffMaps } from './graph-diff.ts'

function node(
  id: number,
  module: string,
  params: unknown = {},
  targets: string[] = [],
  extra: Record<string, unknown> = {},
) {
  return {
    id,
    name: module,
    data: {
      id: module,
      module_type: 'action',
      name: module,
      indexed_params: params,
      saved_filters: { selector: '', value: '', operator: '', path: '' },
    },
    inputs: [],
    outputs:
      targets.length === 0
        ? []
        : { output_1: { connections: targets.map((target) => ({ node: target, output: 'input_1' })) } },
    pos_x: 0,
    pos_y: 0,
    ...extra,
  }
}

describe('diffGraphs', () => {
  it('names nodes added, removed and changed, and says when nothing changed', () => {
    const before = {
      '1': node(1, 'event-publish', [], ['2']),
      '2': node(2, 'stop-execution', { message: 'a' }),
      _frames: [],
    }
    const after = {
      '1': node(1, 'event-publish', [], ['3']),
      '3': node(3, 'webhook', { url: 'x' }),
      _frames: { f: {} },
    }
    const diff = diffGraphs(before, after)
    expect(diff.nodes.added.map((entry) => entry.id)).toEqual(['3'])
    expect(diff.nodes.removed).toEqual([
      { id: '2', module_id: 'stop-execution', module_type: 'action', name: 'stop-execution' },
    ])
    expect(diff.nodes.changed).toEqual([
      {
        id: '1',
        module_id: 'event-publish',
        module_type: 'action',
        name: 'event-publish',
        connections: { added: ['output_1 → 3'], removed: ['output_1 → 2'] },
      },
    ])
    expect(diff.isSame).toBe(false)
    expect(diffGraphs(before, structuredClone(before)).isSame).toBe(true)
  })
  it('reports parameters, filters, name, module and position of a kept node', () => {
    const before = { '2': node(2, 'tag-if', { tags: ['a'], scope: 'event' }) }
    const moved = node(2, 'tag-if', { tags: ['a', 'b'], condition: 'in_or' }, [], { pos_x: 10, name: 'Renamed' })
    moved.data.saved_filters.path = 'Tag.{n}.name'
    const [change] = diffGraphs(before, { '2': moved }).nodes.changed
    expect(change.parameters).toEqual({
      added: { condition: 'in_or' },
      removed: { scope: 'event' },
      changed: { tags: { from: ['a'], to: ['a', 'b'] } },
    })
    expect(change.filters).toEqual({ added: {}, removed: {}, changed: { path: { from: '', to: 'Tag.{n}.name' } } })
    expect(change.node_name).toEqual({ from: 'tag-if', to: 'Renamed' })
    expect(change.position).toEqual({ from: { x: 0, y: 0 }, to: { x: 10, y: 0 } })
    expect(change.module).toBeUndefined()
  })
  it('treats the list form of saved_filters and PHP’s [] for empty parameters as the object forms', () => {
    const listForm = node(1, 'event-publish', [])
    ;(listForm.data as any).saved_filters = [
      { text: 'selector', value: '' },
      { text: 'value', value: '' },
      { text: 'operator', value: '' },
      { text: 'path', value: '' },
    ]
    expect(diffGraphs({ '1': listForm }, { '1': node(1, 'event-publish', {}) }).isSame).toBe(true)
  })
})

describe('diffMaps', () => {
  it('ignores key order inside values', () => {
    expect(diffMaps({ a: { x: 1, y: 2 } }, { a: { y: 2, x: 1 } })).toEqual({ added: {}, removed: {}, changed: {} })
  })
})

import { describe, expect, it } from 'vitest'
import type { ModuleDescriptor } from '../../../../src/engine/contract/index.ts'
import { readDrawflow, writeDrawflow } from '../model/drawflow.ts'
import { findProblems } from '../model/problems.ts'
import { createCatalog, moduleOfNode } from './catalog.ts'
import {
  addNode,
  autoLayout,
  connect,
  copySelection,
  insertNodes,
  isDirty,
  initialState,
  redo,
  removeItems,
  undo,
  updateNode,
} from './editor-state.ts'
import { withParam } from '../model/params.ts'
import { testDescriptor } from '../test-descriptor.ts'

const module = testDescriptor

const catalog = createCatalog([
  module('event-publish', 'trigger', { blocking: true, misp_core_format: true }),
  module('tag-if', 'logic', {
    html_template: 'if',
    params: [
      { id: 'tags', type: 'picker', multiple: true, label: 'Tags' },
      { id: 'condition', type: 'select', default: 'in_or', options: { in_or: 'Is tagged with any' } },
    ],
  }),
  module('concurrent-task', 'logic', { outputs: 1, multiple_output_connection: true, html_template: 'concurrent' }),
  module('stop-execution', 'action', {
    outputs: 0,
    blocking: true,
    params: [{ id: 'message', type: 'input', default: 'Execution stopped' }],
  }),
  module('push-zmq', 'action'),
])
const find = (id: string) => catalog.list.find((m) => m.id === id) as ModuleDescriptor

function start() {
  const bootstrap = {
    '1': {
      id: 1,
      name: 'event-publish',
      class: 'block-type-trigger',
      typenode: false,
      data: { id: 'event-publish', module_type: 'trigger', name: 'event-publish' },
      inputs: [],
      outputs: { output_1: { connections: [] } },
      pos_x: 0,
      pos_y: 0,
    },
    _frames: [],
  }
  return initialState({ id: 1, name: 'w', trigger_id: 'event-publish' }, catalog, readDrawflow(bootstrap), null)
}

describe('editor state', () => {
  it('builds the PAP:RED/tlp:red graph with MISP node shapes and both connection ends', () => {
    let s = addNode(start(), find('tag-if'), 300, 0)
    s = addNode(s, find('stop-execution'), 600, 0)
    s = updateNode(s, '2', (node) => withParam(node, 'tags', ['PAP:RED', 'tlp:red']))
    s = connect(s, { source: '1', sourcePort: 'output_1', target: '2', targetPort: 'input_1' })
    s = connect(s, { source: '2', sourcePort: 'output_1', target: '3', targetPort: 'input_1' })
    const graph = writeDrawflow(s.doc) as Record<string, any>
    expect(Object.keys(graph)).toEqual(['1', '2', '3', '_frames'])
    expect(graph['2'].data).toMatchObject({
      id: 'tag-if',
      module_type: 'logic',
      indexed_params: { tags: ['PAP:RED', 'tlp:red'], condition: 'in_or' },
      multiple_output_connection: false,
    })
    expect(graph['2'].outputs).toEqual({
      output_1: { connections: [{ node: '3', output: 'input_1' }] },
      output_2: { connections: [] },
    })
    expect(graph['3'].inputs).toEqual({ input_1: { connections: [{ node: '2', input: 'output_1' }] } })
    expect(graph['3'].outputs).toEqual([])
    expect(graph['3'].data.indexed_params).toEqual({ message: 'Execution stopped' })
    expect(isDirty(s)).toBe(true)
  })

  it('undoes and redoes each change, and merges typing into one field', () => {
    let s = addNode(start(), find('stop-execution'), 300, 0)
    s = updateNode(s, '2', (n) => withParam(n, 'message', 'B'), 'p:2:message')
    s = updateNode(s, '2', (n) => withParam(n, 'message', 'Bl'), 'p:2:message')
    expect(s.past).toHaveLength(2)
    s = undo(s)
    expect((s.doc.nodes['2'].data.indexed_params as any).message).toBe('Execution stopped')
    s = undo(s)
    expect(s.doc.order).toEqual(['1'])
    expect(isDirty(s)).toBe(false)
    s = redo(redo(s))
    expect((s.doc.nodes['2'].data.indexed_params as any).message).toBe('Bl')
  })

  it('refuses a cycle, a second connection on one output and a connection into the trigger, saying why', () => {
    let s = addNode(addNode(start(), find('push-zmq'), 300, 0), find('push-zmq'), 600, 0)
    s = connect(s, { source: '1', sourcePort: 'output_1', target: '2', targetPort: 'input_1' })
    s = connect(s, { source: '2', sourcePort: 'output_1', target: '3', targetPort: 'input_1' })
    const cycle = connect(s, { source: '3', sourcePort: 'output_1', target: '2', targetPort: 'input_1' })
    expect(cycle.doc).toBe(s.doc)
    expect(cycle.notice?.text).toMatch(/would create a cycle/)
    const fanOut = connect(s, { source: '1', sourcePort: 'output_1', target: '3', targetPort: 'input_1' })
    expect(fanOut.notice?.text).toMatch(/already has a connection/)
    const intoTrigger = connect(s, { source: '3', sourcePort: 'output_1', target: '1', targetPort: 'input_1' })
    expect(intoTrigger.notice?.text).toMatch(/trigger/)
  })

  it('lets a concurrent task fan out and warns about a blocking module behind it', () => {
    let s = addNode(start(), find('concurrent-task'), 300, 0)
    s = addNode(addNode(s, find('stop-execution'), 600, 0), find('push-zmq'), 600, 200)
    s = connect(s, { source: '1', sourcePort: 'output_1', target: '2', targetPort: 'input_1' })
    s = connect(s, { source: '2', sourcePort: 'output_1', target: '3', targetPort: 'input_1' })
    s = connect(s, { source: '2', sourcePort: 'output_1', target: '4', targetPort: 'input_1' })
    expect(s.doc.edges).toHaveLength(3)
    const problems = findProblems(s.doc, (node) => moduleOfNode(catalog, node))
    expect(problems.map((p) => [p.severity, p.nodeKey])).toEqual([['warning', '3']])
    expect(problems[0].message).toMatch(/blocking node from a non-blocking context/)
  })

  it('never deletes the trigger, and says so', () => {
    let s = addNode(start(), find('push-zmq'), 300, 0)
    s = removeItems(s, ['1', '2'])
    expect(s.doc.order).toEqual(['1'])
    expect(s.notice?.text).toMatch(/trigger node cannot be deleted/)
  })

  it('pastes copies with new ids and only their inner connections', () => {
    let s = addNode(addNode(start(), find('tag-if'), 300, 0), find('stop-execution'), 600, 0)
    s = connect(s, { source: '1', sourcePort: 'output_1', target: '2', targetPort: 'input_1' })
    s = connect(s, { source: '2', sourcePort: 'output_1', target: '3', targetPort: 'input_1' })
    s = { ...s, selected: new Set(['1', '2', '3']) }
    const copied = copySelection(s)
    expect(copied.map((n) => n.id)).toEqual([2, 3])
    s = insertNodes(s, copied, { x: 0, y: 400 }, null)
    expect(s.doc.order).toEqual(['1', '2', '3', '4', '5'])
    expect(s.doc.edges.map((e) => e.id)).toContain('4:output_1->5:input_1')
    expect([...s.selected]).toEqual(['4', '5'])
  })

  it('lays the graph out in columns from the trigger', () => {
    let s = addNode(addNode(start(), find('tag-if'), 0, 0), find('stop-execution'), 0, 0)
    s = connect(s, { source: '1', sourcePort: 'output_1', target: '2', targetPort: 'input_1' })
    s = connect(s, { source: '2', sourcePort: 'output_1', target: '3', targetPort: 'input_1' })
    s = autoLayout(s)
    expect([1, 2, 3].map((k) => s.doc.nodes[String(k)].pos_x)).toEqual([0, 340, 680])
  })
})

/// <reference types="node" />
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type DocEdge, edgeId, readDrawflow, writeDrawflow } from './drawflow.ts'

const BLUEPRINTS = join(import.meta.dirname, '../../../../../shared/fixtures/misp-workflow-blueprints')
const files = readdirSync(BLUEPRINTS).filter((name) => name.endsWith('.json'))

function blueprintData(file: string): unknown[] {
  return JSON.parse(readFileSync(join(BLUEPRINTS, file), 'utf8')).WorkflowBlueprint.data
}

/** The blueprint's nodes as a workflow graph object keyed by node id, as a saved workflow holds them. */
function asGraph(nodes: unknown[]): Record<string, unknown> {
  const graph: Record<string, unknown> = {}
  for (const node of nodes as Array<{ id: number }>) graph[String(node.id)] = node
  graph._frames = []
  return graph
}

describe('readDrawflow / writeDrawflow', () => {
  it('reads the blueprint fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(13)
  })

  for (const file of files) {
    it(`gives back identical JSON for ${file} (blueprint node list)`, () => {
      const data = blueprintData(file)
      const text = JSON.stringify(data)
      expect(JSON.stringify(writeDrawflow(readDrawflow(JSON.parse(text))))).toBe(text)
    })
    it(`gives back identical JSON for ${file} (as a workflow graph)`, () => {
      const text = JSON.stringify(asGraph(blueprintData(file)))
      expect(JSON.stringify(writeDrawflow(readDrawflow(JSON.parse(text))))).toBe(text)
    })
  }

  it('keeps PHP empty lists and a graph without _frames as they were', () => {
    expect(writeDrawflow(readDrawflow([]))).toEqual([])
    const bootstrap = {
      '1': {
        id: 1,
        class: 'block-type-trigger',
        data: { id: 'event-publish', module_type: 'trigger' },
        inputs: [],
        outputs: { output_1: { connections: [] } },
        pos_x: 0,
        pos_y: 0,
        typenode: false,
      },
    }
    expect(JSON.stringify(writeDrawflow(readDrawflow(bootstrap)))).toBe(JSON.stringify(bootstrap))
  })

  it('writes a new connection on both ends, with MISP inverted field names', () => {
    const doc = readDrawflow(twoNodes())
    const edge: DocEdge = {
      id: edgeId('1', 'output_1', '2', 'input_1'),
      source: '1',
      sourcePort: 'output_1',
      target: '2',
      targetPort: 'input_1',
    }
    const graph = writeDrawflow({ ...doc, edges: [edge] }) as Record<string, any>
    expect(graph['1'].outputs.output_1.connections).toEqual([{ node: '2', output: 'input_1' }])
    expect(graph['2'].inputs.input_1.connections).toEqual([{ node: '1', input: 'output_1' }])
  })

  it('removes both ends of a deleted connection and drops server-computed labels', () => {
    const graph = twoNodes()
    graph['1'].outputs.output_1.connections.push({ node: '2', output: 'input_1' })
    graph['2'].inputs.input_1.connections.push({
      node: '1',
      input: 'output_1',
      labels: [{ id: 'a', name: 'Label A', variant: 'info' }],
    })
    const doc = readDrawflow(graph)
    expect(doc.edges).toHaveLength(1)
    const kept = writeDrawflow(doc) as Record<string, any>
    expect(kept['2'].inputs.input_1.connections).toEqual([{ node: '1', input: 'output_1' }])
    const removed = writeDrawflow({ ...doc, edges: [] }) as Record<string, any>
    expect(removed['1'].outputs.output_1.connections).toEqual([])
    expect(removed['2'].inputs.input_1.connections).toEqual([])
  })

  it('keeps a connection to a node outside the graph until its port is wired anew', () => {
    const graph = twoNodes() as Record<string, any>
    graph['1'].outputs.output_1.connections.push({ node: '99', output: 'input_1' })
    const doc = readDrawflow(graph)
    expect((writeDrawflow(doc) as Record<string, any>)['1'].outputs.output_1.connections).toEqual([
      { node: '99', output: 'input_1' },
    ])
    const edge: DocEdge = {
      id: edgeId('1', 'output_1', '2', 'input_1'),
      source: '1',
      sourcePort: 'output_1',
      target: '2',
      targetPort: 'input_1',
    }
    const rewired = writeDrawflow({ ...doc, edges: [edge] }) as Record<string, any>
    expect(rewired['1'].outputs.output_1.connections).toEqual([{ node: '2', output: 'input_1' }])
  })

  it('drops connections and frame members of a deleted node, and empty frames', () => {
    const graph = twoNodes() as Record<string, any>
    graph['1'].outputs.output_1.connections.push({ node: '2', output: 'input_1' })
    graph['2'].inputs.input_1.connections.push({ node: '1', input: 'output_1' })
    graph._frames = {
      f1: { id: 'f1', text: 'group', nodes: [2], class: '' },
      f2: { id: 'f2', text: 'both', nodes: [1, '2'], class: '' },
    }
    const doc = readDrawflow(graph)
    const { '2': _gone, ...rest } = doc.nodes
    const written = writeDrawflow({ ...doc, nodes: rest, order: ['1'], edges: [] }) as Record<string, any>
    expect(written['1'].outputs.output_1.connections).toEqual([])
    expect(written._frames).toEqual({ f2: { id: 'f2', text: 'both', nodes: [1], class: '' } })
  })
})

function twoNodes(): Record<string, any> {
  const node = (id: number, moduleId: string, type: string) => ({
    id,
    name: moduleId,
    data: {
      id: moduleId,
      module_type: type,
      indexed_params: [],
      saved_filters: { selector: '', value: '', operator: '', path: '' },
    },
    class: 'block-type-default',
    typenode: false,
    inputs: type === 'trigger' ? [] : { input_1: { connections: [] as unknown[] } },
    outputs: { output_1: { connections: [] as unknown[] } },
    pos_x: id * 100,
    pos_y: 0,
  })
  return { '1': node(1, 'event-publish', 'trigger'), '2': node(2, 'publish-event', 'action'), _frames: [] }
}

describe('cleanGraph', () => {
  it('leaves every blueprint fixture untouched', async () => {
    const { cleanGraph } = await import('./clean-node.ts')
    for (const file of files) {
      const graph = asGraph(blueprintData(file))
      expect(JSON.stringify(cleanGraph(graph))).toBe(JSON.stringify(graph))
    }
  })

  it('turns the server-generated trigger node into the shape MISP saves', async () => {
    const { cleanGraph } = await import('./clean-node.ts')
    const bootstrap = {
      '1': {
        id: 1,
        class: 'block-type-trigger',
        typenode: false,
        pos_x: 0,
        pos_y: 0,
        inputs: [],
        outputs: { output_1: { connections: [] } },
        data: {
          id: 'event-publish',
          module_type: 'trigger',
          name: 'Event Publish',
          version: '0.1',
          blocking: true,
          params: [],
          saved_filters: [
            { text: 'selector', value: '' },
            { text: 'value', value: '' },
            { text: 'operator', value: '' },
            { text: 'path', value: '' },
          ],
        },
      },
    }
    const cleaned = cleanGraph(bootstrap) as Record<string, any>
    expect(cleaned['1'].name).toBe('Event Publish')
    expect(cleaned['1'].data.params).toBeUndefined()
    expect(cleaned['1'].data.saved_filters).toEqual({ selector: '', value: '', operator: '', path: '' })
    expect(cleaned['1'].data).toMatchObject({
      blocking: true,
      indexed_params: [],
      module_version: '0.1',
      multiple_output_connection: false,
    })
  })
})

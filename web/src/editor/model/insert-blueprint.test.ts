/// <reference types="node" />
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { GraphNode, ModuleDescriptor } from '../../../../src/engine/contract/index.ts'
import { testDescriptor } from '../test-descriptor.ts'
import { insertBlueprint } from './insert-blueprint.ts'

const FIXTURE = join(
  import.meta.dirname,
  '../../../../../shared/fixtures/misp-workflow-blueprints/blueprint_disable-to_ids-flag-for-existing-hash-in-hashlookup_1667228944.json',
)

function descriptor(node: GraphNode): ModuleDescriptor {
  return testDescriptor(node.data.id, node.data.module_type, {
    name: String(node.data.name),
    version: '9.9',
    support_filters: true,
  })
}

describe('insertBlueprint', () => {
  const nodes = JSON.parse(readFileSync(FIXTURE, 'utf8')).WorkflowBlueprint.data as GraphNode[]

  it('skips the trigger, gives new ids after the highest in use, and keeps parameters and filters', () => {
    const inserted = insertBlueprint(nodes, ['1', '7'], { x: 100, y: 50 }, 'Hashlookup', descriptor)
    expect(inserted.nodes.map((node) => node.id)).toEqual([8, 9, 10])
    expect(inserted.nodes.map((node) => node.data.id)).toEqual([
      'attach-enrichment',
      'attribute_ids_flag_operation',
      'tag_operation',
    ])
    const source = nodes.find((node) => node.data.id === 'attribute_ids_flag_operation') as GraphNode
    expect(inserted.nodes[1].data.saved_filters).toEqual(source.data.saved_filters)
    expect(inserted.nodes[1].data.indexed_params).toEqual(source.data.indexed_params)
    expect(inserted.nodes[1].data.module_version).toBe('9.9')
  })

  it('places nodes relative to the left-most one and the first node’s y at the drop point', () => {
    const kept = nodes.filter((node) => node.data.module_type !== 'trigger')
    const minX = Math.min(...kept.map((node) => Number(node.pos_x)))
    const inserted = insertBlueprint(nodes, ['1'], { x: 100, y: 50 }, 'Hashlookup', descriptor)
    expect(inserted.nodes[0].pos_x).toBe(100 + Number(kept[0].pos_x) - minX)
    expect(inserted.nodes[0].pos_y).toBe(50)
  })

  it('re-creates only the connections inside the blueprint, remapped, and frames the nodes with the blueprint name', () => {
    const inserted = insertBlueprint(nodes, ['1'], { x: 0, y: 0 }, 'Hashlookup', descriptor)
    expect(inserted.edges.map((edge) => edge.id)).toEqual(['2:output_1->3:input_1', '3:output_1->4:input_1'])
    expect(inserted.frame).toMatchObject({ text: 'Hashlookup', nodes: [2, 3, 4], class: '' })
  })

  it('keeps a node of an unknown module as it was, with its connections emptied', () => {
    const inserted = insertBlueprint(nodes, ['1'], { x: 0, y: 0 }, 'x', () => undefined)
    expect(inserted.nodes[0].data).toEqual(nodes[1].data)
    expect(inserted.nodes[0].outputs).toEqual({ output_1: { connections: [] } })
  })
})

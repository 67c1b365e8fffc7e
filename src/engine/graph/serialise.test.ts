import { describe, expect, it } from 'vitest'
import { blueprintFiles, sharedJson } from '../../../test/harness/shared.ts'
import { parseGraph } from './parse.ts'
import { serialiseGraph, stringifyGraph } from './serialise.ts'

const scenarios: Array<{ name: string; workflow: Record<string, any> }> = sharedJson(
  'conformance/misp-oracle-scenarios.json',
).scenarios

/** Writes a parsed graph back and reads the JSON text again, as a save and a reload would. */
function roundTrip(json: unknown): unknown {
  return JSON.parse(JSON.stringify(serialiseGraph(parseGraph(json))))
}

/** A blueprint's node list as a graph keyed by node id, the way a workflow stores it. */
function blueprintGraph(blueprint: any): Record<string, unknown> {
  return Object.fromEntries(blueprint.WorkflowBlueprint.data.map((node: any) => [String(node.id), node]))
}

describe('serialiseGraph', () => {
  it('has scenarios and blueprints to round-trip', () => {
    expect(scenarios.length).toBeGreaterThan(0)
    expect(blueprintFiles().length).toBeGreaterThan(0)
  })

  for (const scenario of scenarios) {
    it(`round-trips the graph of MISP scenario ${scenario.name} to equal JSON`, () => {
      expect(roundTrip(scenario.workflow)).toEqual(scenario.workflow)
    })
  }

  for (const [file, blueprint] of blueprintFiles()) {
    it(`round-trips the node list of blueprint ${file} to equal JSON`, () => {
      const graph = blueprintGraph(blueprint)
      expect(roundTrip(graph)).toEqual(graph)
    })
  }

  it('keeps `_frames` and PHP’s `[]` for empty maps', () => {
    const workflow = scenarios[0].workflow
    expect(workflow._frames).toEqual([])
    const written = roundTrip(workflow) as Record<string, any>
    expect(written._frames).toEqual([])
    expect(written['1'].inputs).toEqual([])
    expect(written['1'].data.indexed_params).toEqual([])
  })

  it('keeps `_frames` in its object form and unknown keys', () => {
    const graph = {
      1: { id: 1, data: { id: 'event-publish', module_type: 'trigger', mine: { x: 1 } }, inputs: [], outputs: [] },
      _frames: { 'f-1': { id: 'f-1', text: 'Group', nodes: [1], class: '' } },
    }
    expect(roundTrip(graph)).toEqual(graph)
  })
})

describe('stringifyGraph', () => {
  it('gives the JSON text of the graph as it was read', () => {
    const workflow = scenarios[0].workflow
    expect(stringifyGraph(parseGraph(workflow))).toBe(JSON.stringify(workflow))
  })
})

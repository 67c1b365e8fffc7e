/**
 * The cases where MISP crashes with a PHP Error (ENGINE.md §10, MISP-SCENARIOS.md §6): Sluice
 * ends the walk with outcome `failure` and an error naming the node, and nothing after the
 * crash point runs (docs/differences-from-misp.md).
 *
 *   trigger ─► test-record (2) ─► <crashing node> (3) ─then/else─► test-record (4)
 */
import { describe, expect, it } from 'vitest'
import { runScenario, type Scenario } from '../src/conformance/index.ts'
import { buildGraph, type NodeSpec } from './harness/graph-builder.ts'

const ALL_LOGIC = ['concurrent-task', 'count-if', 'distribution-if', 'generic-filter-data', 'generic-filter-reset']
const record = (id: number, next?: number): NodeSpec => ({
  id,
  module: 'test-record',
  type: 'action',
  params: { label: `rec${id}` },
  outputs: next ? { output_1: [next] } : undefined,
})

function scenario(crashing: NodeSpec, input: unknown): Scenario {
  return {
    name: 'crash',
    trigger: 'event-publish',
    workflow_record: { id: 1, name: 'Workflow for trigger event-publish', trigger_id: 'event-publish' },
    workflow: buildGraph([
      { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } },
      record(2, 3),
      crashing,
      record(4),
    ]),
    input,
    environment: { enabled_modules: [...ALL_LOGIC, 'stop-execution', 'test-record'] },
    expected: {},
  }
}

const eventWithoutAttributes = { Event: { id: '1', info: 'x', distribution: '1', Attribute: [] } }

describe('where MISP crashes', () => {
  it('ends the run with failure at distribution-if on an event without attributes', async () => {
    const result = await runScenario(
      scenario(
        {
          id: 3,
          module: 'distribution-if',
          type: 'logic',
          params: { scope: 'attribute', condition: 'equals', distribution: '1' },
          outputs: { output_1: [4], output_2: [4] },
        },
        eventWithoutAttributes,
      ),
    )
    expect(result.outcome).toBe('failure')
    expect(Object.keys(result.recorded)).toEqual(['2'])
    expect(result.errors).toHaveLength(1)
    expect(result.errors[0]).toMatch(
      /^Node `distribution-if` \(3\) from Workflow `Workflow for trigger event-publish` \(1\) returned the following error: Error while executing module distribution-if\. Error: .*attribute/,
    )
  })

  it('ends the run with failure when a single filter label is reset and no filter is set', async () => {
    const result = await runScenario(
      scenario(
        {
          id: 3,
          module: 'generic-filter-reset',
          type: 'logic',
          params: { 'filtering-label': 'A' },
          outputs: { output_1: [4] },
        },
        eventWithoutAttributes,
      ),
    )
    expect(result.outcome).toBe('failure')
    expect(Object.keys(result.recorded)).toEqual(['2'])
    expect(result.errors[0]).toContain('Cannot remove filter `A`: no filter is active')
  })

  it('ends the run with failure at a connection to a node that does not exist', async () => {
    const result = await runScenario(scenario({ ...record(3), outputs: { output_1: [99] } }, eventWithoutAttributes))
    expect(result.outcome).toBe('failure')
    expect(Object.keys(result.recorded).sort()).toEqual(['2', '3'])
    expect(result.errors).toEqual(['Node 99 does not exist (connected from node 3)'])
  })

  it('keeps MISP’s result for reset `all` with no filter set: the data becomes {enabledFilters: []}', async () => {
    const result = await runScenario(
      scenario(
        {
          id: 3,
          module: 'generic-filter-reset',
          type: 'logic',
          params: { 'filtering-label': 'all' },
          outputs: { output_1: [4] },
        },
        eventWithoutAttributes,
      ),
    )
    expect(result.outcome).toBe('success')
    expect(result.recorded['4'][0].view).toMatchObject({ top_keys: ['enabledFilters'], event_id: null })
  })
})

/**
 * Hand-built MISP scenarios (conformance/MISP-SCENARIOS.md format) for cases the published
 * oracle file does not cover, run through the same scenario runner. Only results the spec or
 * the scenario notes state outright are asserted: ENGINE.md §10 and MISP-SCENARIOS.md §6 for
 * the reset quirks; HASHPATH.md §9–§11 (`Hash::extract(array $data, …)` type hint, `extractData`
 * catching only `Exception`) for the crashes, which Sluice must turn into a clean `failure`.
 */
import { describe, expect, it } from 'vitest'
import { runScenario, type Scenario } from '../src/conformance/index.ts'
import { buildGraph, type NodeSpec } from './harness/graph-builder.ts'
import { sharedJson } from './harness/shared.ts'

const file = sharedJson<{ scenarios: Scenario[] }>('conformance/misp-oracle-scenarios.json')
const base = file.scenarios.find((scenario) => scenario.name === 'filter-reset-unused-label') as Scenario

/** A node in this file's compact form: `next` lists the targets of `output_1`. */
type ScenarioNode = Omit<NodeSpec, 'outputs'> & { next?: number[] }

const RECORD_DEFAULTS = {
  label: '',
  return: '1',
  error_message: '',
  throw: '',
  set_path: '',
  set_value: '',
  digest_path: '',
  record_full: '0',
}

/** The base scenario (an event-publish of event 42) with another graph; the trigger node is the base's. */
function scenarioWith(nodes: ScenarioNode[]): Scenario {
  const graph = buildGraph(
    nodes.map(({ next, ...spec }) => ({
      ...spec,
      params: spec.module === 'test-record' ? { ...RECORD_DEFAULTS, ...spec.params } : (spec.params ?? {}),
      outputs: { output_1: next ?? [] },
      data: { name: spec.module },
    })),
  )
  for (const spec of nodes) {
    if (spec.type === 'trigger')
      graph[String(spec.id)] = { ...base.workflow['1'], outputs: graph[String(spec.id)].outputs }
  }
  return { ...base, name: 'hand-built', workflow: { _frames: [], ...graph } as Scenario['workflow'] }
}

const TRIGGER: ScenarioNode = { id: 1, module: 'event-publish', type: 'trigger', next: [2] }

describe('hand-built scenarios: path filter resets (ENGINE.md §10, MISP-SCENARIOS.md §6)', () => {
  it('reset `all` with no filter set replaces the data by {enabledFilters: []}', async () => {
    const result = await runScenario(
      scenarioWith([
        TRIGGER,
        { id: 2, module: 'generic-filter-reset', type: 'logic', params: { 'filtering-label': 'all' }, next: [3] },
        { id: 3, module: 'test-record', type: 'action', params: { label: 'rec3' } },
      ]),
    )
    expect(result.outcome).toBe('success')
    const [record] = result.recorded['3']
    expect(record.view).toMatchObject({ top_keys: ['enabledFilters'], event_id: null, has_unfiltered_data: false })
    expect(record.view.enabled_filters).toEqual({})
    expect(record.matching.values).toEqual([])
  })

  it('reset of one label with no filter set is a MISP crash: a clean failure, nothing after it runs', async () => {
    const result = await runScenario(
      scenarioWith([
        TRIGGER,
        { id: 2, module: 'generic-filter-reset', type: 'logic', params: { 'filtering-label': 'B' }, next: [3] },
        { id: 3, module: 'test-record', type: 'action', params: { label: 'rec3' } },
      ]),
    )
    expect(result.outcome).toBe('failure')
    expect(result.recorded).toEqual({})
  })
})

describe('hand-built scenarios: Hash::extract on a value that is not an array (HASHPATH.md §10, §11)', () => {
  it('a path filter whose items are strings, with a hash path, crashes MISP where the view is first read', async () => {
    // MISP computes the filtered view right after the filter node (the debug-post argument of
    // executeNode), so it crashes before the stop-execution node: no `blocked` outcome.
    const result = await runScenario(
      scenarioWith([
        TRIGGER,
        {
          id: 2,
          module: 'generic-filter-data',
          type: 'logic',
          params: {
            'filtering-label': 'A',
            selector: 'Event.Tag.{n}.name',
            value: 'tlp:red',
            value_list: '',
            operator: 'in',
            hash_path: 'name',
          },
          next: [3],
        },
        { id: 3, module: 'stop-execution', type: 'action', params: { message: 'stopped' }, next: [4] },
        { id: 4, module: 'test-record', type: 'action', params: { label: 'rec4' } },
      ]),
    )
    expect(result.outcome).toBe('failure')
    expect(result.success).toBe(false)
    expect(result.recorded).toEqual({})
  })

  it('a path filter whose items are strings, with an empty hash path, compares each string itself', async () => {
    const result = await runScenario(
      scenarioWith([
        TRIGGER,
        {
          id: 2,
          module: 'generic-filter-data',
          type: 'logic',
          params: {
            'filtering-label': 'A',
            selector: 'Event.Tag.{n}.name',
            value: 'tlp:red',
            value_list: '',
            operator: 'not_in',
            hash_path: '',
          },
          next: [3],
        },
        { id: 3, module: 'test-record', type: 'action', params: { label: 'rec3' } },
      ]),
    )
    // `not_in` needs an array; a string item is not one, so every tag is dropped.
    expect(result.outcome).toBe('success')
    expect(result.recorded['3'][0].view.enabled_filters).toMatchObject({ A: { operator: 'not_in' } })
  })

  it('node filters whose selected items are strings, with a path, crash MISP before the module records anything', async () => {
    const result = await runScenario(
      scenarioWith([
        TRIGGER,
        {
          id: 2,
          module: 'test-record',
          type: 'action',
          params: { label: 'rec2' },
          filters: { selector: 'Event.Tag.{n}.name', value: 'tlp:red', operator: 'in', path: 'name' },
          next: [3],
        },
        { id: 3, module: 'test-record', type: 'action', params: { label: 'rec3' } },
      ]),
    )
    expect(result.outcome).toBe('failure')
    expect(result.recorded).toEqual({})
  })

  it('an IF whose hash path applies a regex matcher to an array-valued field crashes MISP (preg_match TypeError)', async () => {
    const scenario = scenarioWith([
      TRIGGER,
      {
        id: 2,
        module: 'generic-if',
        type: 'logic',
        params: {
          value: 'x',
          value_list: '',
          operator: 'in',
          hash_path: 'Event._AttributeFlattened.{n}[Tag=/tlp/].value',
        },
        next: [3],
      },
      { id: 3, module: 'test-record', type: 'action', params: { label: 'then' } },
      { id: 4, module: 'test-record', type: 'action', params: { label: 'else' } },
    ])
    const result = await runScenario(withElse(scenario, 2, 4))
    // Not the else branch, as for an ordinary exception: MISP never gets that far.
    expect(result.outcome).toBe('failure')
    expect(result.recorded).toEqual({})
  })
})

describe('hand-built scenarios: concurrent-task', () => {
  it('a concurrent-task node without `output_1` crashes MISP (null passed to `array $connections`)', async () => {
    const scenario = scenarioWith([TRIGGER, { id: 2, module: 'concurrent-task', type: 'logic' }])
    ;(scenario.workflow['2'] as { outputs: unknown }).outputs = []
    const result = await runScenario(scenario)
    expect(result.outcome).toBe('failure')
    expect(result.enqueued).toEqual([])
  })

  it('a concurrent-task node whose `output_1` has no connection enqueues nothing and succeeds', async () => {
    const result = await runScenario(scenarioWith([TRIGGER, { id: 2, module: 'concurrent-task', type: 'logic' }]))
    expect(result.outcome).toBe('success')
    expect(result.enqueued).toEqual([])
  })
})

/** Connects `output_2` of node `from` to node `to`. */
function withElse(scenario: Scenario, from: number, to: number): Scenario {
  const node = scenario.workflow[String(from)] as { outputs: Record<string, unknown> }
  node.outputs.output_2 = { connections: [{ node: String(to), output: 'input_1' }] }
  return scenario
}

describe('hand-built scenarios: the test-record module reads its parameters as PHP does (MISP-SCENARIOS.md §2.1)', () => {
  it('returns `return == "1"` loosely, and treats "0" as an empty `throw` or `error_message`', async () => {
    const result = await runScenario(
      scenarioWith([
        TRIGGER,
        {
          id: 2,
          module: 'test-record',
          type: 'action',
          params: { label: 'loose', return: '01', throw: '0', error_message: '0' },
          next: [3],
        },
        { id: 3, module: 'test-record', type: 'action', params: { label: 'after', return: '1.0' } },
      ]),
    )
    expect(result.outcome).toBe('success')
    expect(result.errors).toEqual([])
    expect(Object.keys(result.recorded)).toEqual(['2', '3'])
  })
})

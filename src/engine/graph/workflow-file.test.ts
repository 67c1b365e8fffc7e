import { describe, expect, it } from 'vitest'
import { buildGraph } from '../../../test/harness/graph-builder.ts'
import { blueprintFiles } from '../../../test/harness/shared.ts'
import { UserError } from '../../errors.ts'
import { createBuiltinRegistry } from '../../modules/index.ts'
import { parseGraph } from './parse.ts'
import { validateGraph } from './validate.ts'
import { blueprintTrigger, loadWorkflowJson } from './workflow-file.ts'

const registry = createBuiltinRegistry()
const triggers = (id: string) => registry.trigger(id)?.descriptor

const blueprints = new Map(blueprintFiles())
const TLP_CLEAR = blueprints.get('blueprint_attach-tlp_clear-on-tlp_white_1661328256.json')
const PAP_RED = blueprints.get('blueprint_pap_red-and-tlp_red-blocking_1661328258.json')
const BGP_RANKING = blueprints.get('blueprint_set-tag-based-on-bgp-ranking-maliciousness-level_1668498668.json')
const CURATION = blueprints.get('blueprint_curation---allow-curation-process.json')

const graph = () =>
  buildGraph([
    { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } },
    { id: 2, module: 'stop-execution', type: 'action' },
  ])

/** Runs `loadWorkflowJson` and returns the error it throws. */
function loadError(json: unknown, triggerId?: string): UserError {
  try {
    loadWorkflowJson(json, triggerId, triggers)
  } catch (error) {
    return error as UserError
  }
  throw new Error('loadWorkflowJson did not throw')
}

const outputTargets = (node: any) => node.outputs.output_1.connections.map((c: { node: unknown }) => c.node)

describe('loadWorkflowJson', () => {
  it('takes a workflow record as it is', () => {
    const record = { id: 5, name: 'Block red', trigger_id: 'event-publish', counter: 3, data: graph() }
    expect(loadWorkflowJson(record, undefined, triggers)).toEqual({ kind: 'record', record })
  })

  it('takes the trigger of a record without `trigger_id` from its trigger node', () => {
    const { record } = loadWorkflowJson({ name: 'Block red', data: graph() }, undefined, triggers)
    expect(record).toEqual({ id: 1, name: 'Block red', trigger_id: 'event-publish', data: graph() })
  })

  it('unwraps a `{Workflow: …}` record whose `data` is a JSON string, as MISP’s API returns it', () => {
    const json = {
      Workflow: { id: '12', name: 'From MISP', trigger_id: 'event-publish', data: JSON.stringify(graph()) },
    }
    expect(loadWorkflowJson(json, undefined, triggers)).toEqual({
      kind: 'record',
      record: { id: '12', name: 'From MISP', trigger_id: 'event-publish', data: graph() },
    })
  })

  it('names the field when a record’s `data` string is not JSON', () => {
    const error = loadError({ Workflow: { name: 'x', trigger_id: 'event-publish', data: '{"1":' } })
    expect(error).toBeInstanceOf(UserError)
    expect(error.code).toBe('SLC_BAD_JSON')
    expect(error.message).toContain('`Workflow.data`')
  })

  it('lets `--trigger` override a record’s `trigger_id`', () => {
    const record = { name: 'x', trigger_id: 'event-publish', data: graph() }
    expect(loadWorkflowJson(record, 'event-after-save', triggers).record.trigger_id).toBe('event-after-save')
  })

  it('wraps a bare graph into a record on its trigger node’s trigger', () => {
    expect(loadWorkflowJson(graph(), undefined, triggers)).toEqual({
      kind: 'graph',
      record: { id: 1, name: 'Workflow for trigger event-publish', trigger_id: 'event-publish', data: graph() },
    })
  })

  it('wraps a bare graph without a trigger node on the `--trigger` given', () => {
    const data = buildGraph([{ id: 2, module: 'stop-execution', type: 'action' }])
    const { kind, record } = loadWorkflowJson(data, 'event-publish', triggers)
    expect(kind).toBe('graph')
    expect(record.trigger_id).toBe('event-publish')
    expect(record.data).toBe(data)
  })

  it('rejects a bare graph without a trigger node when no trigger is given', () => {
    const error = loadError(buildGraph([{ id: 2, module: 'stop-execution', type: 'action' }]))
    expect(error).toBeInstanceOf(UserError)
    expect(error.code).toBe('SLC_NO_TRIGGER')
    expect(error.message).toContain('--trigger')
  })

  it('rejects a file that is not a JSON object', () => {
    for (const json of ['workflow', 12, null]) {
      const error = loadError(json)
      expect(error).toBeInstanceOf(UserError)
      expect(error.code).toBe('SLC_WORKFLOW_INVALID')
    }
  })

  /*
   *   blueprint:        56 tag_operation ──► 55 tag_operation
   *   wrapped:   1 ──►  56 tag_operation ──► 55 tag_operation
   */
  it('wraps a blueprint on the trigger named by `[trigger]` in its description, before its root node', () => {
    const { kind, record } = loadWorkflowJson(TLP_CLEAR, undefined, triggers)
    expect(kind).toBe('blueprint')
    expect(record.id).toBe(1)
    expect(record.name).toBe(TLP_CLEAR.WorkflowBlueprint.name)
    expect(record.trigger_id).toBe('event-publish')
    const data = record.data as Record<string, any>
    expect(Object.keys(data).sort()).toEqual(['1', '55', '56'])
    const { params: _params, ...descriptor } = triggers('event-publish') ?? {}
    expect(data['1']).toEqual({
      id: 1,
      name: 'Event Publish',
      data: {
        ...descriptor,
        indexed_params: [],
        saved_filters: { selector: '', value: '', operator: '', path: '' },
        multiple_output_connection: false,
      },
      class: 'block-type-trigger',
      typenode: false,
      inputs: [],
      outputs: { output_1: { connections: [{ node: '56', output: 'input_1' }] } },
      pos_x: 0,
      pos_y: 0,
    })
    expect(data['55']).toEqual(TLP_CLEAR.WorkflowBlueprint.data.find((n: any) => n.id === 55))
    expect(validateGraph(parseGraph(data), { catalogue: registry, triggerId: 'event-publish' })).toEqual([])
  })

  it('does not change the blueprint it wraps', () => {
    const before = structuredClone(BGP_RANKING)
    loadWorkflowJson(BGP_RANKING, 'event-after-save', triggers)
    loadWorkflowJson(PAP_RED, undefined, triggers)
    expect(BGP_RANKING).toEqual(before)
  })

  it('lets `--trigger` override the trigger a blueprint names', () => {
    const { record } = loadWorkflowJson(PAP_RED, 'event-publish', triggers)
    expect(record.trigger_id).toBe('event-publish')
    expect((record.data as Record<string, any>)['1'].data.id).toBe('event-publish')
  })

  it('gives a blueprint’s own trigger node the descriptor of the trigger given', () => {
    const { record } = loadWorkflowJson(BGP_RANKING, 'event-after-save', triggers)
    const data = record.data as Record<string, any>
    const own = BGP_RANKING.WorkflowBlueprint.data.find((n: any) => n.data.module_type === 'trigger')
    expect(Object.keys(data).sort()).toEqual(['1', '28', '29', '30'])
    expect(data['1'].data.id).toBe('event-after-save')
    expect(data['1'].data.scope).toBe(triggers('event-after-save')?.scope)
    expect(data['1'].data.blocking).toBe(triggers('event-after-save')?.blocking)
    expect(data['1'].data.node_uid).toBe(own.data.node_uid)
    expect(data['1'].data).not.toHaveProperty('params')
    expect(data['1'].outputs).toEqual(own.outputs)
    expect(validateGraph(parseGraph(data), { catalogue: registry, triggerId: 'event-after-save' })).toEqual([])
  })

  /*
   *   blueprint:   ("1", outside) ──► 53 tag-if ──► 54 stop-execution
   *   wrapped:      1 trigger     ──► 53 tag-if ──► 54 stop-execution
   */
  it('connects a new trigger node to the blueprint node attached to external node "1"', () => {
    const { record } = loadWorkflowJson(PAP_RED, undefined, triggers)
    expect(record.trigger_id).toBe('enrichment-before-query')
    const data = record.data as Record<string, any>
    expect(Object.keys(data).sort()).toEqual(['1', '53', '54'])
    expect(data['1'].data.id).toBe('enrichment-before-query')
    expect(outputTargets(data['1'])).toEqual(['53'])
    expect(validateGraph(parseGraph(data), { catalogue: registry, triggerId: 'enrichment-before-query' })).toEqual([])
  })

  it('connects the new trigger node to the nodes attached outside even when a root exists', () => {
    const nodes = [
      { id: 1, data: { id: 'tag_operation', module_type: 'action' }, inputs: [], outputs: [] },
      {
        id: 2,
        data: { id: 'tag_operation', module_type: 'action' },
        inputs: { input_1: { connections: [{ node: '7', input: 'output_1' }] } },
        outputs: [],
      },
    ]
    const { record } = loadWorkflowJson({ WorkflowBlueprint: { name: 'b', data: nodes } }, 'event-publish', triggers)
    const data = record.data as Record<string, any>
    expect(Object.keys(data).sort()).toEqual(['1', '2', '3'])
    expect(data['3'].id).toBe(3)
    expect(data['3'].data.module_type).toBe('trigger')
    expect(outputTargets(data['3'])).toEqual(['2'])
  })

  it('connects the new trigger node to every root when nothing is attached outside', () => {
    const nodes = [
      { id: 4, data: { id: 'tag_operation', module_type: 'action' }, inputs: [], outputs: [] },
      { id: 5, data: { id: 'tag_operation', module_type: 'action' }, inputs: [], outputs: [] },
    ]
    const { record } = loadWorkflowJson({ WorkflowBlueprint: { name: 'b', data: nodes } }, 'event-publish', triggers)
    const trigger = (record.data as Record<string, any>)['1']
    expect(outputTargets(trigger)).toEqual(['4', '5'])
    expect(trigger.data.multiple_output_connection).toBe(true)
  })

  it('reads a blueprint whose `data` is a JSON string', () => {
    const json = {
      WorkflowBlueprint: { ...CURATION.WorkflowBlueprint, data: JSON.stringify(CURATION.WorkflowBlueprint.data) },
    }
    const { record } = loadWorkflowJson(json, 'event-publish', triggers)
    expect(Object.keys(record.data as object).sort()).toEqual(['1', '78'])
  })

  it('rejects a blueprint that names no trigger when none is given', () => {
    const error = loadError(CURATION)
    expect(error).toBeInstanceOf(UserError)
    expect(error.code).toBe('SLC_NO_TRIGGER')
    expect(error.message).toContain(CURATION.WorkflowBlueprint.name)
  })

  it('rejects a blueprint on an unknown trigger', () => {
    const error = loadError(TLP_CLEAR, 'no-such-trigger')
    expect(error).toBeInstanceOf(UserError)
    expect(error.code).toBe('SLC_UNKNOWN_TRIGGER')
    expect(error.message).toBe('Unknown trigger no-such-trigger')
  })

  it('rejects a blueprint whose `data` is not a list', () => {
    const error = loadError({ WorkflowBlueprint: { name: 'b', data: { 1: {} } } }, 'event-publish')
    expect(error).toBeInstanceOf(UserError)
    expect(error.code).toBe('SLC_WORKFLOW_INVALID')
  })

  it('rejects a blueprint node without an `id`', () => {
    const error = loadError({ WorkflowBlueprint: { name: 'b', data: [{ data: {} }] } }, 'event-publish')
    expect(error.code).toBe('SLC_WORKFLOW_INVALID')
    expect(error.message).toContain('node 0')
  })
})

describe('blueprintTrigger', () => {
  it('reads the trigger id in brackets at the start of the description', () => {
    expect(blueprintTrigger('[event-publish]\r\nAttach the tag')).toBe('event-publish')
    expect(blueprintTrigger('[enrichment-before-query] Blocks')).toBe('enrichment-before-query')
  })

  it('allows leading white space', () => {
    expect(blueprintTrigger('  \n[event-publish] x')).toBe('event-publish')
  })

  it('finds nothing when the brackets are not at the start', () => {
    expect(blueprintTrigger('Runs on [event-publish]')).toBeUndefined()
  })

  it('finds nothing in brackets that do not hold a trigger id', () => {
    expect(blueprintTrigger('[Event Publish] x')).toBeUndefined()
    expect(blueprintTrigger('[] x')).toBeUndefined()
  })

  it('finds nothing in a description that is not a string', () => {
    for (const description of [undefined, null, 3, ['[event-publish]']]) {
      expect(blueprintTrigger(description)).toBeUndefined()
    }
  })

  it('reads the trigger of every MISP blueprint that names one', () => {
    const named = [...blueprints].map(([file, json]) => [file, blueprintTrigger(json.WorkflowBlueprint.description)])
    expect(named.filter(([, trigger]) => trigger !== undefined)).toEqual([
      ['blueprint_attach-tlp_clear-on-tlp_white_1661328256.json', 'event-publish'],
      ['blueprint_disable-to_ids-flag-for-existing-hash-in-hashlookup_1667228944.json', 'event-publish'],
      ['blueprint_pap_red-and-tlp_red-blocking_1661328258.json', 'enrichment-before-query'],
      ['blueprint_set-tag-based-on-bgp-ranking-maliciousness-level_1668498668.json', 'event-publish'],
    ])
  })
})

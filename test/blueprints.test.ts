/**
 * MISP's published blueprints (shared/fixtures/misp-workflow-blueprints): each parses,
 * validates, round-trips to equal JSON, and runs wrapped into a workflow on its trigger.
 */
import { describe, expect, it } from 'vitest'
import {
  blueprintTrigger,
  loadWorkflowJson,
  parseGraph,
  runWorkflow,
  serialiseGraph,
  validateGraph,
} from '../src/engine/index.ts'
import { createBuiltinRegistry } from '../src/modules/index.ts'
import { blueprintFiles, reginEvent } from './harness/shared.ts'

const registry = createBuiltinRegistry()
const triggers = (id: string) => registry.trigger(id)?.descriptor
const PAP_RED_BLUEPRINT = 'blueprint_pap_red-and-tlp_red-blocking_1661328258.json'

function tag(name: string) {
  return { id: '900', name, colour: '#CC0033', exportable: true }
}

describe('MISP blueprints', () => {
  for (const [file, json] of blueprintFiles()) {
    describe(file, () => {
      const trigger = blueprintTrigger(json.WorkflowBlueprint.description) ?? 'event-publish'

      it('round-trips its node list to equal JSON', () => {
        const text = JSON.stringify(json)
        expect(JSON.parse(text)).toEqual(json)
        const graph = parseGraph(
          Object.fromEntries(json.WorkflowBlueprint.data.map((node: any) => [String(node.id), node])),
        )
        expect(serialiseGraph(graph)).toEqual(
          Object.fromEntries(json.WorkflowBlueprint.data.map((node: any) => [String(node.id), node])),
        )
      })

      it(`wraps into a valid workflow on ${trigger} whose modules are all known`, () => {
        const { record } = loadWorkflowJson(json, trigger, triggers)
        const problems = validateGraph(parseGraph(record.data), { catalogue: registry, triggerId: trigger })
        expect(problems).toEqual([])
        expect(JSON.parse(JSON.stringify(record.data))).toEqual(record.data)
      })

      it('runs on the OSINT Regin event without throwing, with an outcome MISP would give', async () => {
        const { record } = loadWorkflowJson(json, trigger, triggers)
        const run = await runWorkflow({ catalogue: registry, workflow: record, triggerId: trigger, data: reginEvent() })
        // None of these blueprints stops this event: it carries neither PAP:RED nor tlp:red.
        expect(run.outcome).toBe('success')
        expect(run.trace.length).toBeGreaterThan(0)
      })
    })
  }
})

describe(`${PAP_RED_BLUEPRINT} on event-publish`, () => {
  const json = blueprintFiles().find(([name]) => name === PAP_RED_BLUEPRINT)![1]
  const { record } = loadWorkflowJson(json, 'event-publish', triggers)
  const publish = (event: any) =>
    runWorkflow({ catalogue: registry, workflow: record, triggerId: 'event-publish', data: event })

  it('lets the untagged OSINT event through', async () => {
    expect((await publish(reginEvent())).outcome).toBe('success')
  })

  it('blocks an event with tlp:red on one attribute, with MISP’s error line', async () => {
    const event = reginEvent()
    event.Event.Attribute[5].Tag = [tag('tlp:red')]
    const run = await publish(event)
    expect(run.outcome).toBe('blocked')
    expect(run.errors).toEqual([
      'Node `stop-execution` (54) from Workflow `PAP:RED and tlp:red Blocking` (1) returned the following error: Execution stopped',
    ])
  })

  it('blocks an event with PAP:RED on one attribute', async () => {
    const event = reginEvent()
    event.Event.Attribute[0].Tag = [tag('PAP:RED')]
    expect((await publish(event)).outcome).toBe('blocked')
  })

  it('blocks an event tagged tlp:red itself, since attributes inherit event tags', async () => {
    const event = reginEvent()
    event.Event.Tag.push(tag('tlp:red'))
    expect((await publish(event)).outcome).toBe('blocked')
  })

  it('blocks tlp:red on an object attribute', async () => {
    const event = reginEvent()
    event.Event.Object = [
      {
        id: '5',
        name: 'file',
        uuid: 'b0000000-0000-4000-8000-000000000005',
        Attribute: [{ id: '9', type: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e', Tag: [tag('tlp:red')] }],
      },
    ]
    expect((await publish(event)).outcome).toBe('blocked')
  })

  it('lets tlp:white, tlp:amber and pap:red (wrong case) through', async () => {
    const event = reginEvent()
    event.Event.Attribute[0].Tag = [tag('tlp:white')]
    event.Event.Attribute[1].Tag = [tag('tlp:amber')]
    event.Event.Attribute[2].Tag = [tag('pap:red')]
    expect((await publish(event)).outcome).toBe('success')
  })
})

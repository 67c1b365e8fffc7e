/**
 * Conformance audit of trigger data normalisation for the triggers the published oracle
 * scenarios barely cover (spec/ENGINE.md §2.4, §4.1.1; spec/CORE-FORMAT.md §6). Each run goes
 * through the same scenario runner as MISP's oracle scenarios (conformance/MISP-SCENARIOS.md §2):
 * the trigger, then one `test-record` node that records the view the walk handed it.
 *
 *     [1 trigger] ──output_1──▶ [2 test-record]
 */
import { describe, expect, it } from 'vitest'
import { runScenario, type Scenario } from '../src/conformance/index.ts'
import { inMemoryLookups, normaliseForTrigger } from '../src/format/index.ts'
import { buildGraph } from './harness/graph-builder.ts'

const ENABLED = ['test-record', 'stop-execution']

/** A scenario that fires `trigger` with `input` at a trigger node with `params`, then records. */
function scenario(trigger: string, input: unknown, params: Record<string, unknown> = {}): Scenario {
  const workflow = buildGraph([
    { id: 1, module: trigger, type: 'trigger', params, outputs: { output_1: [2] } },
    { id: 2, module: 'test-record', type: 'action', params: { label: 'seen', return: '1' } },
  ])
  return {
    name: `audit-${trigger}`,
    trigger,
    workflow_record: { id: 1, name: `Workflow for trigger ${trigger}`, trigger_id: trigger, counter: 0 },
    workflow,
    input,
    environment: { enabled_modules: ENABLED },
    expected: {},
  }
}

const TYPE_ERROR = 'Cannot access offset of type string on string'
const NORMALISE_THREW = `failure Error while normalizing data for trigger. Error:\n${TYPE_ERROR}`

// spec/ENGINE.md §2.2 step 3: a throwing `normalizeData` ends the run as a failure, no node runs.
// PHP 8 throws a TypeError when a string is read with a named offset (`"x"['event_id']`), so each
// of these raw shapes fails in MISP before any look-up, where a port reading JavaScript properties
// would quietly see `undefined` and walk the graph.
const STRING_WHERE_MISP_READS_AN_OFFSET: Array<[string, unknown, string]> = [
  ['tag-attached-after-save', { Tag: 'tlp:red' }, 'Tag.event_id'],
  ['shadow-attribute-before-save', { ShadowAttribute: '198.51.100.7' }, 'ShadowAttribute.old_id'],
  ['shadow-attribute-after-save', { ShadowAttribute: '198.51.100.7' }, 'ShadowAttribute.old_id'],
  ['event-report-after-save', { EventReport: '# report' }, 'EventReport.event_id'],
  ['post-after-save', { Post: 'hello' }, 'Post.thread_id'],
  ['sighting-after-save', { Sighting: { Event: '42', Attribute: { id: '101' } } }, 'Sighting.Event.id'],
  ['sighting-after-save', { Sighting: { Event: { id: '42' }, Attribute: '101' } }, 'Sighting.Attribute.id'],
]

describe('trigger normalisation audit: strings where MISP reads an offset (spec/ENGINE.md §2.2 step 3, §4.1.1)', () => {
  for (const [trigger, input, read] of STRING_WHERE_MISP_READS_AN_OFFSET) {
    it(`${trigger} fails normalisation when ${read} is read from a string, as PHP 8 does`, async () => {
      const result = await runScenario(scenario(trigger, input, { scope: 'any', locality: 'any', tag: '' }))
      expect(result.outcome).toBe('failure')
      expect(result.success).toBe(false)
      expect(result.outcome_text).toBe(NORMALISE_THREW)
      expect(result.executed_nodes).toEqual([])
      expect(result.recorded).toEqual({})
    })
  }

  it('a number or boolean in those places reads as null, as PHP only warns: the walk runs on a not-found event', async () => {
    const lookups = inMemoryLookups()
    expect(await normaliseForTrigger('tag-attached-after-save', { Tag: true }, lookups)).toEqual({
      Event: { _AttributeFlattened: [] },
    })
    expect(await normaliseForTrigger('event-report-after-save', { EventReport: 7 }, lookups)).toEqual({
      Event: { EventReport: [7], _AttributeFlattened: [] },
    })
    expect(await normaliseForTrigger('post-after-save', { Post: 5 }, lookups)).toEqual({ Post: 5, Thread: [] })
    const result = await runScenario(scenario('shadow-attribute-after-save', { ShadowAttribute: 1 }))
    expect(result.outcome).toBe('success')
    expect(result.executed_nodes).toEqual(['2'])
  })

  it('an empty string is empty(), so normalisation returns false (invalid input) before any read', async () => {
    const result = await runScenario(scenario('event-report-after-save', { EventReport: '' }))
    expect(result.outcome_text).toBe('failure Error while normalizing data for trigger. Invalid input.')
  })
})

// spec/ENGINE.md §4.1.1 tag-attached-after-save trigger conditions: MISP compares the node's
// parameters with PHP's loose `==` / `!=`, so numeric strings compare as numbers.
describe('trigger normalisation audit: tag-attached-after-save conditions compare loosely (spec/ENGINE.md §4.1.1)', () => {
  const tagOn = (name: unknown) => ({ Tag: { id: '9', name, event_id: '42', local: true } })

  it('runs for a tag named "1000" when the node asks for "1e3", as PHP 8 "1000" == "1e3" holds', async () => {
    const result = await runScenario(scenario('tag-attached-after-save', tagOn('1000'), { tag: '1e3' }))
    expect(result.outcome).toBe('success')
    expect(result.executed_nodes).toEqual(['2'])
  })

  it('runs for a tag named "07" when the node asks for "7", and not for "7a"', async () => {
    expect((await runScenario(scenario('tag-attached-after-save', tagOn('07'), { tag: '7' }))).executed_nodes).toEqual([
      '2',
    ])
    const other = await runScenario(scenario('tag-attached-after-save', tagOn('7a'), { tag: '7' }))
    expect(other.outcome_text).toBe('failure Conditions on the trigger are not satisfied to continue the execution')
  })

  it('still tells apart names that differ only in case or spacing', async () => {
    const result = await runScenario(scenario('tag-attached-after-save', tagOn('tlp:red'), { tag: 'TLP:RED' }))
    expect(result.executed_nodes).toEqual([])
  })
})

// spec/CORE-FORMAT.md §3.1 "`_allTags`": MISP hands `Event.Tag` to a helper typed `array`, once
// per attribute (and per object). A submitted event whose `Tag` is a plain string therefore fails
// normalisation when it has attributes, and converts untouched when it has none.
describe('trigger normalisation audit: event-before-save with a scalar Event.Tag (spec/CORE-FORMAT.md §3.1)', () => {
  const submitted = (extra: Record<string, unknown>) => ({
    Event: { uuid: '5d1e2b7a-3c4f-4e1a-9b2c-0000000000aa', info: 'Draft', Tag: 'tlp:red', ...extra },
  })

  it('fails normalisation when there is an attribute to give _allTags, as PHP raises a TypeError', async () => {
    const result = await runScenario(scenario('event-before-save', submitted({ Attribute: [{ value: 'x' }] })))
    expect(result.outcome).toBe('failure')
    expect(result.outcome_text).toMatch(/^failure Error while normalizing data for trigger\. Error:\n/)
    expect(result.recorded).toEqual({})
  })

  it('fails the same way when only an object carries attributes', async () => {
    const input = submitted({ Object: [{ name: 'file', Attribute: [{ value: 'y' }] }] })
    const result = await runScenario(scenario('event-before-save', input))
    expect(result.outcome_text).toMatch(/^failure Error while normalizing data for trigger\. Error:\n/)
  })

  it('walks with the string Tag kept when there is nothing to tag', async () => {
    const result = await runScenario(scenario('event-before-save', submitted({ Attribute: [] })))
    expect(result.outcome).toBe('success')
    const [record] = result.recorded['2']
    expect(record.view.event_info).toBe('Draft')
    expect(record.view.flattened).toEqual([])
  })
})

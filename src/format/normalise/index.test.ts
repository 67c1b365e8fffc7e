import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { deepFreeze, quickEvent, simpleEvent } from '../__fixtures__/rows.ts'
import { inMemoryLookups } from '../in-memory-lookups.ts'
import type { ObjectSimpleRow, SimpleEventRow } from '../lookups.ts'
import type { PhpMap } from '../types.ts'
import { normaliseForTrigger, TRIGGER_NORMALISERS } from './index.ts'

const lookups = inMemoryLookups({ simpleEvents: { '42': deepFreeze(simpleEvent()) } })

describe('normaliseForTrigger', () => {
  it('knows the 17 MISP triggers', () => {
    expect(Object.keys(TRIGGER_NORMALISERS)).toHaveLength(17)
  })
  it('rejects an unknown trigger id', async () => {
    await expect(normaliseForTrigger('no-such-trigger', {}, lookups)).rejects.toThrow('Unknown trigger no-such-trigger')
  })
  it('converts event-after-save quick events: no attributes, 4-key tags', async () => {
    const output = (await normaliseForTrigger('event-after-save', deepFreeze(quickEvent()), lookups)) as PhpMap
    const event = output.Event as PhpMap
    expect(Object.keys(event).slice(-3)).toEqual(['Orgc', 'Tag', '_AttributeFlattened'])
    expect(event).not.toHaveProperty('user_id')
  })
  it('drops the saved object on object-after-save, as MISP does', async () => {
    const output = (await normaliseForTrigger(
      'object-after-save',
      { Object: { id: '7', event_id: '42' } },
      lookups,
    )) as PhpMap
    expect((output.Event as PhpMap).Object).toEqual([])
  })
  it('keeps _module on enrichment-before-query', async () => {
    expect(await normaliseForTrigger('enrichment-before-query', { _module: 'dns' }, lookups)).toEqual({
      Event: { _AttributeFlattened: [] },
      _module: 'dns',
    })
  })
  it('takes _allTags from the submitted Event.Tag on event-before-save', async () => {
    const submitted = {
      Event: { uuid: 'u', Tag: [{ name: 'tlp:green' }], Attribute: [{ value: 'x', Tag: [{ name: 'own' }] }] },
    }
    const event = ((await normaliseForTrigger('event-before-save', deepFreeze(submitted), lookups)) as PhpMap)
      .Event as PhpMap
    const allTags = (event._AttributeFlattened as PhpMap[])[0]._allTags
    expect(allTags).toEqual([
      { name: 'tlp:green', inherited: true },
      { name: 'own', inherited: false },
    ])
  })
  it('lists an enriched object attribute twice on event enrichment, as MISP does', async () => {
    const enriched = { id: '105', value: 'x', object_id: '7' }
    const raw = {
      Event: { id: '42' },
      Orgc: { id: '2' },
      Attribute: [enriched],
      Object: [{ id: '7', Attribute: [enriched] }],
      _module: 'm',
    }
    const output = (await normaliseForTrigger('enrichment-before-query', raw, lookups)) as PhpMap
    expect(((output.Event as PhpMap)._AttributeFlattened as PhpMap[]).map((attribute) => attribute.id)).toEqual([
      '105',
      '105',
    ])
    expect(output._module).toBe('m')
  })
  it('passes log-after-save, user-before-save and user-after-save data through', async () => {
    for (const trigger of ['log-after-save', 'user-before-save', 'user-after-save']) {
      expect(await normaliseForTrigger(trigger, { Log: { id: '1' } }, lookups)).toEqual({ Log: { id: '1' } })
    }
  })
})

// The MISP oracle scenarios (conformance/MISP-SCENARIOS.md): where the first recorded view has no
// path filter active, it is the normalised trigger data, digested.
const oracle = JSON.parse(
  readFileSync(new URL('../../../../shared/conformance/misp-oracle-scenarios.json', import.meta.url), 'utf8'),
)

function byId<T extends PhpMap>(rows: unknown, key: string): Record<string, T> {
  const list = (Array.isArray(rows) ? rows : Object.values((rows ?? {}) as PhpMap)) as unknown[]
  const flat = list.map((row) => (Array.isArray(row) ? row[0] : row) as T)
  return Object.fromEntries(flat.map((row) => [String((row[key] as PhpMap).id), row]))
}

function values(list: unknown, key: string): unknown[] | null {
  return list == null ? null : Object.values(list as PhpMap).map((item) => (item as PhpMap)?.[key] ?? null)
}

function digest(data: PhpMap): PhpMap {
  const event = data.Event as PhpMap
  const objects = event.Object as PhpMap[] | undefined
  return {
    top_keys: Object.keys(data).sort(),
    event_id: event.id ?? null,
    event_tags: event.Tag === undefined ? null : values(event.Tag, 'name'),
    attributes: values(event.Attribute, 'value'),
    flattened: values(event._AttributeFlattened, 'value'),
    flattened_uuids: values(event._AttributeFlattened, 'uuid'),
    objects: objects?.map((object) => ({ name: object.name, attributes: values(object.Attribute, 'value') })) ?? null,
  }
}

describe('normaliseForTrigger: MISP oracle scenarios', () => {
  const scenarios = (oracle.scenarios as PhpMap[]).flatMap((scenario) => {
    const recorded = Object.values(((scenario.expected as PhpMap).recorded ?? {}) as Record<string, PhpMap[]>)
    const view = recorded[0]?.[0]?.view as PhpMap | undefined
    const isUnfiltered = view !== undefined && view.enabled_filters == null && !view.has_unfiltered_data
    return isUnfiltered && (scenario.input as PhpMap).Event !== undefined ? [{ scenario, view }] : []
  })

  it('has scenarios to check', () => {
    expect(scenarios.length).toBeGreaterThan(20)
  })

  for (const { scenario, view } of scenarios) {
    it(`normalises ${scenario.name} as MISP did`, async () => {
      const fixtures = (scenario.fixtures ?? {}) as PhpMap
      const fixtureLookups = inMemoryLookups({
        simpleEvents: byId<SimpleEventRow>(fixtures.events, 'Event'),
        objects: byId<ObjectSimpleRow>(fixtures.objects, 'Object'),
      })
      const output = (await normaliseForTrigger(scenario.trigger as string, scenario.input, fixtureLookups)) as PhpMap
      const mine = digest(output)
      const expected: PhpMap = { ...view, top_keys: [...(view.top_keys as string[])].sort() }
      expect(mine).toEqual(Object.fromEntries(Object.keys(mine).map((key) => [key, expected[key]])))
      if (view.other_top_level !== undefined) {
        const others = Object.fromEntries(Object.entries(output).filter(([key]) => key !== 'Event'))
        expect(others).toEqual(view.other_top_level)
      }
    })
  }
})

import { describe, expect, it } from 'vitest'
import { type CoreFormatLookups, normaliseForTrigger } from '../../format/index.ts'
import { triggerModules } from './index.ts'

// A tiny MISP in memory: event 1 (CIRCL), attribute 7 in it, object 3, thread 5 on event 1.
const EVENT = {
  id: '1',
  org_id: '1',
  orgc_id: '2',
  date: '2024-10-01',
  info: 'Tiny event',
  uuid: '5d1e2b7a-3c4f-4e1a-9b2c-000000000001',
  published: false,
  analysis: '1',
  threat_level_id: '1',
  distribution: '1',
  sharing_group_id: '0',
  timestamp: '1727775600',
}
const ORGC = { id: '2', uuid: '55f6ea5e-2c60-40e5-964f-47a8950d210f', name: 'CIRCL' }
const ATTRIBUTE = {
  id: '7',
  event_id: '1',
  object_id: '0',
  type: 'ip-dst',
  category: 'Network activity',
  value: '198.51.100.7',
  to_ids: true,
  uuid: 'aaaaaaaa-0007-4000-8000-000000000007',
  distribution: '5',
  sharing_group_id: '0',
  timestamp: '1727775600',
  comment: '',
  deleted: false,
  Tag: [],
}
const OBJECT = {
  id: '3',
  event_id: '1',
  name: 'file',
  uuid: 'bbbbbbbb-0003-4000-8000-000000000003',
  distribution: '5',
  sharing_group_id: '0',
  timestamp: '1727775600',
  deleted: false,
}

const lookups: CoreFormatLookups = {
  fetchSimpleEvent: async (id) => (id === '1' ? { Event: { ...EVENT }, EventTag: [] } : null),
  fetchObjectSimple: async (id) =>
    id === '3'
      ? { Object: { ...OBJECT }, Event: { id: '1', distribution: '1', user_id: '1', orgc_id: '2', org_id: '1' } }
      : null,
  quickFetchEvent: async (id) => (id === '1' ? { Event: { ...EVENT }, Orgc: { ...ORGC }, EventTag: [] } : null),
  fetchAttribute: async (id) =>
    id === '7' ? { Attribute: { ...ATTRIBUTE }, Event: { ...EVENT, Orgc: { ...ORGC } } } : null,
  fetchThread: async (id) => (id === '5' ? { Thread: { id: '5', event_id: '1', title: 'Talk' } } : null),
  fetchEventRow: async (id) => (id === '1' ? { Event: { ...EVENT } } : null),
}

// One tiny raw input per trigger, and what its normalised data must show.
const CASES: Record<string, { raw: unknown; check: (result: any) => void }> = {
  'attribute-after-save': {
    raw: { Attribute: { ...ATTRIBUTE }, Event: { ...EVENT, Orgc: { ...ORGC } } },
    check: (result) => expect(result.Event._AttributeFlattened.map((a: any) => a.value)).toEqual(['198.51.100.7']),
  },
  'enrichment-before-query': {
    raw: { Event: { ...EVENT }, Attribute: [{ ...ATTRIBUTE }], _module: 'dns' },
    check: (result) => expect(result._module).toBe('dns'),
  },
  'event-after-save': {
    raw: { Event: { ...EVENT }, Orgc: { ...ORGC }, EventTag: [] },
    check: (result) => expect(result.Event.info).toBe('Tiny event'),
  },
  'event-after-save-new': {
    raw: { Event: { ...EVENT, Attribute: [{ ...ATTRIBUTE }] } },
    check: (result) => expect(result.Event._AttributeFlattened).toHaveLength(1),
  },
  'event-after-save-new-from-pull': {
    raw: { Event: { ...EVENT } },
    check: (result) => expect(result.Event._AttributeFlattened).toEqual([]),
  },
  'event-before-save': {
    raw: { Event: { ...EVENT } },
    check: (result) => expect(result.Event.uuid).toBe(EVENT.uuid),
  },
  'event-publish': {
    raw: { Event: { ...EVENT } },
    check: (result) => expect(result.Event.id).toBe('1'),
  },
  'event-report-after-save': {
    raw: { EventReport: { id: '9', event_id: '1', name: 'Report', content: 'x' } },
    check: (result) => expect(result.Event.EventReport[0].name).toBe('Report'),
  },
  'log-after-save': {
    raw: { Log: { id: '11', model: 'Event', action: 'add', title: 'Event (1): added' } },
    check: (result) =>
      expect(result).toEqual({ Log: { id: '11', model: 'Event', action: 'add', title: 'Event (1): added' } }),
  },
  'object-after-save': {
    raw: { Object: { ...OBJECT } },
    check: (result) => expect(result.Event.id).toBe('1'),
  },
  'post-after-save': {
    raw: { Post: { id: '4', thread_id: '5', contents: 'Hello' } },
    check: (result) => expect(result.Thread.title).toBe('Talk'),
  },
  'shadow-attribute-after-save': {
    raw: { ShadowAttribute: { id: '8', old_id: '0', event_id: '1', type: 'domain', value: 'example.org' } },
    check: (result) => expect(result.Event.ShadowAttribute[0].value).toBe('example.org'),
  },
  'shadow-attribute-before-save': {
    raw: { ShadowAttribute: { old_id: '0', event_id: '1', type: 'domain', value: 'example.net' } },
    check: (result) => expect(result.Event.ShadowAttribute[0].value).toBe('example.net'),
  },
  'sighting-after-save': {
    raw: { Sighting: { id: '6', Event: { id: '1' }, Attribute: { id: '7' } } },
    check: (result) => expect(result.Event.Attribute[0].id).toBe('7'),
  },
  'tag-attached-after-save': {
    raw: { Tag: { id: '5', name: 'tlp:red', event_id: '1', local: true } },
    check: (result) => expect(result.Event.id).toBe('1'),
  },
  'user-after-save': {
    raw: { id: '3', email: 'analyst@example.org', org_id: '1' },
    check: (result) => expect(result).toEqual({ id: '3', email: 'analyst@example.org', org_id: '1' }),
  },
  'user-before-save': {
    raw: { email: 'new@example.org', org_id: '1' },
    check: (result) => expect(result).toEqual({ email: 'new@example.org', org_id: '1' }),
  },
}

describe('trigger normalise', () => {
  it('has a case for every trigger', () => {
    expect(Object.keys(CASES).sort()).toEqual(triggerModules.map((module) => module.descriptor.id).sort())
  })

  for (const trigger of triggerModules) {
    const id = trigger.descriptor.id
    it(`${id} delegates to the format layer's normalisation for ${id}`, async () => {
      const { raw, check } = CASES[id]
      const result = await trigger.normalise(structuredClone(raw), { lookups })
      expect(result).not.toBe(false)
      expect(result).toEqual(await normaliseForTrigger(id, structuredClone(raw), lookups))
      check(result)
    })
  }

  it('passes on false for data the trigger cannot normalise', async () => {
    const sighting = triggerModules.find((module) => module.descriptor.id === 'sighting-after-save')!
    expect(await sighting.normalise({ Attribute: {} }, { lookups })).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import { attribute, deepFreeze, link, simpleEvent, tag } from './__fixtures__/rows.ts'
import { toCoreFormat } from './core-format.ts'
import { inMemoryLookups } from './in-memory-lookups.ts'
import type { PhpMap } from './types.ts'

const noLookups = inMemoryLookups()
const withEvent = () =>
  inMemoryLookups({
    simpleEvents: { '42': deepFreeze(simpleEvent()) },
    objects: { '7': deepFreeze({ Object: { id: '7', name: 'file', event_id: '42' }, Event: { id: '42' } }) },
  })

describe('toCoreFormat', () => {
  it('copies top-level keys starting with _ from the input, after Event', async () => {
    const output = await toCoreFormat({ Event: { id: '1' }, _module: 'dns', other: 1 }, noLookups)
    expect(Object.keys(output)).toEqual(['Event', '_module'])
    expect(output._module).toBe('dns')
  })
  it('gives {_module} alone an Event with an empty _AttributeFlattened', async () => {
    expect(await toCoreFormat({ _module: 'x' }, noLookups)).toEqual({
      Event: { _AttributeFlattened: [] },
      _module: 'x',
    })
  })
  it('converts nothing for an empty Attribute next to Event, and puts _ keys first', async () => {
    const output = await toCoreFormat({ _module: 'x', Event: { id: '1' }, Attribute: [] }, noLookups)
    expect(JSON.stringify(output)).toBe('{"_module":"x","Event":{"_AttributeFlattened":[]}}')
  })
  it('keeps errors next to Event', async () => {
    expect(Object.keys(await toCoreFormat({ Event: {}, errors: ['e'] }, noLookups))).toEqual(['Event', 'errors'])
  })
  it('passes `_` keys through without modifying the input', async () => {
    const input = deepFreeze({ Event: {}, _extra: { list: [1] } })
    const output = await toCoreFormat(input, noLookups)
    expect(output._extra).toEqual({ list: [1] })
    expect(input._extra.list).toEqual([1])
  })
  it('rejects non-array data, as PHP does', async () => {
    await expect(toCoreFormat('x' as unknown as PhpMap, noLookups)).rejects.toThrow(TypeError)
  })
})

describe('toCoreFormat: attribute scope', () => {
  it('encapsulates a standalone attribute with the re-fetched event and ignores the input summary', async () => {
    const input = deepFreeze({ Attribute: attribute('101', 'x'), Event: { id: '42', Orgc: { id: '2' } } })
    const event = (await toCoreFormat(input, withEvent())).Event
    expect(Object.keys(event)).toEqual([
      'id',
      'info',
      'distribution',
      'sharing_group_id',
      'Attribute',
      'Tag',
      '_AttributeFlattened',
    ])
    const converted = (event.Attribute as PhpMap[])[0]
    expect(converted).not.toHaveProperty('value1')
    expect((converted._allTags as PhpMap[]).map((entry) => [entry.name, entry.inherited])).toEqual([
      ['tlp:amber', true],
    ])
  })
  it('moves a top-level AttributeTag into the attribute before cleaning it', async () => {
    const input = { Attribute: attribute('101', 'x'), AttributeTag: [link('1', tag('3', 'own'))] }
    const converted = ((await toCoreFormat(input, withEvent())).Event.Attribute as PhpMap[])[0]
    expect(Object.keys(converted).slice(-2)).toEqual(['Tag', '_allTags'])
    expect((converted._allTags as PhpMap[]).map((entry) => entry.name)).toEqual(['tlp:amber', 'own'])
  })
  it('wraps an object attribute in its object, alone', async () => {
    const input = { Attribute: attribute('105', 'x', { object_id: '7' }) }
    const event = (await toCoreFormat(input, withEvent())).Event
    expect(event).not.toHaveProperty('Attribute')
    expect(event.Object).toEqual([
      { id: '7', name: 'file', event_id: '42', Attribute: [expect.objectContaining({ id: '105' })] },
    ])
    expect(event._AttributeFlattened).toHaveLength(1)
  })
  it('keeps the attribute standalone when its object is not found', async () => {
    const input = { Attribute: attribute('105', 'x', { object_id: '99' }) }
    const event = (await toCoreFormat(input, withEvent())).Event
    expect((event.Attribute as PhpMap[])[0].id).toBe('105')
  })
  it('gives only an empty _AttributeFlattened when the event is not found', async () => {
    expect(await toCoreFormat({ Attribute: attribute('101', 'x', { event_id: '9' }) }, withEvent())).toEqual({
      Event: { _AttributeFlattened: [] },
    })
  })
})

describe('toCoreFormat: object scope', () => {
  it('drops the saved object when it has no Attribute list, as MISP does', async () => {
    const output = await toCoreFormat({ Object: { id: '7', event_id: '42', SharingGroup: [] } }, withEvent())
    expect(output.Event.Object).toEqual([])
    expect(output.Event._AttributeFlattened).toEqual([])
    expect(output.Event.id).toBe('42')
  })
  it('keeps an object that carries attributes, with siblings moved in and an empty SharingGroup dropped', async () => {
    const input = {
      Object: { id: '7', event_id: '42', Attribute: [attribute('1', 'x')] },
      SharingGroup: [],
      Note: [{ id: 'n' }],
      Event: { id: 'ignored' },
    }
    const object = ((await toCoreFormat(input, withEvent())).Event.Object as PhpMap[])[0]
    expect(Object.keys(object)).toEqual(['id', 'event_id', 'Attribute', 'Event', 'Note'])
  })
})

/**
 * Inputs a trigger can hand the converter that the worked examples do not show: keys already in
 * core format next to internal ones, missing or null lists, attributes only inside objects, and
 * data the caller still owns (spec/CORE-FORMAT.md §2–§4). Every input is deep-frozen, so a
 * conversion that writes into the caller's data fails here.
 */
import { describe, expect, it } from 'vitest'
import { attribute, attributeRow, deepFreeze, link, simpleEvent, tag } from './__fixtures__/rows.ts'
import { toCoreFormat } from './core-format.ts'
import { inMemoryLookups } from './in-memory-lookups.ts'
import type { PhpMap } from './types.ts'

const noLookups = inMemoryLookups()
const convert = async (input: PhpMap) => (await toCoreFormat(deepFreeze(input), noLookups)).Event
// `Orgc` next to `Event` and `Attribute` forces event scope (spec/CORE-FORMAT.md §2 rule 4).
const eventRow = (extra: PhpMap): PhpMap => ({ Event: { id: '42' }, Orgc: { id: '2' }, ...extra })

describe('toCoreFormat on odd event-scope inputs', () => {
  it('writes AttributeTag over an existing Tag list by index without touching the input', async () => {
    const input = eventRow({
      Attribute: [
        attribute('1', 'x', {
          Tag: [{ name: 'old-0' }, { name: 'old-1' }],
          AttributeTag: [link('5', tag('3', 'new-0'))],
        }),
      ],
    })
    const converted = ((await convert(input)).Attribute as PhpMap[])[0]
    expect((converted.Tag as PhpMap[]).map((entry) => entry.name)).toEqual(['new-0', 'old-1'])
    expect((converted._allTags as PhpMap[]).map((entry) => entry.name)).toEqual(['new-0', 'old-1'])
    expect((input.Attribute as PhpMap[])[0].Tag).toEqual([{ name: 'old-0' }, { name: 'old-1' }])
  })

  it('appends granular correlations after an attribute’s own RelatedAttribute without touching the input', async () => {
    const correlation = { id: '9', attribute_id: '900', value: 'x', org_id: '1', info: 'other' }
    const input = eventRow({
      Event: { id: '42', RelatedAttribute: { 1: [correlation] } },
      Attribute: [attribute('1', 'x', { RelatedAttribute: [{ id: 'kept' }] })],
    })
    const converted = ((await convert(input)).Attribute as PhpMap[])[0]
    expect(converted.RelatedAttribute).toEqual([
      { id: 'kept' },
      { id: '900', value: 'x', org_id: '1', info: 'other', event_id: '9' },
    ])
    expect((input.Attribute as PhpMap[])[0].RelatedAttribute).toEqual([{ id: 'kept' }])
  })

  it('converts a payload that is already in core format again, as MISP does', async () => {
    const input = {
      Event: {
        id: '42',
        Tag: [{ name: 'tlp:green' }],
        Attribute: [{ id: '1', value: 'x', Tag: [{ name: 'own' }], _allTags: [{ name: 'stale' }], extra: 1 }],
        Object: [{ id: '7', Attribute: [{ id: '2', value: 'y' }] }],
        _AttributeFlattened: [{ id: 'stale' }],
      },
    }
    const event = await convert(input)
    const converted = (event.Attribute as PhpMap[])[0]
    // `_allTags` is recomputed in place, unknown keys stay, and `_AttributeFlattened` is rebuilt.
    expect(Object.keys(converted)).toEqual(['id', 'value', 'Tag', '_allTags', 'extra'])
    expect(converted._allTags).toEqual([
      { name: 'tlp:green', inherited: true },
      { name: 'own', inherited: false },
    ])
    expect((event._AttributeFlattened as PhpMap[]).map((entry) => entry.id)).toEqual(['1', '2'])
  })

  it('keeps field types as given: ids as ints, booleans as "0"/"1", nulls', async () => {
    const input = eventRow({
      Event: { id: 42, published: '0', distribution: 3, sharing_group_id: null },
      Attribute: [{ id: 1, value: 'x', to_ids: '1', deleted: 0, object_id: 0, first_seen: null }],
    })
    const event = await convert(input)
    expect(event.id).toBe(42)
    expect(event.published).toBe('0')
    expect(event.sharing_group_id).toBeNull()
    expect(event._AttributeFlattened).toEqual([
      { id: 1, value: 'x', to_ids: '1', deleted: 0, object_id: 0, first_seen: null, _allTags: [] },
    ])
  })

  it('flattens attributes that exist only inside objects', async () => {
    const input = eventRow({
      Attribute: [],
      Object: [
        { id: '7', Attribute: [attribute('2', 'y', { object_id: '7' })] },
        { id: '8', Attribute: [] },
      ],
    })
    const event = await convert(input)
    expect((event.Object as PhpMap[]).map((object) => object.id)).toEqual(['7'])
    expect((event._AttributeFlattened as PhpMap[]).map((entry) => entry.value)).toEqual(['y'])
  })

  it('leaves null Tag lists alone and gives their attributes an empty _allTags', async () => {
    const event = await convert(eventRow({ Event: { id: '42', Tag: null }, Attribute: [{ id: '1', Tag: null }] }))
    expect(event.Tag).toBeNull()
    expect(event.Attribute).toEqual([{ id: '1', Tag: null, _allTags: [] }])
  })
})

describe('toCoreFormat scope guessing on odd inputs', () => {
  it('treats Event next to a non-empty Attribute list, without Org/Orgc, as attribute scope', async () => {
    // Rule 5: the list itself becomes "the attribute"; its event id is missing, so nothing is found.
    const input = { Event: { id: '42' }, Attribute: [attribute('1', 'x')] }
    expect(await toCoreFormat(deepFreeze(input), noLookups)).toEqual({ Event: { _AttributeFlattened: [] } })
  })
  it('treats Event next to Object (and no Attribute) as object scope', async () => {
    const input = { Event: { id: '42' }, Object: [{ id: '7', Attribute: [attribute('2', 'y')] }] }
    expect(await toCoreFormat(deepFreeze(input), noLookups)).toEqual({ Event: { _AttributeFlattened: [] } })
  })
})

describe('toCoreFormat on odd attribute-scope inputs', () => {
  const withEvent = () => inMemoryLookups({ simpleEvents: { '42': deepFreeze(simpleEvent()) } })

  it('looks the event up by an integer event_id and keeps the attribute’s own tags after the inherited ones', async () => {
    const row = attributeRow('101')
    const input = { Attribute: { ...row.Attribute, event_id: 42, object_id: 0 } }
    const event = (await toCoreFormat(deepFreeze(input), withEvent())).Event
    const converted = (event.Attribute as PhpMap[])[0]
    expect(converted.event_id).toBe(42)
    expect((converted._allTags as PhpMap[]).map((entry) => [entry.name, entry.inherited, entry.local])).toEqual([
      ['tlp:amber', true, undefined],
      ['own', false, true],
    ])
  })

  it('gives an untagged attribute only the inherited tags, and no Tag key', async () => {
    const input = { Attribute: attribute('101', 'x'), Event: { id: '42' } }
    const converted = ((await toCoreFormat(deepFreeze(input), withEvent())).Event.Attribute as PhpMap[])[0]
    expect(converted).not.toHaveProperty('Tag')
    expect((converted._allTags as PhpMap[]).map((entry) => entry.name)).toEqual(['tlp:amber'])
  })

  it('looks up the object of an object_id "" (PHP 8: "" != 0) but not of "0" or 0', async () => {
    const lookups = inMemoryLookups({
      simpleEvents: { '42': deepFreeze(simpleEvent()) },
      objects: { '': deepFreeze({ Object: { id: '', name: 'odd', event_id: '42' } }) },
    })
    const convert = async (objectId: unknown) =>
      (await toCoreFormat(deepFreeze({ Attribute: attribute('101', 'x', { object_id: objectId }) }), lookups)).Event
    expect(((await convert('')).Object as PhpMap[])[0].name).toBe('odd')
    for (const zero of ['0', 0, null]) expect(await convert(zero)).not.toHaveProperty('Object')
  })
})

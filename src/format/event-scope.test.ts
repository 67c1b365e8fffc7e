import { describe, expect, it } from 'vitest'
import { attribute, deepFreeze, eventColumns, link, tag } from './__fixtures__/rows.ts'
import { cleanEvent, convertEventScope } from './event-scope.ts'
import type { PhpMap } from './types.ts'

const clean = (input: PhpMap): PhpMap => cleanEvent(deepFreeze(input)).Event as PhpMap

describe('cleanEvent (JSONConverterTool::convert)', () => {
  it('step 1: moves the sibling keys under Event in the fixed order, after the columns', () => {
    const event = clean({ Object: [], Orgc: { id: '2' }, Event: { id: '1' }, Attribute: [], Org: { id: '1' } })
    expect(Object.keys(event)).toEqual(['id', 'Org', 'Orgc', 'Attribute', 'Object'])
  })
  it('step 1: a top-level key overwrites a nested one in place; a nested one alone stays', () => {
    const event = clean({ Event: { Orgc: 'old', id: '1', Galaxy: [] }, Orgc: { id: '2' } })
    expect(Object.keys(event)).toEqual(['Orgc', 'id', 'Galaxy'])
    expect(event.Orgc).toEqual({ id: '2' })
  })
  it('step 1: ignores null siblings (PHP isset)', () => {
    expect(Object.keys(clean({ Event: { id: '1' }, Org: null }))).toEqual(['id'])
  })
  it('step 2: removes an empty SharingGroup and keeps a filled one', () => {
    expect(clean({ Event: {}, SharingGroup: [] })).not.toHaveProperty('SharingGroup')
    expect(clean({ Event: { SharingGroup: { id: '3' } } }).SharingGroup).toEqual({ id: '3' })
  })
  it('step 3: gives clusters with missing or empty meta an empty map', () => {
    const galaxy = { id: '1', GalaxyCluster: [{ id: 'a' }, { id: 'b', meta: [] }, { id: 'c', meta: { x: ['1'] } }] }
    const clusters = (clean({ Event: {}, Galaxy: [galaxy] }).Galaxy as PhpMap[])[0].GalaxyCluster as PhpMap[]
    expect(clusters.map((cluster) => cluster.meta)).toEqual([{}, {}, { x: ['1'] }])
    expect(Array.isArray(clusters[1].meta)).toBe(false)
  })
  it('step 4: turns EventTag into Event.Tag without org_id and the link columns', () => {
    const event = clean({ Event: {}, EventTag: [link('10', tag('1', 'tlp:amber', { local: true }))] })
    expect(event.Tag).toEqual([
      { id: '1', name: 'tlp:amber', colour: '#000000', exportable: true, user_id: '0', local: true },
    ])
  })
  it('step 4: writes EventTag entries over an existing Event.Tag by index, as PHP does', () => {
    const event = clean({ Event: { Tag: [{ name: 'a' }, { name: 'b' }] }, EventTag: [{ Tag: { name: 'x' } }] })
    expect(event.Tag).toEqual([{ name: 'x' }, { name: 'b' }])
  })
  it('step 4: an empty EventTag creates no Tag key', () => {
    expect(clean({ Event: {}, EventTag: [] })).not.toHaveProperty('Tag')
  })
  it('step 5: drops empty SharingGroup entries in analyst data and re-indexes', () => {
    const event = clean({ Event: {}, Note: { 3: { id: 'n', SharingGroup: [] } } })
    expect(event.Note).toEqual([{ id: 'n' }])
  })
  it('step 6: distributes top-level sightings to event and object attributes by attribute_id', () => {
    const sightings = [
      { id: 's1', attribute_id: '101' },
      { id: 's2', attribute_id: 105 },
    ]
    const input = {
      Event: {},
      Attribute: [attribute('101', 'a')],
      Object: [{ id: '7', Attribute: [attribute('105', 'b', { object_id: '7' })] }],
      Sighting: sightings,
    }
    const event = clean(input)
    expect((event.Attribute as PhpMap[])[0].Sighting).toEqual([sightings[0]])
    expect(((event.Object as PhpMap[])[0].Attribute as PhpMap[])[0].Sighting).toEqual([sightings[1]])
  })
  it('step 7: cleans attributes: value1/value2, empty SharingGroup, AttributeTag → Tag appended', () => {
    const input = {
      Event: {},
      Attribute: [attribute('1', 'x', { SharingGroup: [], AttributeTag: [link('5', tag('3', 'own'))], Galaxy: [] })],
    }
    const cleaned = (clean(input).Attribute as PhpMap[])[0]
    expect(Object.keys(cleaned)).toEqual(['id', 'type', 'category', 'value', 'event_id', 'object_id', 'Galaxy', 'Tag'])
    expect(cleaned.Tag).toEqual([{ id: '3', name: 'own', colour: '#000000', exportable: true, user_id: '0' }])
  })
  it('step 7: an empty AttributeTag leaves no Tag key at all', () => {
    const cleaned = (
      clean({ Event: {}, Attribute: [attribute('1', 'x', { AttributeTag: [] })] }).Attribute as PhpMap[]
    )[0]
    expect(cleaned).not.toHaveProperty('Tag')
    expect(cleaned).not.toHaveProperty('AttributeTag')
  })
  it('step 8: adds granular correlations to event attributes and removes Event.RelatedAttribute', () => {
    const correlation = { id: '9', attribute_id: '900', value: 'x', org_id: '1', info: 'other event' }
    const event = clean({ Event: { RelatedAttribute: { 101: [correlation] } }, Attribute: [attribute('101', 'x')] })
    expect((event.Attribute as PhpMap[])[0].RelatedAttribute).toEqual([
      { id: '900', value: 'x', org_id: '1', info: 'other event', event_id: '9' },
    ])
    expect(event).not.toHaveProperty('RelatedAttribute')
  })
  it('step 8: writes event-attribute correlations into object attributes by index, as MISP does', () => {
    const correlation = { id: '9', attribute_id: '900', value: 'x', org_id: '1', info: 'i' }
    const input = {
      Event: { RelatedAttribute: { 101: [correlation] } },
      Attribute: [attribute('101', 'x')],
      Object: [{ id: '7', Attribute: [attribute('105', 'y', { object_id: '7' })] }],
    }
    const objectAttribute = ((clean(input).Object as PhpMap[])[0].Attribute as PhpMap[])[0]
    expect(objectAttribute.id).toBe('105')
    expect(objectAttribute.RelatedAttribute).toEqual([{ id: '900', value: 'x', org_id: '1', info: 'i', event_id: '9' }])
  })
  it('step 9: deletes objects without attributes and re-indexes, keeping the key', () => {
    const objects = [{ id: '1' }, { id: '2', Attribute: [attribute('5', 'y')] }, { id: '3', Attribute: [] }]
    const event = clean({ Event: {}, Object: objects })
    expect((event.Object as PhpMap[]).map((object) => object.id)).toEqual(['2'])
    expect(clean({ Event: {}, Object: [{ id: '1' }] }).Object).toEqual([])
  })
  it('step 10: deletes Event.user_id', () => {
    expect(clean({ Event: eventColumns() })).not.toHaveProperty('user_id')
  })
  it('step 11: keeps only Event and errors', () => {
    const result = cleanEvent({ Event: {}, ThreatLevel: {}, User: {}, warnings: [], errors: ['e'], other: 1 })
    expect(Object.keys(result)).toEqual(['Event', 'errors'])
  })
  it('throws on a scalar Event, as PHP raises an Error', () => {
    expect(() => cleanEvent({ Event: 'text' })).toThrow(TypeError)
  })
})

describe('convertEventScope', () => {
  it('adds _allTags to event and object attributes', () => {
    const input = {
      Event: {},
      EventTag: [link('1', tag('1', 'tlp:amber'))],
      Attribute: [attribute('1', 'x')],
      Object: [{ id: '7', Attribute: [attribute('2', 'y')] }],
    }
    const event = convertEventScope(input).Event as PhpMap
    expect((event.Attribute as PhpMap[])[0]._allTags).toHaveLength(1)
    expect(((event.Object as PhpMap[])[0].Attribute as PhpMap[])[0]._allTags).toHaveLength(1)
  })
})

import { describe, expect, it } from 'vitest'
import { includeFlattenedAttributes } from './flatten.ts'
import type { PhpMap } from './types.ts'

describe('includeFlattenedAttributes', () => {
  it('lists event attributes, then object attributes in object order', () => {
    const converted = includeFlattenedAttributes({
      Event: {
        Attribute: [{ id: '1' }, { id: '2' }],
        Object: [{ Attribute: [{ id: '3' }, { id: '4' }] }, { Attribute: [{ id: '5' }] }],
      },
    })
    expect(converted.Event._AttributeFlattened.map((item) => (item as PhpMap).id)).toEqual(['1', '2', '3', '4', '5'])
  })
  it('gives each flattened entry a map of its own: setting a field on one leaves the other alone', () => {
    const attribute = { id: '1', Tag: [{ name: 'a' }], _allTags: [{ name: 'a', inherited: false }] }
    const converted = includeFlattenedAttributes({ Event: { Attribute: [attribute] } })
    const flattened = converted.Event._AttributeFlattened[0] as PhpMap
    expect(flattened).toEqual(attribute)
    expect(flattened).not.toBe(attribute)
    flattened.comment = 'new'
    flattened.Tag = [{ name: 'replaced' }]
    expect(attribute).not.toHaveProperty('comment')
    expect(attribute.Tag).toEqual([{ name: 'a' }])
  })
  it('shares nested values, which modules replace instead of mutating (docs/modules.md)', () => {
    const attribute = { id: '1', Tag: [{ name: 'a' }] }
    const converted = includeFlattenedAttributes({ Event: { Attribute: [attribute] } })
    expect((converted.Event._AttributeFlattened[0] as PhpMap).Tag).toBe(attribute.Tag)
  })
  it('always sets Event, appending it when missing', () => {
    expect(includeFlattenedAttributes({ _module: 'm' })).toEqual({ _module: 'm', Event: { _AttributeFlattened: [] } })
    expect(Object.keys(includeFlattenedAttributes({ _module: 'm' }))).toEqual(['_module', 'Event'])
  })
  it('keeps only numeric keys of objects and object attributes, as Hash::extract {n} does', () => {
    const converted = includeFlattenedAttributes({
      Event: { Object: { 0: { Attribute: { 0: { id: '1' }, x: { id: 'no' } } }, y: { Attribute: [{ id: 'no' }] } } },
    })
    expect(converted.Event._AttributeFlattened).toEqual([{ id: '1' }])
  })
})

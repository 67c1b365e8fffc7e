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
  it('makes independent deep copies: changing one copy leaves the other alone', () => {
    const attribute = { id: '1', Tag: [{ name: 'a' }], _allTags: [{ name: 'a', inherited: false }] }
    const converted = includeFlattenedAttributes({ Event: { Attribute: [attribute] } })
    const flattened = converted.Event._AttributeFlattened[0] as PhpMap
    expect(flattened).toEqual(attribute)
    ;(flattened.Tag as PhpMap[])[0].name = 'changed'
    flattened.comment = 'new'
    expect(attribute.Tag[0].name).toBe('a')
    expect(attribute).not.toHaveProperty('comment')
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

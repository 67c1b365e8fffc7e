import { describe, expect, it } from 'vitest'
import { cleanAttributes } from './clean-attributes.ts'

const link = (name: string) => ({ id: '9', tag_id: '3', Tag: { id: '3', name, org_id: '0', colour: '#fff' } })

describe('cleanAttributes', () => {
  it('turns AttributeTag into a last Tag key, without value1, value2 and an empty SharingGroup', () => {
    const attribute = {
      id: '1',
      value1: 'a',
      value: 'a',
      value2: '',
      SharingGroup: [],
      AttributeTag: [link('tlp:red')],
      Galaxy: [],
    }
    const [cleaned] = cleanAttributes([attribute], new Map()) as Record<string, unknown>[]
    expect(Object.keys(cleaned)).toEqual(['id', 'value', 'Galaxy', 'Tag'])
    expect(cleaned.Tag).toEqual([{ id: '3', name: 'tlp:red', colour: '#fff' }])
    expect(attribute.AttributeTag).toHaveLength(1)
  })

  it('gives attributes of one shape the same result shape, whatever their values', () => {
    const cleaned = cleanAttributes(
      [
        { id: '1', value: 'a', AttributeTag: [link('x')] },
        { id: '2', value: 'b', AttributeTag: [] },
        { id: '3', value: 'c', AttributeTag: [link('y'), link('z')] },
      ],
      new Map(),
    ) as Record<string, unknown>[]
    expect(cleaned.map((attribute) => Object.keys(attribute))).toEqual([
      ['id', 'value', 'Tag'],
      ['id', 'value'],
      ['id', 'value', 'Tag'],
    ])
    expect((cleaned[2].Tag as unknown[]).length).toBe(2)
  })

  it('writes the links over an existing Tag in its place, by index, as PHP does', () => {
    const attribute = { id: '1', Tag: [{ name: 'a' }, { name: 'b' }], value: 'v', AttributeTag: [link('c')] }
    const [cleaned] = cleanAttributes([attribute], new Map()) as Record<string, unknown>[]
    expect(Object.keys(cleaned)).toEqual(['id', 'Tag', 'value'])
    expect(cleaned.Tag).toEqual([{ id: '3', name: 'c', colour: '#fff' }, { name: 'b' }])
  })

  it('keeps a null AttributeTag and a non-empty SharingGroup', () => {
    const sharingGroup = { id: '5', name: 'sg' }
    const cleaned = cleanAttributes(
      [
        { id: '1', AttributeTag: null },
        { id: '2', SharingGroup: sharingGroup, AttributeTag: [link('x')] },
      ],
      new Map(),
    ) as Record<string, unknown>[]
    expect(cleaned[0]).toEqual({ id: '1', AttributeTag: null })
    expect(Object.keys(cleaned[1])).toEqual(['id', 'SharingGroup', 'Tag'])
    expect(cleaned[1].SharingGroup).toBe(sharingGroup)
  })

  it('attaches the sightings of an attribute after its keys', () => {
    const sighting = { id: '7', attribute_id: '1' }
    const [cleaned] = cleanAttributes([{ id: '1', AttributeTag: [link('x')] }], new Map([['1', [sighting]]])) as Record<
      string,
      unknown
    >[]
    expect(Object.keys(cleaned)).toEqual(['id', 'Tag', 'Sighting'])
  })
})

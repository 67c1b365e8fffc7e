import { describe, expect, it } from 'vitest'
import { attributeRow, deepFreeze, quickEvent } from '../__fixtures__/rows.ts'
import { inMemoryLookups } from '../in-memory-lookups.ts'
import type { PhpMap } from '../types.ts'
import { normaliseSightingAfterSave } from './sighting.ts'

const lookups = inMemoryLookups({
  quickEvents: { '42': deepFreeze(quickEvent()) },
  attributes: { '101': deepFreeze(attributeRow('101')), '105': deepFreeze(attributeRow('105', '7')) },
})
const raw = (attributeId: string) =>
  deepFreeze({ Sighting: { id: '900', Event: { id: '42' }, Attribute: { id: attributeId, value: 'v' } } })

describe('normaliseSightingAfterSave', () => {
  it('returns false without Sighting', async () => {
    expect(await normaliseSightingAfterSave({}, lookups)).toBe(false)
    expect(await normaliseSightingAfterSave({ Sighting: [] }, lookups)).toBe(false)
  })
  it('gives the quick event with the sighted attribute, and loses the sighting, as MISP does', async () => {
    const output = (await normaliseSightingAfterSave(raw('101'), lookups)) as PhpMap
    const event = output.Event as PhpMap
    expect(Object.keys(output)).toEqual(['Event'])
    expect(event.Orgc).toEqual({ id: '2', uuid: 'orgc-uuid', name: 'Partner CERT' })
    expect(event.Tag).toEqual([{ id: '1', name: 'tlp:amber', colour: '#FFC000', exportable: true }])
    expect((event.Attribute as PhpMap[]).map((attribute) => attribute.id)).toEqual(['101'])
    expect(JSON.stringify(output)).not.toContain('"900"')
  })
  it('places an object attribute alone in Event.Object[0]', async () => {
    const event = ((await normaliseSightingAfterSave(raw('105'), lookups)) as PhpMap).Event as PhpMap
    expect(event).not.toHaveProperty('Attribute')
    const object = (event.Object as PhpMap[])[0]
    expect(object.id).toBe('7')
    expect((object.Attribute as PhpMap[]).map((attribute) => attribute.id)).toEqual(['105'])
  })
  it('throws when the attribute is not found, as PHP rejects the null attribute', async () => {
    await expect(normaliseSightingAfterSave(raw('999'), lookups)).rejects.toThrow(TypeError)
  })
})

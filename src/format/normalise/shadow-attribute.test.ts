import { describe, expect, it } from 'vitest'
import { attributeRow, deepFreeze, quickEvent, simpleEvent } from '../__fixtures__/rows.ts'
import { inMemoryLookups } from '../in-memory-lookups.ts'
import type { PhpMap } from '../types.ts'
import { normaliseShadowAttribute } from './shadow-attribute.ts'

const lookups = inMemoryLookups({
  quickEvents: { '42': deepFreeze(quickEvent()) },
  simpleEvents: { '42': deepFreeze(simpleEvent()) },
  attributes: { '101': deepFreeze(attributeRow('101')) },
})

describe('normaliseShadowAttribute', () => {
  it('returns false without ShadowAttribute', async () => {
    expect(await normaliseShadowAttribute({ ShadowAttribute: null }, lookups)).toBe(false)
  })
  it('puts a proposal to edit under the attribute, in attribute scope', async () => {
    const proposal = { id: '31', old_id: '101', event_id: '42', value: 'new' }
    const event = ((await normaliseShadowAttribute(deepFreeze({ ShadowAttribute: proposal }), lookups)) as PhpMap)
      .Event as PhpMap
    expect(event).not.toHaveProperty('Orgc')
    const flattened = (event._AttributeFlattened as PhpMap[])[0]
    expect(flattened.ShadowAttribute).toEqual([proposal])
  })
  it('puts a proposal for a new attribute (old_id "0") under the quick event', async () => {
    const proposal = { id: '32', old_id: '0', event_id: '42', value: 'added' }
    const event = ((await normaliseShadowAttribute(deepFreeze({ ShadowAttribute: proposal }), lookups)) as PhpMap)
      .Event as PhpMap
    expect(event.ShadowAttribute).toEqual([proposal])
    expect(event._AttributeFlattened).toEqual([])
    expect(event.Orgc).toBeDefined()
  })
})

import { describe, expect, it } from 'vitest'
import { attributeRow, deepFreeze, quickEvent } from '../__fixtures__/rows.ts'
import { inMemoryLookups } from '../in-memory-lookups.ts'
import type { PhpMap } from '../types.ts'
import { normaliseTagAttachedAfterSave } from './tag-attached.ts'

const lookups = inMemoryLookups({
  quickEvents: { '42': deepFreeze(quickEvent()) },
  attributes: { '101': deepFreeze(attributeRow('101')) },
})

describe('normaliseTagAttachedAfterSave', () => {
  it('returns false without Tag', async () => {
    expect(await normaliseTagAttachedAfterSave({ Other: 1 }, lookups)).toBe(false)
  })
  it('gives the quick event alone for an event tag, and loses the attached tag, as MISP does', async () => {
    const raw = deepFreeze({ Tag: { id: '77', name: 'attached:tag', event_id: '42', local: true } })
    const output = (await normaliseTagAttachedAfterSave(raw, lookups)) as PhpMap
    const event = output.Event as PhpMap
    expect(event).not.toHaveProperty('Attribute')
    expect(event._AttributeFlattened).toEqual([])
    expect(JSON.stringify(output)).not.toContain('attached:tag')
  })
  it('adds the attribute for an attribute tag', async () => {
    const raw = deepFreeze({ Tag: { id: '77', name: 'attached:tag', event_id: '42', attribute_id: '101' } })
    const event = ((await normaliseTagAttachedAfterSave(raw, lookups)) as PhpMap).Event as PhpMap
    const attribute = (event.Attribute as PhpMap[])[0]
    expect((attribute._allTags as PhpMap[]).map((tag) => [tag.name, tag.inherited])).toEqual([
      ['tlp:amber', true],
      ['own', false],
    ])
  })
})

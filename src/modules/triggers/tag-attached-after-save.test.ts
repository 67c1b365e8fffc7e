import { describe, expect, it } from 'vitest'
import { tagAttachedAfterSave, tagAttachedConditionsHold } from './tag-attached-after-save.ts'

type Shape = { attributeId: unknown; local: unknown }

// What each parameter value accepts, restated from spec/ENGINE.md §4.1.1.
const SCOPE_ACCEPTS: Record<string, (isAttributeTag: boolean) => boolean> = {
  event: (isAttributeTag) => !isAttributeTag,
  attribute: (isAttributeTag) => isAttributeTag,
  any: () => true,
}
const LOCALITY_ACCEPTS: Record<string, (isLocal: boolean) => boolean> = {
  local: (isLocal) => isLocal,
  global: (isLocal) => !isLocal,
  any: () => true,
}

const SHAPES: Array<[Shape, boolean, boolean]> = [
  [{ attributeId: undefined, local: false }, false, false],
  [{ attributeId: undefined, local: true }, false, true],
  [{ attributeId: '12', local: false }, true, false],
  [{ attributeId: '12', local: true }, true, true],
]

function raw(shape: Shape, name = 'tlp:red'): unknown {
  const tag: Record<string, unknown> = { id: '5', name, event_id: '3', local: shape.local }
  if (shape.attributeId !== undefined) tag.attribute_id = shape.attributeId
  return { Tag: tag }
}

describe('tag-attached-after-save conditions', () => {
  for (const scope of Object.keys(SCOPE_ACCEPTS)) {
    for (const locality of Object.keys(LOCALITY_ACCEPTS)) {
      for (const [shape, isAttributeTag, isLocal] of SHAPES) {
        for (const tag of ['', 'tlp:red', 'tlp:green']) {
          const expected =
            SCOPE_ACCEPTS[scope](isAttributeTag) && LOCALITY_ACCEPTS[locality](isLocal) && tag !== 'tlp:green'
          const what = `${isAttributeTag ? 'an attribute' : 'an event'} ${isLocal ? 'local' : 'global'} tag tlp:red`
          it(`${expected ? 'holds' : 'fails'} for ${what} with scope=${scope} locality=${locality} tag="${tag}"`, () => {
            expect(tagAttachedConditionsHold(raw(shape), { scope, locality, tag })).toBe(expected)
          })
        }
      }
    }
  }

  it('is the conditionsHold of the trigger module', () => {
    expect(tagAttachedAfterSave.conditionsHold).toBe(tagAttachedConditionsHold)
  })

  it('uses the defaults (event, local, any tag) when parameters are absent', () => {
    expect(tagAttachedConditionsHold(raw({ attributeId: undefined, local: true }), {})).toBe(true)
    expect(tagAttachedConditionsHold(raw({ attributeId: undefined, local: false }), {})).toBe(false)
    expect(tagAttachedConditionsHold(raw({ attributeId: '12', local: true }), {})).toBe(false)
  })

  it('treats attribute_id "0" and "" as no attribute, as PHP empty() does', () => {
    for (const attributeId of ['0', '', 0, null]) {
      const data = raw({ attributeId, local: true })
      expect(tagAttachedConditionsHold(data, { scope: 'event', locality: 'any' })).toBe(true)
      expect(tagAttachedConditionsHold(data, { scope: 'attribute', locality: 'any' })).toBe(false)
    }
  })

  it('treats local "0", 0 and a missing flag as global, as PHP empty() does', () => {
    for (const local of ['0', 0, null, undefined]) {
      const data = raw({ attributeId: undefined, local })
      expect(tagAttachedConditionsHold(data, { scope: 'any', locality: 'global' })).toBe(true)
      expect(tagAttachedConditionsHold(data, { scope: 'any', locality: 'local' })).toBe(false)
    }
    expect(tagAttachedConditionsHold(raw({ attributeId: undefined, local: '1' }), { locality: 'local' })).toBe(true)
  })

  it('compares tag names exactly', () => {
    const data = raw({ attributeId: undefined, local: true }, 'tlp:red')
    expect(tagAttachedConditionsHold(data, { tag: 'TLP:RED' })).toBe(false)
    expect(tagAttachedConditionsHold(data, { tag: 'tlp:red ' })).toBe(false)
    expect(tagAttachedConditionsHold(data, { tag: 'tlp:red' })).toBe(true)
  })

  it('compares the tag name with PHP 8 loose ==, as MISP does: numeric strings compare as numbers', () => {
    const named = (name: unknown) => raw({ attributeId: undefined, local: true }, name as string)
    expect(tagAttachedConditionsHold(named('1000'), { tag: '1e3' })).toBe(true)
    expect(tagAttachedConditionsHold(named('07'), { tag: '7' })).toBe(true)
    expect(tagAttachedConditionsHold(named(7), { tag: '7' })).toBe(true)
    expect(tagAttachedConditionsHold(named('7a'), { tag: '7' })).toBe(false)
  })

  it('compares scope and locality with loose == too, and gives null parameters their defaults', () => {
    // `true == "attribute"` and `true == "event"` both hold in PHP, so scope true accepts no tag.
    expect(tagAttachedConditionsHold(raw({ attributeId: undefined, local: true }), { scope: true })).toBe(false)
    expect(tagAttachedConditionsHold(raw({ attributeId: '12', local: true }), { scope: true })).toBe(false)
    const defaults = { scope: null, locality: null, tag: null }
    expect(tagAttachedConditionsHold(raw({ attributeId: undefined, local: true }), defaults)).toBe(true)
    expect(tagAttachedConditionsHold(raw({ attributeId: undefined, local: false }), defaults)).toBe(false)
  })

  it('holds for any tag only with scope and locality "any" when the data has no Tag', () => {
    expect(tagAttachedConditionsHold({}, { scope: 'any', locality: 'any', tag: '' })).toBe(true)
    expect(tagAttachedConditionsHold({}, { scope: 'any', locality: 'any', tag: 'tlp:red' })).toBe(false)
    expect(tagAttachedConditionsHold(null, {})).toBe(false)
  })
})

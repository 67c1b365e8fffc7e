import { describe, expect, it } from 'vitest'
import { guessScope } from './scope.ts'

describe('guessScope', () => {
  it('rule 1: Object without Attribute is object scope', () => {
    expect(guessScope({ Object: { id: '7' } })).toBe('object')
    expect(guessScope({ Object: {}, Attribute: null, Event: {} })).toBe('object')
  })
  it('rule 2: no Attribute is event scope', () => {
    expect(guessScope({ Event: { id: '1' } })).toBe('event')
    expect(guessScope({})).toBe('event')
    expect(guessScope({ Object: null })).toBe('event')
    expect(guessScope([])).toBe('event')
  })
  it('rule 3: Attribute without Event is attribute scope, even when empty', () => {
    expect(guessScope({ Attribute: [] })).toBe('attribute')
    expect(guessScope({ Attribute: { id: '1' }, Object: { id: '7' } })).toBe('attribute')
    expect(guessScope({ Attribute: {}, Event: null })).toBe('attribute')
  })
  it('rule 4: RelatedEvent, Orgc or Org next to Attribute and Event is event scope', () => {
    expect(guessScope({ Event: {}, Attribute: [{ id: '1' }], Orgc: {} })).toBe('event')
    expect(guessScope({ Event: {}, Attribute: [{ id: '1' }], Org: {} })).toBe('event')
    expect(guessScope({ Event: {}, Attribute: [], RelatedEvent: [] })).toBe('event')
  })
  it('rule 5: a non-empty Attribute next to Event is attribute scope', () => {
    expect(guessScope({ Event: { Orgc: {} }, Attribute: { id: '105' } })).toBe('attribute')
    expect(guessScope({ Event: {}, Attribute: { id: '1' }, Orgc: null })).toBe('attribute')
  })
  it('rule 6: an empty Attribute next to Event is no scope', () => {
    expect(guessScope({ Event: {}, Attribute: [] })).toBe('none')
    expect(guessScope({ Event: {}, Attribute: '0' })).toBe('none')
  })
})

import { describe, expect, it } from 'vitest'
import { propagateTags, withAllTags } from './all-tags.ts'
import type { PhpMap } from './types.ts'

const amber = { id: '1', name: 'tlp:amber' }
const galaxy = { id: '5', name: 'misp-galaxy:threat-actor="Sofacy"' }
const local = { id: '3', name: 'internal', local: true }

describe('withAllTags', () => {
  it('lists event tags first (inherited) then own tags, in order', () => {
    const attribute = withAllTags({ id: '1', Tag: [local] }, [amber, galaxy])
    expect(attribute._allTags).toEqual([
      { ...amber, inherited: true },
      { ...galaxy, inherited: true },
      { ...local, inherited: false },
    ])
  })
  it('keeps duplicates, once with each inherited value', () => {
    const attribute = withAllTags({ Tag: [amber] }, [amber])
    expect((attribute._allTags as PhpMap[]).map((entry) => entry.inherited)).toEqual([true, false])
  })
  it('appends _allTags, or overwrites it in place', () => {
    expect(Object.keys(withAllTags({ a: 1, Tag: [] }, []))).toEqual(['a', 'Tag', '_allTags'])
    expect(Object.keys(withAllTags({ _allTags: 'old', a: 1 }, [amber]))).toEqual(['_allTags', 'a'])
  })
  it('gives every attribute its own copies of the tags', () => {
    const eventTags = [amber]
    const first = withAllTags({}, eventTags)._allTags as PhpMap[]
    const second = withAllTags({}, eventTags)._allTags as PhpMap[]
    first[0].name = 'changed'
    expect(second[0].name).toBe('tlp:amber')
    expect(amber.name).toBe('tlp:amber')
  })
  it('throws for a scalar attribute, as PHP rejects a non-array argument', () => {
    expect(() => withAllTags('x', [])).toThrow(TypeError)
  })
})

describe('propagateTags', () => {
  it('gives object attributes the event tags too', () => {
    const event: PhpMap = { Tag: [amber], Object: [{ Attribute: [{ id: '2', Tag: [local] }] }] }
    propagateTags(event)
    const objectAttribute = ((event.Object as PhpMap[])[0].Attribute as PhpMap[])[0]
    expect((objectAttribute._allTags as PhpMap[]).map((entry) => entry.id)).toEqual(['1', '3'])
  })
  it('gives an empty _allTags when nothing is tagged', () => {
    const event: PhpMap = { Attribute: [{ id: '1' }] }
    propagateTags(event)
    expect((event.Attribute as PhpMap[])[0]._allTags).toEqual([])
  })
})

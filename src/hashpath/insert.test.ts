import { describe, expect, it } from 'vitest'
import { insert } from './insert.ts'

describe('insert', () => {
  it('creates missing keys and lists in simple mode', () => {
    expect(insert([], 'a.0.b', 'x')).toEqual({ a: [{ b: 'x' }] })
    expect(insert([], 'a.01', 'x')).toEqual({ a: { '01': 'x' } })
  })
  it('replaces a scalar intermediate with an array, as PHP does', () => {
    expect(insert({ a: 'xyz' }, 'a.0', 'Q')).toEqual({ a: ['Q'] })
  })
  it('turns a list into an object when an index leaves a gap', () => {
    expect(JSON.stringify(insert({ t: ['a'] }, 't.2', 'c'))).toBe('{"t":{"0":"a","2":"c"}}')
  })
  it('visits only existing keys in walk mode and creates keys below them', () => {
    expect(insert({ a: 1 }, 'b.{n}.c', 'x')).toEqual({ a: 1 })
    expect(insert({ l: [{ id: 1 }, { id: 2 }] }, 'l.{n}.k', 5)).toEqual({
      l: [
        { id: 1, k: 5 },
        { id: 2, k: 5 },
      ],
    })
  })
  it('merges instead of assigning when the path ends in a matcher', () => {
    const data = [{ id: 1 }, { id: 2 }]
    expect(insert(data, '{n}[id=2]', { checked: true })).toEqual([{ id: 1 }, { id: 2, checked: true }])
  })
  it('merges for a trailing "0" token, as PHP does because "0" is falsy', () => {
    expect(insert([{ 0: 'old', a: 1 }], '{n}.0', 'X')).toEqual([{ 0: 'old', 1: 'X', a: 1 }])
  })
  it('throws a TypeError when the walk recurses into a scalar', () => {
    expect(() => insert({ a: [1, 2] }, 'a.{n}.x', 5)).toThrow(TypeError)
    expect(() => insert({ a: ['x', { id: 1 }] }, 'a.{n}[id=1].k', 2)).toThrow(/matcher \{n\}\[id=1\]/)
  })
  it('does not mutate its input and copies only the modified path', () => {
    const data = { Event: { Attribute: [{ id: 1 }], Object: [{ id: 2 }] } }
    const before = JSON.stringify(data)
    const out = insert(data, 'Event.Attribute.{n}.seen', true) as typeof data
    expect(JSON.stringify(data)).toBe(before)
    expect(out.Event.Object).toBe(data.Event.Object)
    expect(out.Event.Attribute[0]).not.toBe(data.Event.Attribute[0])
  })
})

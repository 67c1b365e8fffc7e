import { describe, expect, it } from 'vitest'
import { get } from './get.ts'

describe('get', () => {
  const data = { a: { b: 1, n: null, f: false, s: 'xyz' }, list: ['x', 'y'] }

  it('returns the value found, including false, 0 and ""', () => {
    expect(get(data, 'a.b')).toBe(1)
    expect(get(data, 'a.f', 'd')).toBe(false)
    expect(get(data, 'list.1')).toBe('y')
  })
  it('returns the default for null values, as PHP isset does', () => {
    expect(get(data, 'a.n', 'd')).toBe('d')
    expect(get(data, 'a.missing')).toBeNull()
  })
  it('treats {n} and [..] as literal key names', () => {
    expect(get(data, 'list.{n}', [])).toEqual([])
    expect(get({ '{n}': 1 }, '{n}')).toBe(1)
  })
  it('never descends into strings', () => {
    expect(get(data, 'a.s.0')).toBeNull()
  })
  it('accepts array paths whose keys contain dots, and boolean paths', () => {
    expect(get({ a: { 'b.c': 1 } }, ['a', 'b.c'])).toBe(1)
    expect(get(['zero', 'one'], true)).toBe('one')
  })
  it('returns the default for empty data or a null path', () => {
    expect(get({}, 'a', 'd')).toBe('d')
    expect(get(data, null, 'd')).toBe('d')
  })
  it('rejects paths of other types with an error', () => {
    expect(() => get(data, {} as never)).toThrow('invalid path')
  })
})

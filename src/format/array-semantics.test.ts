import { describe, expect, it } from 'vitest'
import {
  append,
  arrayKey,
  asMap,
  castEntries,
  getKey,
  isEmpty,
  isSet,
  lookupId,
  looseEqualsZero,
  readKey,
  setAt,
  setOwn,
} from './array-semantics.ts'

describe('isSet and getKey', () => {
  it('treat null as not set, as PHP isset does', () => {
    expect(isSet({ a: null }, 'a')).toBe(false)
    expect(isSet({ a: 0 }, 'a')).toBe(true)
    expect(isSet('string', 'a')).toBe(false)
  })
  it('read list indices and ignore inherited properties', () => {
    expect(getKey(['x', 'y'], '1')).toBe('y')
    expect(getKey(['x'], 'length')).toBeUndefined()
    expect(getKey({}, 'constructor')).toBeUndefined()
  })
})

describe('readKey', () => {
  it('reads a named key of a map or list like getKey, and null for missing keys and non-string scalars', () => {
    expect(readKey({ event_id: '42' }, 'event_id')).toBe('42')
    expect(readKey([{ id: '1' }], 'id')).toBeUndefined()
    for (const scalar of [null, undefined, 5, true, false]) expect(readKey(scalar, 'event_id')).toBeUndefined()
  })
  it('throws for a string container, as PHP 8 reading "x"[\'event_id\'] does', () => {
    for (const text of ['tlp:red', '42', '']) {
      expect(() => readKey(text, 'event_id')).toThrow('Cannot access offset of type string on string')
    }
  })
})

describe('isEmpty', () => {
  it('follows PHP empty()', () => {
    for (const value of [undefined, null, false, 0, '', '0', [], {}]) expect(isEmpty(value)).toBe(true)
    for (const value of [true, 1, '00', ' ', 'a', [0], { a: null }, Number.NaN]) expect(isEmpty(value)).toBe(false)
  })
})

describe('arrayKey', () => {
  it('normalises keys as PHP does', () => {
    expect(arrayKey(101)).toBe('101')
    expect(arrayKey('101')).toBe('101')
    expect(arrayKey(true)).toBe('1')
    expect(arrayKey(null)).toBe('')
    expect(arrayKey(1.9)).toBe('1')
    expect(() => arrayKey([])).toThrow(TypeError)
  })
})

describe('setAt, append and asMap', () => {
  it('overwrites in place, extends lists, and turns gaps into maps', () => {
    expect(setAt(['a', 'b'], '0', 'z')).toEqual(['z', 'b'])
    expect(setAt(['a'], '1', 'b')).toEqual(['a', 'b'])
    expect(setAt(['a'], '3', 'b')).toEqual({ 0: 'a', 3: 'b' })
    expect(setAt(null, '0', 'a')).toEqual(['a'])
    expect(() => setAt('text', '0', 'a')).toThrow(TypeError)
  })
  it('appends after the highest integer key', () => {
    expect(append(undefined, 1)).toEqual([1])
    expect(append({ 2: 'a', x: 'b' }, 'c')).toEqual({ 2: 'a', 3: 'c', x: 'b' })
  })
  it('auto-vivifies null and false, and refuses other scalars', () => {
    expect(asMap(null)).toEqual({})
    expect(asMap(false)).toEqual({})
    expect(asMap(['a'])).toEqual({ 0: 'a' })
    expect(() => asMap(5)).toThrow('Cannot use a scalar value as an array')
  })
  it('keeps __proto__ as an own key', () => {
    const map = {}
    setOwn(map, '__proto__', 1)
    expect(Object.keys(map)).toEqual(['__proto__'])
    expect(Object.getPrototypeOf(map)).toBe(Object.prototype)
  })
})

describe('looseEqualsZero', () => {
  it('follows PHP 8 `== 0`', () => {
    for (const value of [null, undefined, false, 0, '0', '0.0', ' 0', '00']) expect(looseEqualsZero(value)).toBe(true)
    for (const value of ['', 'abc', '7', 7, true, []]) expect(looseEqualsZero(value)).toBe(false)
  })
})

describe('castEntries and lookupId', () => {
  it('casts like PHP (array)', () => {
    expect(castEntries(null)).toEqual([])
    expect(castEntries('x')).toEqual([['0', 'x']])
    expect(castEntries(['a'])).toEqual([['0', 'a']])
  })
  it('gives look-up ids as strings, or null for nothing to look up', () => {
    expect(lookupId(42)).toBe('42')
    expect(lookupId('42')).toBe('42')
    expect(lookupId(null)).toBeNull()
    expect(lookupId({})).toBeNull()
  })
})

import { describe, expect, it } from 'vitest'
import {
  isPhpIntKey,
  normalisePhpKey,
  phpArrayFromEntries,
  phpArrayGet,
  phpArrayMerge,
  phpArraySet,
  phpArrayUnset,
  phpCastArray,
} from './php-array.ts'

describe('normalisePhpKey', () => {
  it('turns canonical integer strings into integers and keeps the rest, as PHP does', () => {
    expect(normalisePhpKey('5')).toBe(5)
    expect(normalisePhpKey('-3')).toBe(-3)
    for (const k of ['05', '5.0', ' 5', '+5', '-0']) expect(normalisePhpKey(k)).toBe(k)
    expect(normalisePhpKey(true)).toBe(1)
    expect(normalisePhpKey(null)).toBe('')
    expect(normalisePhpKey(2.7)).toBe(2)
  })
  it('keeps integer strings beyond 64 bits as strings', () => {
    expect(isPhpIntKey('9223372036854775807')).toBe(true)
    expect(isPhpIntKey('9223372036854775808')).toBe(false)
  })
})

describe('phpArrayGet', () => {
  it('distinguishes a missing key (undefined) from a null value', () => {
    expect(phpArrayGet({ a: null }, 'a')).toBeNull()
    expect(phpArrayGet({ a: null }, 'b')).toBeUndefined()
    expect(phpArrayGet(['x'], '0')).toBe('x')
    expect(phpArrayGet(['x'], '00')).toBeUndefined()
    expect(phpArrayGet({}, 'constructor')).toBeUndefined()
  })
})

describe('phpArraySet and phpArrayUnset', () => {
  it('extends lists and turns gaps into objects keyed by index', () => {
    expect(phpArraySet(['a'], 1, 'b')).toEqual(['a', 'b'])
    expect(phpArraySet(['a'], 3, 'b')).toEqual({ 0: 'a', 3: 'b' })
    expect(phpArraySet({}, '0', 'a')).toEqual(['a'])
    expect(phpArraySet([], 'k', 1)).toEqual({ k: 1 })
  })
  it('never renumbers on unset, so a removed middle element leaves an object', () => {
    expect(phpArrayUnset(['a', 'b', 'c'], 1)).toEqual({ 0: 'a', 2: 'c' })
    expect(phpArrayUnset(['a', 'b', 'c'], 2)).toEqual(['a', 'b'])
    expect(phpArrayUnset({ 0: 'a', x: 1 }, 'x')).toEqual(['a'])
  })
  it('does not mutate its input', () => {
    const list = ['a']
    phpArraySet(list, 0, 'b')
    phpArrayUnset(list, 0)
    expect(list).toEqual(['a'])
  })
})

describe('phpArrayFromEntries', () => {
  it('returns a list only for keys 0..n-1 in order', () => {
    expect(
      phpArrayFromEntries([
        [0, 'a'],
        [1, 'b'],
      ]),
    ).toEqual(['a', 'b'])
    expect(
      JSON.stringify(
        phpArrayFromEntries([
          [1, 'b'],
          [0, 'a'],
        ]),
      ),
    ).toBe('{"0":"a","1":"b"}')
    expect(phpArrayFromEntries([])).toEqual([])
  })
})

describe('phpArrayMerge', () => {
  it('renumbers integer keys and overwrites string keys, as array_merge does', () => {
    expect(phpArrayMerge({ 0: 'old', a: 1 }, ['X'])).toEqual({ 0: 'old', a: 1, 1: 'X' })
    expect(phpArrayMerge({ a: 1, b: 2 }, { a: 3 })).toEqual({ a: 3, b: 2 })
    expect(phpArrayMerge({ 5: 'x' }, { 7: 'y' })).toEqual(['x', 'y'])
  })
  it('casts scalars to one-element arrays first', () => {
    expect(phpCastArray('x')).toEqual(['x'])
    expect(phpCastArray(null)).toEqual([])
  })
})

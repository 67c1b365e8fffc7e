import { describe, expect, it } from 'vitest'
import {
  isEmpty,
  isPhpNumeric,
  phpCompare,
  phpFloatToString,
  phpGreaterThan,
  phpIntval,
  phpLessThan,
  phpLooseEquals,
  phpStrcmp,
  phpToString,
  phpTruthy,
} from './php.ts'

describe('isPhpNumeric', () => {
  it('accepts PHP 8 numeric strings, with leading and trailing whitespace', () => {
    for (const v of ['1', '-1', '+1', '1.5', '.5', '5.', '1e3', '1E-3', ' 7', '7 ', ' 7 ', 3, 1.5]) {
      expect(isPhpNumeric(v)).toBe(true)
    }
  })
  it('rejects hex, underscores, inf, empty and non-strings, as PHP 8 does', () => {
    for (const v of ['0x1A', '1_000', 'inf', 'nan', '', ' ', 'abc', '3people', '1e', null, true, []]) {
      expect(isPhpNumeric(v)).toBe(false)
    }
  })
})

describe('phpTruthy', () => {
  it('treats "0", "", 0, null and empty arrays as false, as PHP does', () => {
    for (const v of ['0', '', 0, 0.0, null, undefined, false, [], {}]) expect(phpTruthy(v)).toBe(false)
    for (const v of ['00', ' ', '0.0', 'false', 1, -1, true, [0], { a: null }]) expect(phpTruthy(v)).toBe(true)
  })
  it('makes isEmpty its negation', () => {
    expect(isEmpty('0')).toBe(true)
    expect(isEmpty('a')).toBe(false)
  })
})

describe('phpLooseEquals', () => {
  it('follows PHP 8: 0 == "" is false and 0 == "abc" is false', () => {
    expect(phpLooseEquals(0, '')).toBe(false)
    expect(phpLooseEquals(0, 'abc')).toBe(false)
    expect(phpLooseEquals(0, '0')).toBe(true)
  })
  it('compares numeric strings numerically', () => {
    expect(phpLooseEquals('1e3', '1000')).toBe(true)
    expect(phpLooseEquals('3 ', '3')).toBe(true)
    expect(phpLooseEquals('abc', 'ABC')).toBe(false)
  })
  it('compares integer strings that fit in 64 bits digit for digit, past 2^53 too, as PHP 8 does', () => {
    expect(phpLooseEquals('12345678901234567', '12345678901234568')).toBe(false)
    expect(phpLooseEquals('4111111111111111111', '4111111111111111112')).toBe(false)
    expect(phpLooseEquals('012345678901234567', ' 12345678901234567')).toBe(true)
    expect(phpLooseEquals('-9223372036854775808', '-9223372036854775808 ')).toBe(true)
    expect(phpLooseEquals(1234567890123456, '01234567890123456')).toBe(true)
    expect(phpLooseEquals(5, '5.0')).toBe(true)
  })
  it('compares an integer string with a float string as floats', () => {
    expect(phpLooseEquals('12345678901234567', '1.2345678901234568e16')).toBe(true)
  })
  it('compares integer strings past 64 bits whose floats are equal as text', () => {
    expect(phpLooseEquals('99999999999999999999', '99999999999999999998')).toBe(false)
    expect(phpLooseEquals('99999999999999999999', '099999999999999999999')).toBe(false)
    expect(phpLooseEquals('99999999999999999999', '99999999999999999999')).toBe(true)
    expect(phpCompare('9223372036854775807', '9223372036854775808')).toBe(-1)
    expect(phpCompare('-9223372036854775809', '-9223372036854775808')).toBe(-1)
  })
  it('compares null and booleans as booleans, and null with strings as ""', () => {
    expect(phpLooseEquals(null, false)).toBe(true)
    expect(phpLooseEquals(null, 0)).toBe(true)
    expect(phpLooseEquals(null, '')).toBe(true)
    expect(phpLooseEquals(null, '0')).toBe(false)
    expect(phpLooseEquals(true, 'abc')).toBe(true)
    expect(phpLooseEquals(false, '0')).toBe(true)
  })
  it('compares arrays key by key, loosely', () => {
    expect(phpLooseEquals({ a: 1 }, { a: '1' })).toBe(true)
    expect(phpLooseEquals([1, 2], [2, 1])).toBe(false)
    expect(phpLooseEquals([], false)).toBe(true)
    expect(phpLooseEquals([1], 'Array')).toBe(false)
  })
})

describe('phpCompare', () => {
  it('orders two numeric strings numerically, unlike JS', () => {
    expect(phpGreaterThan('101', '99')).toBe(true)
    expect(phpCompare('10', '9')).toBe(1)
  })
  it('orders a number against a non-numeric string as strings', () => {
    expect(phpCompare(5, 'abc')).toBe(-1)
    expect(phpCompare('198.51.100.7', '2')).toBe(-1)
  })
  it('treats null as "" against strings and as false against numbers', () => {
    expect(phpLessThan(null, '1')).toBe(true)
    expect(phpLessThan(null, -1)).toBe(true)
    expect(phpCompare(null, null)).toBe(0)
  })
  it('makes an array greater than any scalar', () => {
    expect(phpCompare([1], 'x')).toBe(1)
    expect(phpCompare('x', [1])).toBe(-1)
    expect(phpCompare([1, 2], [3])).toBe(1)
  })
  it('compares strings by code point like strcmp', () => {
    expect(phpStrcmp('a', 'b')).toBe(-1)
    expect(phpStrcmp('\u{1f600}', '\uffff')).toBe(1)
  })
})

describe('phpToString', () => {
  it('converts scalars as PHP does', () => {
    expect(phpToString(true)).toBe('1')
    expect(phpToString(false)).toBe('')
    expect(phpToString(null)).toBe('')
    expect(phpToString(42)).toBe('42')
    expect(phpToString(1.5)).toBe('1.5')
    expect(phpToString(0.1 + 0.2)).toBe('0.3')
  })
  it('prints floats with precision 14 and PHP exponent notation', () => {
    expect(phpFloatToString(1e20)).toBe('1.0E+20')
    expect(phpFloatToString(1.5e-7)).toBe('1.5E-7')
    expect(phpFloatToString(-0)).toBe('-0')
    expect(phpFloatToString(Number.POSITIVE_INFINITY)).toBe('INF')
  })
})

describe('phpIntval', () => {
  it('reads leading numbers from strings, as PHP 8 does', () => {
    expect(phpIntval('12abc')).toBe(12)
    expect(phpIntval(' 42')).toBe(42)
    expect(phpIntval('1e3')).toBe(1000)
    expect(phpIntval('abc')).toBe(0)
    expect(phpIntval(3.9)).toBe(3)
    expect(phpIntval(-3.9)).toBe(-3)
    expect(phpIntval(true)).toBe(1)
    expect(phpIntval(null)).toBe(0)
  })
})

import { describe, expect, it } from 'vitest'
import { combine } from './combine.ts'

const users = [
  { id: 2, group: 1, name: 'a' },
  { id: 14, group: 2, name: 'b' },
  { id: 25, group: 1, name: 'c' },
]

describe('combine', () => {
  it('maps extracted keys to extracted values', () => {
    expect(combine(users, '{n}.id', '{n}.name')).toEqual({ 2: 'a', 14: 'b', 25: 'c' })
  })
  it('uses null values when the value path is missing or finds nothing', () => {
    expect(combine(users, '{n}.id')).toEqual({ 2: null, 14: null, 25: null })
    expect(combine(users, '{n}.id', '{n}.nope')).toEqual({ 2: null, 14: null, 25: null })
  })
  it('groups by a third path', () => {
    expect(combine(users, '{n}.id', '{n}.name', '{n}.group')).toEqual({ 1: { 2: 'a', 25: 'c' }, 2: { 14: 'b' } })
  })
  it('formats keys with [format, ...paths]', () => {
    expect(combine(users, ['%s-%d', '{n}.name', '{n}.id'], '{n}.group')).toEqual({ 'a-2': 1, 'b-14': 2, 'c-25': 1 })
  })
  it('throws when keys and values differ in number, as CakePHP does', () => {
    expect(() => combine([{ id: 1, n: 'x' }, { id: 2 }], '{n}.id', '{n}.n')).toThrow('equal number of keys and values')
  })
  it('keeps the first position and the last value of a duplicate key', () => {
    expect(
      combine(
        [
          { k: 'a', v: 1 },
          { k: 'b', v: 2 },
          { k: 'a', v: 3 },
        ],
        '{n}.k',
        '{n}.v',
      ),
    ).toEqual({ a: 3, b: 2 })
  })
  it('returns a list for keys 0..n-1, as json_encode would', () => {
    expect(combine([{ k: 0 }, { k: 1 }], '{n}.k', '{n}.k')).toEqual([0, 1])
  })
})

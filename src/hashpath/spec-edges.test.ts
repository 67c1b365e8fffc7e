/**
 * Rules spec/HASHPATH.md states that the conformance vectors do not exercise directly.
 */
import { describe, expect, it } from 'vitest'
import { check } from './check.ts'
import { extract } from './extract.ts'
import { get } from './get.ts'

describe('hash path rules outside the vector files', () => {
  it('compares [x!=/a/] as plain text: only = reads a regex (§5 step 4)', () => {
    expect(extract([{ x: '/a/' }, { x: 'a' }], '{n}[x!=/a/]')).toEqual([{ x: 'a' }])
  })
  it('orders numeric strings as numbers and other strings as text (§5.1)', () => {
    const items = [{ v: '9' }, { v: '10' }, { v: 'abc' }, { v: 2 }]
    expect(extract(items, '{n}[v<10].v')).toEqual(['9', 2])
    expect(extract(items, '{n}[v<=10].v')).toEqual(['9', '10', 2])
    expect(extract(items, '{n}[v>=10].v')).toEqual(['10', 'abc'])
  })
  it('never matches a boolean against a non-numeric, non-true/false value (§5 step 3)', () => {
    expect(extract([{ active: true }, { active: 'yes' }], '{n}[active=yes]')).toEqual([{ active: 'yes' }])
  })
  it('treats an array value as greater than any text (§5.1)', () => {
    expect(extract([{ v: [1] }, { v: 'z' }], '{n}[v<zzz].v')).toEqual(['z'])
    expect(extract([{ v: [1] }, { v: 'z' }], '{n}[v!=z].v')).toEqual([[1]])
  })
  it('checks an empty path as "is the data non-empty" (§6)', () => {
    expect(check({ a: 1 }, '')).toBe(true)
    expect(check([], '')).toBe(false)
  })
  it('reads a boolean get path as key 1 or 0, and an extract path false as empty (§3, §4.2)', () => {
    expect(get(['a', 'b'], true)).toBe('b')
    expect(get(['a', 'b'], false)).toBe('a')
    expect(extract(['a', 'b'], false)).toEqual(['a', 'b'])
    expect(extract(['a', 'b'], true)).toEqual(['b'])
  })
})

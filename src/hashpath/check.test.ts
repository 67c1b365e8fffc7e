import { describe, expect, it } from 'vitest'
import { check } from './check.ts'

describe('check', () => {
  it('is false for a simple path to null but true through a wildcard, as CakePHP does', () => {
    expect(check({ a: { b: null } }, 'a.b')).toBe(false)
    expect(check({ a: { b: null } }, '{s}.b')).toBe(true)
  })
  it('is true for an empty path when the data is not empty', () => {
    expect(check({ a: 1 }, '')).toBe(true)
    expect(check([], '')).toBe(false)
  })
  it('reports whether any element passes a matcher', () => {
    expect(check([{ t: 'md5' }], '{n}[t=md5]')).toBe(true)
    expect(check([{ t: 'md5' }], '{n}[t=sha1]')).toBe(false)
  })
})

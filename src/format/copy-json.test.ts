import { describe, expect, it } from 'vitest'
import { copyJson } from './copy-json.ts'

describe('copyJson', () => {
  it('copies deeply and keeps key order', () => {
    const source = { b: 1, a: [{ c: null, d: 'x' }], e: { f: true } }
    const copy = copyJson(source)
    expect(JSON.stringify(copy)).toBe(JSON.stringify(source))
    expect(copy.a).not.toBe(source.a)
    expect(copy.a[0]).not.toBe(source.a[0])
    expect(copy.e).not.toBe(source.e)
  })
  it('returns scalars as they are', () => {
    expect(copyJson(null)).toBeNull()
    expect(copyJson('x')).toBe('x')
  })
  it('keeps a __proto__ key as data', () => {
    const source = JSON.parse('{"__proto__": {"polluted": true}}')
    const copy = copyJson(source)
    expect(Object.keys(copy)).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('copyJson with a polluted Object.prototype', () => {
  it('copies only own keys', () => {
    Object.defineProperty(Object.prototype, 'polluted', {
      value: 1,
      enumerable: true,
      configurable: true,
      writable: true,
    })
    try {
      expect(Object.keys(copyJson({ a: { b: 1 } }).a)).toEqual(['b'])
    } finally {
      delete (Object.prototype as Record<string, unknown>).polluted
    }
  })
})

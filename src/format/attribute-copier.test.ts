import { describe, expect, it } from 'vitest'
import { copyPlainAttribute } from './attribute-copier.ts'

describe('copyPlainAttribute', () => {
  it('copies an attribute without value1, value2 and an empty SharingGroup, keeping key order', () => {
    const source = { id: '1', value1: 'a', SharingGroup: [], value: 'a|b', value2: 'b', Tag: [{ name: 't' }] }
    const copy = copyPlainAttribute(source, true)
    expect(copy).toEqual({ id: '1', value: 'a|b', Tag: [{ name: 't' }] })
    expect(Object.keys(copy!)).toEqual(['id', 'value', 'Tag'])
    expect(copy).not.toBe(source)
  })

  it('gives the same result for attributes with the same keys, reusing the compiled copier', () => {
    const first = copyPlainAttribute({ id: '1', type: 'md5', value: 'x' }, true)
    const second = copyPlainAttribute({ id: '2', type: 'ip-src', value: 'y' }, true)
    expect([first, second]).toEqual([
      { id: '1', type: 'md5', value: 'x' },
      { id: '2', type: 'ip-src', value: 'y' },
    ])
  })

  it('leaves attributes needing the general path to it', () => {
    expect(copyPlainAttribute({ id: '1', SharingGroup: { id: '5' } }, false)).toBeUndefined()
    expect(copyPlainAttribute({ id: '1', AttributeTag: [] }, true)).toBeUndefined()
    const withProto = JSON.parse('{"id": "1", "__proto__": {"polluted": true}}')
    expect(copyPlainAttribute(withProto, true)).toBeUndefined()
  })

  it('treats hostile keys as data: nothing they spell is run', () => {
    const key = '"]}); globalThis.__sluiceInjected = true; ({"'
    const source = { id: '1', [key]: 'v', 'a\\"b': 2, '\u2028': 3 }
    const copy = copyPlainAttribute(source, true)
    expect(copy).toEqual(source)
    expect((globalThis as Record<string, unknown>).__sluiceInjected).toBeUndefined()
  })

  it('keeps working past the number of key lists it remembers', () => {
    for (let i = 0; i < 40; i++) {
      expect(copyPlainAttribute({ [`k${i}`]: i, value1: 'x' }, true)).toEqual({ [`k${i}`]: i })
    }
  })
})

import { describe, expect, it } from 'vitest'
import { remove } from './remove.ts'

describe('remove', () => {
  it('unsets a simple path and leaves missing paths alone', () => {
    expect(remove({ a: { b: 1, c: 2 } }, 'a.b')).toEqual({ a: { c: 2 } })
    const data = { a: 1 }
    expect(remove(data, 'x.y')).toBe(data)
  })
  it('leaves gaps instead of renumbering, so the list becomes an object', () => {
    expect(JSON.stringify(remove([{ a: 1 }, { a: 2 }, { a: 1 }], '{n}[a=2]'))).toBe('{"0":{"a":1},"2":{"a":1}}')
  })
  it('prunes arrays emptied by the removal, and arrays that were already empty', () => {
    expect(remove({ T: [{ n: 'x' }], k: 1 }, 'T.{n}[n=x]')).toEqual({ k: 1 })
    expect(remove({ a: [], b: { x: 1, y: 2 } }, '{s}.x')).toEqual({ b: { y: 2 } })
  })
  it('removes scalar children but keeps array children for a bare {n}, as CakePHP does', () => {
    expect(remove(['x', 'y'], '{n}')).toEqual([])
    expect(remove([[1], [2]], '{n}')).toEqual([[1], [2]])
  })
  it('throws an Error when a numeric segment walks into a string, as PHP does', () => {
    expect(() => remove({ a: 'xyz' }, 'a.0.b')).toThrow(/points into a string/)
  })
  it('does not mutate its input and keeps untouched branches shared', () => {
    const data = { Event: { Attribute: [{ id: 1, Tag: [{ n: 'a' }] }], Object: [] } }
    const before = JSON.stringify(data)
    const out = remove(data, 'Event.Attribute.{n}.Tag') as typeof data
    expect(JSON.stringify(data)).toBe(before)
    expect(out.Event.Attribute).toEqual([{ id: 1 }])
    expect(out.Event.Object).toBe(data.Event.Object)
  })
})

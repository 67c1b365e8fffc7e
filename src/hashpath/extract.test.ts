import { describe, expect, it } from 'vitest'
import { extract } from './extract.ts'

const event = {
  Event: {
    Orgc: { id: '2', name: 'CERT' },
    Attribute: [
      { id: '101', type: 'ip-src', value: '198.51.100.7', to_ids: true, Tag: [{ name: 'tlp:red' }] },
      { id: '99', type: 'domain', value: 'example.com', to_ids: false, Tag: [] },
      { id: '102', type: 'filename', value: 'invoice.pdf.exe', to_ids: true },
    ],
  },
}

describe('extract', () => {
  it('returns the data itself for PHP-empty paths, including "0"', () => {
    expect(extract(['a', 'b'], '0')).toEqual(['a', 'b'])
    expect(extract(event, '')).toBe(event)
  })
  it('unwraps an array found by a simple path and wraps a scalar', () => {
    expect(extract(event, 'Event.Orgc')).toBe(event.Event.Orgc)
    expect(extract(event, 'Event.Orgc.name')).toEqual(['CERT'])
    expect(extract(event, 'Event.Nope')).toEqual([])
  })
  it('walks {n} and nested lists in document order', () => {
    expect(extract(event, 'Event.Attribute.{n}.Tag.{n}.name')).toEqual(['tlp:red'])
    expect(extract(event, 'Event.Attribute.{n}.id')).toEqual(['101', '99', '102'])
  })
  it('compares numeric strings numerically in matchers, as PHP 8 does', () => {
    expect(extract(event, 'Event.Attribute.{n}[id>100].id')).toEqual(['101', '102'])
  })
  it('matches booleans against 1/0 and true/false', () => {
    expect(extract(event, 'Event.Attribute.{n}[to_ids=1].id')).toEqual(['101', '102'])
    expect(extract(event, 'Event.Attribute.{n}[to_ids=false].id')).toEqual(['99'])
  })
  it('applies PCRE matchers with flags', () => {
    expect(extract(event, 'Event.Attribute.{n}[value=/\\.EXE$/i].id')).toEqual(['102'])
    expect(extract(event, 'Event.Attribute.{n}.Tag.{n}[name=/^tlp:/].name')).toEqual(['tlp:red'])
  })
  it('treats a scalar as a one-element array during the walk', () => {
    expect(extract(event, 'Event.Attribute.{n}.value.0')).toEqual(['198.51.100.7', 'example.com', 'invoice.pdf.exe'])
  })
  it('throws a TypeError when a regex matcher meets an array value, as PHP does', () => {
    expect(() => extract(event, 'Event.Attribute.{n}[Tag=/x/]')).toThrow(TypeError)
  })
  it('does not mutate or copy the data it returns', () => {
    const [first] = extract(event, 'Event.Attribute.{n}[id=101]') as unknown[]
    expect(first).toBe(event.Event.Attribute[0])
  })
})

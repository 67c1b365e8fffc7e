import { describe, expect, it } from 'vitest'
import { allowListEntries, parseAllowList } from './allow-list.ts'

describe('parseAllowList', () => {
  const list = parseAllowList([
    'hooks.example.com',
    '*.corp.example',
    'splunk.example.net:8088',
    '10.0.0.0/8',
    '192.0.2.5',
    '[::1]:6666',
    'fd00::/8',
  ])

  it('admits a named host on any port, case-insensitively', () => {
    expect(list.allows('hooks.example.com', 443)).toBe(true)
    expect(list.allows('HOOKS.example.com', 8080)).toBe(true)
    expect(list.allows('evil-hooks.example.com', 443)).toBe(false)
  })

  it('admits subdomains of a wildcard entry but not the bare domain', () => {
    expect(list.allows('a.b.corp.example', 443)).toBe(true)
    expect(list.allows('corp.example', 443)).toBe(false)
    expect(list.allows('notcorp.example', 443)).toBe(false)
  })

  it('admits a host:port entry on that port only', () => {
    expect(list.allows('splunk.example.net', 8088)).toBe(true)
    expect(list.allows('splunk.example.net', 443)).toBe(false)
  })

  it('admits addresses inside a network and refuses those outside', () => {
    expect(list.allows('10.20.30.40', 80)).toBe(true)
    expect(list.allows('11.0.0.1', 80)).toBe(false)
    expect(list.allows('192.0.2.5', 80)).toBe(true)
    expect(list.allows('192.0.2.6', 80)).toBe(false)
    expect(list.allows('fd12::1', 80)).toBe(true)
    expect(list.allows('::1', 6666)).toBe(true)
    expect(list.allows('::1', 80)).toBe(false)
  })

  it('checks resolved addresses against the networks', () => {
    expect(list.allowsAddress('10.1.1.1', 443)).toBe(true)
    expect(list.allowsAddress('127.0.0.1', 443)).toBe(false)
  })

  it('admits everything with `*` and nothing when empty', () => {
    expect(parseAllowList(['*']).allows('anything.example', 1)).toBe(true)
    const empty = parseAllowList([])
    expect(empty.isEmpty).toBe(true)
    expect(empty.allows('127.0.0.1', 80)).toBe(false)
  })

  it('names an invalid network', () => {
    expect(() => parseAllowList(['10.0.0.0/33'])).toThrow('invalid network `10.0.0.0/33`')
  })
})

describe('allowListEntries', () => {
  it('reads a list or a string split on commas, spaces and newlines', () => {
    expect(allowListEntries(['a', ' b '])).toEqual(['a', 'b'])
    expect(allowListEntries('a, b\nc  d')).toEqual(['a', 'b', 'c', 'd'])
    expect(allowListEntries(undefined)).toEqual([])
  })
})

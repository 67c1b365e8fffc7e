import { describe, expect, it } from 'vitest'
import { matchesIndexFilter } from './index-filter.ts'

describe('matchesIndexFilter', () => {
  it('matches everything when the filter is missing or empty', () => {
    expect(matchesIndexFilter('Any name', undefined)).toBe(true)
    expect(matchesIndexFilter('Any name', '')).toBe(true)
  })
  it('needs an exact, case-sensitive match without `%`', () => {
    expect(matchesIndexFilter('Block tlp:red', 'Block tlp:red')).toBe(true)
    expect(matchesIndexFilter('Block tlp:red', 'block tlp:red')).toBe(false)
    expect(matchesIndexFilter('Block tlp:red', 'Block')).toBe(false)
  })
  it('reads `%` as a wildcard, case-insensitively, like SQL LIKE', () => {
    expect(matchesIndexFilter('Block tlp:red', 'block%')).toBe(true)
    expect(matchesIndexFilter('Block tlp:red', '%TLP%')).toBe(true)
    expect(matchesIndexFilter('Block tlp:red', '%green%')).toBe(false)
  })
  it('takes regular-expression characters literally', () => {
    expect(matchesIndexFilter('a.b (c)', 'a.b (c)%')).toBe(true)
    expect(matchesIndexFilter('axb (c)', 'a.b%')).toBe(false)
  })
})

/**
 * How a regex matcher value `/body/modifiers` is split, as PHP's `preg_match` splits it
 * (spec/HASHPATH.md §5 step 4: the value includes the delimiters and flags, and a pattern that
 * does not compile only warns, so it matches nothing).
 */
import { describe, expect, it } from 'vitest'
import { extract } from './extract.ts'
import { compilePcre, testPcre } from './regex.ts'

function matches(pattern: string, subject: string): boolean {
  const compiled = compilePcre(pattern)
  return compiled !== null && testPcre(compiled, subject)
}

describe('regex matcher delimiters and modifiers', () => {
  it('ends the pattern at the first unescaped slash; what follows are modifiers', () => {
    // `/a/b/` is the pattern `a` with the modifiers `b/`, which PHP refuses: no match.
    expect(compilePcre('/a/b/')).toBeNull()
    expect(extract([{ v: 'a/b' }, { v: 'a' }], '{n}[v=/a/b/]')).toEqual([])
    // An escaped slash stays inside the pattern.
    expect(matches('/a\\/b/', 'a/b')).toBe(true)
    expect(extract([{ v: 'a/b' }, { v: 'a' }], '{n}[v=/a\\/b/]')).toEqual([{ v: 'a/b' }])
  })
  it('matches nothing, without throwing, for the removed /e modifier', () => {
    expect(compilePcre('/a/e')).toBeNull()
    expect(extract([{ v: 'a' }], '{n}[v=/a/e]')).toEqual([])
  })
  it('skips spaces and line breaks between modifiers, as PHP does', () => {
    expect(matches('/a/ i', 'A')).toBe(true)
    expect(matches('/a/\ni\r', 'A')).toBe(true)
    // `[v=/a/ i]` is not a `/…/` followed by `]`, so the plain value `/a/ i` is the regex.
    expect(extract([{ v: 'A' }, { v: 'b' }], '{n}[v=/a/ i]')).toEqual([{ v: 'A' }])
  })
  it('accepts the n (no auto-capture) modifier of PHP 8.2', () => {
    expect(matches('/(a)b/n', 'ab')).toBe(true)
  })
  it('matches nothing for a pattern without an ending delimiter', () => {
    expect(compilePcre('/a\\/')).toBeNull()
    expect(compilePcre('/')).toBeNull()
  })
  it('does not match ^ after a newline that ends the subject under /m, as PCRE does', () => {
    expect(matches('/^b/m', 'a\nb')).toBe(true)
    expect(matches('/^$/m', 'a\n')).toBe(false)
    expect(matches('/a\n^/m', 'a\n')).toBe(false)
    expect(matches('/^$/m', '')).toBe(true)
  })
})

/**
 * The backtracking bound of regex matchers: common patterns that repeat a group which can match
 * in only one way (IPv4 addresses, domain names) must run, as they do in PHP, while patterns
 * that can backtrack exponentially stay refused (spec/HASHPATH.md §5.2; regex.ts).
 */
import { describe, expect, it } from 'vitest'
import { compilePcre, testPcre } from './regex.ts'

function matches(pattern: string, subject: string): boolean {
  const compiled = compilePcre(pattern)
  return compiled !== null && testPcre(compiled, subject)
}

// Runs the pattern on a subject built to make it backtrack, as long as its bound allows (at most
// `cap`). A pattern that backtracked exponentially would not return within the test's timeout;
// these return in milliseconds. (No timing is asserted: speed belongs to benchmarks.)
function worstCase(pattern: string, unit: string, tail: string, cap = 20_000): boolean {
  const compiled = compilePcre(pattern)!
  const length = Math.min(compiled.maxSubjectLength - tail.length, cap)
  const subject = unit.repeat(Math.floor(length / unit.length)) + tail
  return testPcre(compiled, subject)
}

describe('regex matcher backtracking bound', () => {
  it('runs patterns that repeat a group ending in a character its repeat cannot match', () => {
    expect(matches('/^(\\d+\\.){3}\\d+$/', '198.51.100.7')).toBe(true)
    expect(matches('/^(\\d+\\.){3}\\d+$/', '198.51.100')).toBe(false)
    expect(matches('/^([a-z0-9-]+\\.)+[a-z]{2,}$/i', 'www.Example.com')).toBe(true)
    expect(matches('/^([a-z0-9-]+\\.)+[a-z]{2,}$/i', 'localhost')).toBe(false)
    expect(matches('/^(?:ab|cd)+$/', 'abcdab')).toBe(true)
  })
  it('runs those patterns to the end on subjects built to make them backtrack', () => {
    expect(worstCase('/^(\\d+\\.){3}\\d+$/', '1', '.1.1.x')).toBe(false)
    expect(worstCase('/^([a-z0-9-]+\\.)+[a-z]{2,}$/i', 'a.', '!')).toBe(false)
    expect(worstCase('/([a-z]+;)+x/', 'ab;', '')).toBe(false)
  })
  it('does not count a run that ends the pattern against the subject length', () => {
    const url = `https://example.org/${'a'.repeat(2000)}?id=1`
    expect(matches('/https?:\\/\\/[^\\/]+\\/.*/', url)).toBe(true)
    expect(matches('/^evil.*/', `evil${'x'.repeat(100_000)}`)).toBe(true)
    expect(worstCase('/https?:\\/\\/[^\\/]+\\/.*/', 'http://', '')).toBe(true)
    expect(worstCase('/a.*b.*/', 'a', '')).toBe(false)
  })
  it('treats a capturing group around one run like the run itself', () => {
    expect(matches('/(\\d+)-(\\d+)/', `${'1'.repeat(5000)}-2`)).toBe(true)
    expect(worstCase('/(\\d+)-(\\d+)/', '1', '')).toBe(false)
    expect(() => compilePcre('/^(\\d+)+$/')).toThrow(/unsafe/)
  })
  it('stops a run before a class it shares no character with', () => {
    expect(matches('/[a-z]+[0-9]+[a-z]+/', `${'a'.repeat(3000)}1b`)).toBe(true)
    expect(worstCase('/[a-z]+[0-9]+[a-z]+/', 'a1', '')).toBe(true)
    expect(() => compilePcre('/^(?:[a-z]+[0-9])+$/')).not.toThrow()
    // A class the run overlaps, or a group that turns on /i, does not stop it.
    expect(() => compilePcre('/^(?:[a-z]+[a-c0-9])+$/')).toThrow(/unsafe/)
    expect(() => compilePcre('/^(?:[A-Z]+(?i:[a-z]))+$/')).toThrow(/unsafe/)
  })
  it('still refuses groups that can match one text in several ways', () => {
    for (const pattern of ['/^(a+)+$/', '/(a|aa)*c/', '/(x+x+)+y/', '/^(a+b?)+$/', '/^(\\w+\\s?)+$/', '/^(a|ab)+$/']) {
      expect(() => compilePcre(pattern), pattern).toThrow(/unsafe/)
    }
  })
})

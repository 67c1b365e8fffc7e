import { describe, expect, it } from 'vitest'
import { compilePcre, testPcre, toByteString } from './regex.ts'

function matches(pattern: string, subject: string): boolean {
  const compiled = compilePcre(pattern)
  return compiled !== null && testPcre(compiled, subject)
}

describe('compilePcre', () => {
  it('keeps ordinary patterns working', () => {
    expect(matches('/^tlp:/i', 'TLP:RED')).toBe(true)
    expect(matches('/\\.exe$/', 'invoice.pdf.exe')).toBe(true)
    expect(matches('/^(?:foo|bar)$/', 'bar')).toBe(true)
    expect(matches('/^\\d{1,3}(?:\\.\\d{1,3}){3}$/', '198.51.100.7')).toBe(true)
    expect(matches('/[a-z]+@[a-z]+\\.com/', `${'x'.repeat(5000)}@ab.com`)).toBe(true)
  })
  it('rejects a nested-quantifier pattern with an error naming the regex, whatever the subject', () => {
    const hostile = `${'a'.repeat(50_000)}b`
    expect(() => matches('/^(a+)+$/', hostile)).toThrow('/^(a+)+$/')
    expect(() => matches('/(a|aa)*c/', 'aaaa')).toThrow(/unsafe/)
    expect(() => matches('/(x+x+)+y/', 'xxxx')).toThrow(/unsafe/)
  })
  it('rejects backreferences as unsafe', () => {
    expect(() => compilePcre('/(a)\\1/')).toThrow(/backreferences/)
    expect(() => compilePcre('/(?P<x>a)(?P=x)/')).toThrow(/backreferences/)
  })
  it('refuses subjects too long for a polynomial pattern instead of running it', () => {
    const compiled = compilePcre('/.*.*x/')!
    expect(testPcre(compiled, 'ax')).toBe(true)
    expect(() => testPcre(compiled, 'a'.repeat(5000))).toThrow(/too expensive/)
    expect(() => compilePcre('/.*.*.*.*x/')).toThrow(/unsafe/)
  })
  it('matches nothing for a pattern PCRE cannot compile, as PHP only warns', () => {
    expect(compilePcre('/a(/')).toBeNull()
    expect(compilePcre('#abc#')).toBeNull()
    expect(compilePcre('/a/k')).toBeNull()
  })
  it('follows PCRE rather than JS for ., $ and flags', () => {
    expect(matches('/^.$/', '\r')).toBe(true)
    expect(matches('/^a$/', 'a\n')).toBe(true)
    expect(matches('/^a$/D', 'a\n')).toBe(false)
    expect(matches('/^a.b$/s', 'a\nb')).toBe(true)
    expect(matches('/^b$/m', 'a\nb')).toBe(true)
    expect(matches('/a b c/x', 'abc')).toBe(true)
    expect(matches('/(?i)abc/', 'ABC')).toBe(true)
    expect(matches('/b/A', 'ab')).toBe(false)
    expect(matches('/(?P<word>\\w+)/', 'x')).toBe(true)
    expect(matches('/^[[:alpha:]]+$/', 'abc')).toBe(true)
  })
  it('works on UTF-8 bytes without /u and on characters with /u, as PCRE does', () => {
    expect(matches('/^.$/', 'é')).toBe(false)
    expect(matches('/^..$/', 'é')).toBe(true)
    expect(matches('/^.$/u', 'é')).toBe(true)
    expect(matches('/é/', 'café')).toBe(true)
    expect(toByteString('é')).toBe('\xc3\xa9')
  })
  it('rejects unsupported PCRE features with a clear error', () => {
    expect(() => compilePcre('/a++/')).toThrow(/possessive/)
    expect(() => compilePcre('/(?>a)/')).toThrow(/not supported/)
  })
})

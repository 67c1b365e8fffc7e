import { describe, expect, it } from 'vitest'
import { firstMatch } from './warninglist-match.ts'

describe('firstMatch', () => {
  it('string lists match the whole value, case-insensitively', () => {
    expect(firstMatch({ type: 'string', entries: ['Example.org'] }, 'example.org')).toBe('Example.org')
    expect(firstMatch({ type: 'string', entries: ['example.org'] }, 'www.example.org')).toBeNull()
  })

  it('hostname lists match the host and its sub-domains, also inside URLs', () => {
    const list = { type: 'hostname', entries: ['example.org'] }
    expect(firstMatch(list, 'a.b.example.org')).toBe('example.org')
    expect(firstMatch(list, 'https://user@cdn.example.org:8443/x?y')).toBe('example.org')
    expect(firstMatch(list, 'badexample.org')).toBeNull()
  })

  it('cidr lists match addresses inside the networks, IPv4 and IPv6', () => {
    const list = { type: 'cidr', entries: ['198.51.100.0/24', '2001:db8::/32', '192.0.2.1'] }
    expect(firstMatch(list, '198.51.100.200')).toBe('198.51.100.0/24')
    expect(firstMatch(list, '2001:db8::1')).toBe('2001:db8::/32')
    expect(firstMatch(list, '192.0.2.1')).toBe('192.0.2.1')
    expect(firstMatch(list, '192.0.2.2')).toBeNull()
    expect(firstMatch(list, 'not an ip')).toBeNull()
  })

  it('substring and regex lists, and composite values part by part', () => {
    expect(firstMatch({ type: 'substring', entries: ['google'] }, 'mail.GOOGLE.com')).toBe('google')
    expect(firstMatch({ type: 'regex', entries: ['/^10\\./'] }, '10.1.2.3')).toBe('/^10\\./')
    expect(firstMatch({ type: 'regex', entries: ['(unclosed'] }, 'x')).toBeNull()
    expect(firstMatch({ type: 'cidr', entries: ['198.51.100.0/24'] }, 'evil.test|198.51.100.7')).toBe('198.51.100.0/24')
  })
})

describe('firstMatch on regex lists', () => {
  it('refuses a catastrophic pattern instead of hanging', () => {
    expect(firstMatch({ type: 'regex', entries: ['/^(a+)+$/'] }, `${'a'.repeat(40)}!`)).toBeNull()
  })

  it('delimits a bare pattern', () => {
    expect(firstMatch({ type: 'regex', entries: ['^https?://'] }, 'http://x')).toBe('^https?://')
  })
})

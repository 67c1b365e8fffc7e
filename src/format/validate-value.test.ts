import { describe, expect, it } from 'vitest'
import { validateAttributeValue } from './validate-value.ts'

const ok = (type: string, value: unknown) => expect(validateAttributeValue(type, value), `${type} ${value}`).toBeNull()
const bad = (type: string, value: unknown) =>
  expect(validateAttributeValue(type, value), `${type} ${value}`).toBeTypeOf('string')

describe('validateAttributeValue', () => {
  it('rejects unknown types, empty values and non-string values', () => {
    expect(validateAttributeValue('no-such-type', 'x')).toBe('Unknown attribute type `no-such-type`')
    bad('comment', '   ')
    bad('comment', { a: 1 })
    ok('port', 443)
  })
  it('checks IP addresses and CIDR blocks', () => {
    for (const value of ['198.51.100.7', '10.0.0.0/8', '2001:db8::1', '::1', '::ffff:192.0.2.1', '2001:db8::/32'])
      ok('ip-src', value)
    for (const value of [
      '198.51.100.256',
      '10.0.0.0/33',
      'example.com',
      '1.2.3',
      '2001:db8:::1',
      '1:2:3:4:5:6:7:8:9',
      '01.2.3.4',
    ])
      bad('ip-dst', value)
  })
  it('checks ip|port and domain|ip composites', () => {
    ok('ip-dst|port', '198.51.100.7|443')
    bad('ip-dst|port', '198.51.100.7|99999')
    bad('ip-src|port', '198.51.100.7')
    ok('domain|ip', 'example.com|198.51.100.7')
    bad('domain|ip', 'example.com|nope')
  })
  it('checks hash lengths and hex digits, also after filename|', () => {
    ok('md5', 'd41d8cd98f00b204e9800998ecf8427e')
    bad('md5', 'd41d8cd98f00b204e9800998ecf8427')
    bad('sha1', 'z'.repeat(40))
    ok('sha256', 'A'.repeat(64))
    ok('filename|sha256', `invoice.pdf.exe|${'a'.repeat(64)}`)
    bad('filename|md5', 'invoice.pdf.exe|abc')
  })
  it('checks domains, host names and email addresses', () => {
    for (const value of [
      'example.com',
      'login-portal.example.com',
      'xn--bcher-kva.example',
      'bücher.example',
      'example.com.',
    ])
      ok('domain', value)
    for (const value of ['example', 'exa mple.com', 'http://example.com', 'example..com', '-bad.example.com'])
      bad('hostname', value)
    ok('email-src', 'hr-payroll@example.net')
    ok('email', 'root@localhost')
    for (const value of [
      'no-at.example.net',
      '@example.net',
      'a b@example.net',
      'a@b@example.net',
      'user@example..net',
    ])
      bad('email', value)
  })
  it('accepts URLs without a scheme and defanged ones, but not whitespace', () => {
    ok('url', 'https://login-portal.example.com/auth')
    ok('url', 'example.com/path')
    ok('url', 'hxxp://example[.]com')
    bad('url', 'https://example.com/a b')
  })
  it('checks ports, AS numbers and numbers', () => {
    ok('port', '443')
    bad('port', '65536')
    ok('AS', 'AS3356')
    ok('AS', '3356')
    bad('AS', 'ASX')
    ok('float', '1.5e3')
    bad('integer', '1.5')
    ok('boolean', 'True')
    bad('boolean', 'yes')
  })
  it('lets everything else through', () => {
    ok('text', 'anything at all')
    ok('regkey', 'HKLM\\Software')
  })
})

import { describe, expect, it } from 'vitest'
import { parseTrustedProxies } from './trusted-proxies.ts'

describe('parseTrustedProxies', () => {
  it('trusts nobody by default', () => {
    expect(parseTrustedProxies(undefined)).toEqual([])
    expect(parseTrustedProxies(' ')).toEqual([])
  })

  it('reads addresses, CIDR ranges and proxy-addr’s range names', () => {
    expect(parseTrustedProxies('10.0.0.5, 192.168.0.0/16,loopback, fd00::/8,::1')).toEqual([
      '10.0.0.5',
      '192.168.0.0/16',
      'loopback',
      'fd00::/8',
      '::1',
    ])
  })

  it('refuses an entry it cannot read, naming the flag and the entry', () => {
    for (const text of ['true', '*', '10.0.0.0/33', '::/129', 'proxy.example', '10.0.0.1/8/8', '10.0.0.0/']) {
      expect(() => parseTrustedProxies(text), text).toThrow(/^--trust-proxy ".*": not an IP address/)
    }
  })
})

/**
 * Which reverse proxies may tell the app a client's address (`X-Forwarded-For`). Behind a proxy
 * every request comes from the proxy's address, so the sign-in throttle, which counts failures
 * per client address, would lock every user out after one user's ten bad passwords. Trusting
 * the proxy makes `request.ip` the client's address again. Only the listed addresses are
 * trusted: trusting any sender would let a guesser pick a fresh address per attempt.
 */
import { isIP } from 'node:net'
import { UserError } from '../errors.ts'

/** The address ranges proxy-addr (Fastify's `trustProxy`) knows by name. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal'])

/**
 * Reads a comma-separated list of proxy addresses, CIDR ranges or range names (`loopback`,
 * `linklocal`, `uniquelocal`), as `--trust-proxy` / `SLUICE_TRUST_PROXY` take it. An empty
 * text trusts none. Throws a UserError naming the flag and the entry it cannot read.
 */
export function parseTrustedProxies(text: string | undefined): string[] {
  if (text === undefined || text.trim() === '') return []
  return text.split(',').map((entry) => {
    const item = entry.trim()
    if (NAMED_RANGES.has(item) || isAddressOrRange(item)) return item
    throw new UserError(
      'SLC_VALIDATION',
      `--trust-proxy ${JSON.stringify(item)}: not an IP address, a CIDR range or one of loopback, linklocal, uniquelocal`,
    )
  })
}

function isAddressOrRange(item: string): boolean {
  const [address, prefix, ...rest] = item.split('/')
  const family = isIP(address)
  if (family === 0 || rest.length > 0) return false
  if (prefix === undefined) return true
  const bits = family === 4 ? 32 : 128
  return /^[0-9]{1,3}$/.test(prefix) && Number(prefix) <= bits
}

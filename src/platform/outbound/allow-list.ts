/**
 * The outbound allow-list: where HTTP actions (webhook, Teams, Splunk HEC, misp-modules action
 * nodes) may connect. It is Sluice's finer-grained form of MISP's
 * `Security.rest_client_enable_arbitrary_urls` (docs/outbound.md). Entries:
 *
 *   *                  anywhere
 *   hooks.example.com  that host, any port        *.example.com   its subdomains
 *   example.com:8443   that host and port         [::1]:6666      an IPv6 address and port
 *   10.0.0.0/8         a network (IPv4 or IPv6)   127.0.0.1       one address
 *
 * Host names compare case-insensitively. A network entry also admits a host name whose every
 * resolved address lies in an allowed network (checked by the caller, see `allowsAddress`).
 */
import { BlockList, isIP } from 'node:net'

/** A parsed allow-list. */
export interface AllowList {
  /** Whether the list has no entries. */
  isEmpty: boolean
  /** Whether the list admits any destination (`*`). */
  isAny: boolean
  /** Whether `host` (name or address literal, no brackets) on `port` is allowed by a host or network entry. */
  allows(host: string, port: number): boolean
  /** Whether a resolved address is inside an allowed network on `port`. */
  allowsAddress(address: string, port: number): boolean
  /** Whether the list has network entries (so resolving a host name can help). */
  hasNetworks: boolean
}

interface HostEntry {
  host: string
  isWildcard: boolean
  port: number | null
}

interface NetworkEntry {
  list: BlockList
  port: number | null
}

/** The entries of an allow-list setting: a list of strings, or one string split on commas, spaces and newlines. */
export function allowListEntries(value: unknown): string[] {
  const items = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[\s,]+/) : []
  return items.map((item) => item.trim()).filter((item) => item !== '')
}

/** Splits `host[:port]`, `[v6]:port` and bare IPv6 literals. */
function splitHostPort(entry: string): { host: string; port: number | null } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry)
  if (bracketed) return { host: bracketed[1] as string, port: bracketed[2] ? Number(bracketed[2]) : null }
  if (isIP(entry) === 6) return { host: entry, port: null }
  const colon = entry.lastIndexOf(':')
  if (colon > 0 && /^\d+$/.test(entry.slice(colon + 1))) {
    return { host: entry.slice(0, colon), port: Number(entry.slice(colon + 1)) }
  }
  return { host: entry, port: null }
}

function parseNetwork(entry: string): NetworkEntry | null {
  const { host, port } = splitHostPort(entry)
  const slash = host.indexOf('/')
  const address = slash >= 0 ? host.slice(0, slash) : host
  const family = isIP(address)
  if (family === 0) return null
  const list = new BlockList()
  const type = family === 4 ? 'ipv4' : 'ipv6'
  if (slash >= 0) {
    const prefix = Number(host.slice(slash + 1))
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) {
      throw new Error(`invalid network \`${entry}\` in the outbound allow-list`)
    }
    list.addSubnet(address, prefix, type)
  } else {
    list.addAddress(address, type)
  }
  return { list, port }
}

function portMatches(wanted: number | null, port: number): boolean {
  return wanted === null || wanted === port
}

/** Parses allow-list entries; an unparsable network entry throws, naming it. */
export function parseAllowList(entries: string[]): AllowList {
  const hosts: HostEntry[] = []
  const networks: NetworkEntry[] = []
  let isAny = false
  for (const entry of entries) {
    if (entry === '*') {
      isAny = true
      continue
    }
    const network = parseNetwork(entry)
    if (network) {
      networks.push(network)
      continue
    }
    const { host, port } = splitHostPort(entry)
    const lower = host.toLowerCase()
    hosts.push({ host: lower.replace(/^\*\./, ''), isWildcard: lower.startsWith('*.'), port })
  }
  const allowsAddress = (address: string, port: number) => {
    const family = isIP(address)
    if (family === 0) return false
    const type = family === 4 ? 'ipv4' : 'ipv6'
    return networks.some((network) => portMatches(network.port, port) && network.list.check(address, type))
  }
  return {
    isEmpty: entries.length === 0,
    isAny,
    hasNetworks: networks.length > 0,
    allowsAddress,
    allows(host, port) {
      if (isAny) return true
      const lower = host.toLowerCase().replace(/\.$/, '')
      if (allowsAddress(lower, port)) return true
      return hosts.some(
        (entry) =>
          portMatches(entry.port, port) && (entry.isWildcard ? lower.endsWith(`.${entry.host}`) : lower === entry.host),
      )
    },
  }
}

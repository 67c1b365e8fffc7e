/**
 * Whether a value trips a warninglist entry, per list type as MISP checks them (spec/ENGINE.md
 * §4.3 `attach-warninglist`): `string` (exact), `substring`, `hostname` (the host or a
 * sub-domain of it), `cidr` (an address inside the network) and `regex`. Composite values
 * (`domain|ip`) are checked part by part. Pure.
 */
import { BlockList, isIP } from 'node:net'
import { compilePcre, testPcre } from '../../hashpath/index.ts'

/** A warninglist reduced to what matching needs. */
export interface MatchableList {
  type: string
  entries: readonly string[]
}

/** The host of a URL-like value, else the value itself, lower-cased, without a trailing dot. */
function hostOf(value: string): string {
  let host = value.trim().toLowerCase()
  const scheme = host.indexOf('://')
  if (scheme !== -1) host = host.slice(scheme + 3)
  host = host.split(/[/?#]/)[0]
  if (host.includes('@')) host = host.slice(host.lastIndexOf('@') + 1)
  if (!host.startsWith('[')) host = host.replace(/:\d+$/, '')
  return host.replace(/\.$/, '')
}

function matchesHostname(value: string, entry: string): boolean {
  const host = hostOf(value)
  const domain = entry
    .trim()
    .toLowerCase()
    .replace(/^\*?\./, '')
    .replace(/\.$/, '')
  return domain !== '' && (host === domain || host.endsWith(`.${domain}`))
}

function matchesCidr(value: string, entry: string): boolean {
  const address = value.trim().replace(/^\[|\]$/g, '')
  const family = isIP(address)
  if (family === 0) return false
  const [network, prefixText] = entry.trim().split('/')
  const entryFamily = isIP(network)
  if (entryFamily !== family) return false
  const type = family === 4 ? 'ipv4' : 'ipv6'
  const list = new BlockList()
  if (prefixText === undefined) list.addAddress(network, type)
  else {
    const prefix = Number(prefixText)
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) return false
    list.addSubnet(network, prefix, type)
  }
  return list.check(address, type)
}

/**
 * Whether `value` matches the PCRE entry of a regex list (`/…/flags`; a bare pattern is
 * delimited for it). Patterns go through the bounded matcher of the hash paths, so a hostile
 * entry cannot hang the process: an unsafe or broken pattern matches nothing.
 */
function matchesRegex(value: string, entry: string): boolean {
  const pattern = /^\/[\s\S]*\/[a-zA-Z]*$/.test(entry) ? entry : `/${entry.replace(/\//g, '\\/')}/`
  try {
    const compiled = compilePcre(pattern)
    return compiled !== null && testPcre(compiled, value)
  } catch {
    return false
  }
}

function matchesPart(type: string, value: string, entry: string): boolean {
  switch (type) {
    case 'substring':
      return entry !== '' && value.toLowerCase().includes(entry.toLowerCase())
    case 'hostname':
      return matchesHostname(value, entry)
    case 'cidr':
      return matchesCidr(value, entry)
    case 'regex':
      return matchesRegex(value, entry)
    default:
      return value.toLowerCase() === entry.trim().toLowerCase()
  }
}

/** The first entry of `list` that `value` trips (any part of a composite value), or null. */
export function firstMatch(list: MatchableList, value: string): string | null {
  const parts = value.includes('|') ? [value, ...value.split('|')] : [value]
  for (const entry of list.entries) {
    if (parts.some((part) => matchesPart(list.type, part, entry))) return entry
  }
  return null
}

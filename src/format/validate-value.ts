import { isKnownType } from './describe-types.ts'

// Conservative value checks for new attributes: only obviously wrong values are rejected, and
// anything a check does not cover passes. MISP itself also normalises values (defanging, `ip:port`
// forms, lower-casing hashes) before validating; callers should not rely on this to do that.

type Check = (value: string) => string | null

const IPV4_OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])'
const IPV4 = new RegExp(`^${IPV4_OCTET}(\\.${IPV4_OCTET}){3}$`)
const HEX_GROUP = /^[0-9a-f]{1,4}$/i
const HEX = /^[0-9a-f]+$/i

function isIpv4(value: string): boolean {
  return IPV4.test(value)
}

function isIpv6(value: string): boolean {
  let text = value
  if (text.includes('.')) {
    const cut = text.lastIndexOf(':')
    if (cut < 0 || !isIpv4(text.slice(cut + 1))) return false
    text = `${text.slice(0, cut + 1)}0:0`
  }
  const halves = text.split('::')
  if (halves.length > 2) return false
  const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')))
  if (!groups.every((group) => HEX_GROUP.test(group))) return false
  return halves.length === 2 ? groups.length <= 7 : groups.length === 8
}

function checkIp(value: string): string | null {
  const [address, prefix, extra] = value.split('/')
  if (extra !== undefined) return `\`${value}\` is not an IP address or CIDR block`
  const max = isIpv4(address) ? 32 : isIpv6(address) ? 128 : -1
  if (max < 0) return `\`${address}\` is not an IP address`
  if (prefix !== undefined && !(/^[0-9]{1,3}$/.test(prefix) && Number(prefix) <= max)) {
    return `\`/${prefix}\` is not a valid CIDR prefix`
  }
  return null
}

function checkPort(value: string): string | null {
  return /^[0-9]{1,5}$/.test(value) && Number(value) <= 65535 ? null : `\`${value}\` is not a port number (0-65535)`
}

function checkHostname(value: string): string | null {
  const name = value.endsWith('.') ? value.slice(0, -1) : value
  const labels = name.split('.')
  const isValid =
    labels.length >= 2 &&
    !/[\s/\\:@?#]/u.test(name) &&
    labels.every((label) => label.length > 0 && label.length <= 63 && !label.startsWith('-') && !label.endsWith('-'))
  return isValid ? null : `\`${value}\` is not a valid domain or host name`
}

function checkEmail(value: string): string | null {
  const at = value.indexOf('@')
  const domain = value.slice(at + 1)
  const isValid =
    at > 0 && !/[\s@]/.test(domain) && !/\s/.test(value) && domain.split('.').every((label) => label !== '')
  return isValid ? null : `\`${value}\` is not an email address`
}

function checkUrl(value: string): string | null {
  // MISP accepts URLs without a scheme (`example.com/path`) and defanged ones (`hxxp://`).
  return /\s/.test(value) ? `\`${value}\` is not a URL: it contains whitespace` : null
}

function hash(...lengths: number[]): Check {
  return (value) =>
    HEX.test(value) && lengths.includes(value.length)
      ? null
      : `\`${value}\` is not a hexadecimal hash of ${lengths.join(' or ')} characters`
}

function numeric(pattern: RegExp, what: string): Check {
  return (value) => (pattern.test(value) ? null : `\`${value}\` is not ${what}`)
}

// A `left|right` composite: both halves must pass their check.
function pair(left: Check, right: Check): Check {
  return (value) => {
    const cut = value.indexOf('|')
    if (cut < 0) return `\`${value}\` should have two parts separated by \`|\``
    return left(value.slice(0, cut)) ?? right(value.slice(cut + 1))
  }
}

const anything: Check = () => null

const HASH_LENGTHS: Record<string, number[]> = {
  md5: [32],
  sha1: [40],
  sha224: [56],
  sha256: [64],
  sha384: [96],
  sha512: [128],
  'sha512/224': [56],
  'sha512/256': [64],
  'sha3-224': [56],
  'sha3-256': [64],
  'sha3-384': [96],
  'sha3-512': [128],
  imphash: [32],
  authentihash: [64],
  telfhash: [70, 72],
  pehash: [40],
  'x509-fingerprint-md5': [32],
  'x509-fingerprint-sha1': [40],
  'x509-fingerprint-sha256': [64],
  'ja3-fingerprint-md5': [32],
  'jarm-fingerprint': [62],
  'hassh-md5': [32],
  'hasshserver-md5': [32],
}

const CHECKS: Record<string, Check> = {
  'ip-src': checkIp,
  'ip-dst': checkIp,
  'ip-src|port': pair(checkIp, checkPort),
  'ip-dst|port': pair(checkIp, checkPort),
  domain: checkHostname,
  hostname: checkHostname,
  'domain|ip': pair(checkHostname, checkIp),
  'hostname|port': pair(checkHostname, checkPort),
  url: checkUrl,
  email: checkEmail,
  'email-src': checkEmail,
  'email-dst': checkEmail,
  'target-email': checkEmail,
  'whois-registrant-email': checkEmail,
  port: checkPort,
  AS: numeric(/^(AS)?[0-9]+$/i, 'an autonomous system number'),
  'mac-address': numeric(/^[0-9a-f]{2}([:.-]?[0-9a-f]{2}){5}$/i, 'a MAC address'),
  integer: numeric(/^[+-]?[0-9]+$/, 'an integer'),
  counter: numeric(/^[0-9]+$/, 'a counter (a non-negative integer)'),
  'size-in-bytes': numeric(/^[0-9]+$/, 'a size in bytes'),
  float: numeric(/^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/, 'a number'),
  boolean: numeric(/^(0|1|true|false)$/i, 'a boolean (true, false, 1 or 0)'),
}
for (const [type, lengths] of Object.entries(HASH_LENGTHS)) {
  CHECKS[type] = hash(...lengths)
  CHECKS[`filename|${type}`] = pair(anything, hash(...lengths))
}

/**
 * A clear problem message when `value` is obviously wrong for attribute `type` (an unknown type,
 * an empty value, an IP that is not one, a hash of the wrong length, …), else null. Conservative:
 * what no check covers passes (spec/CORE-FORMAT.md §5.2, §9).
 */
export function validateAttributeValue(type: string, value: unknown): string | null {
  if (!isKnownType(type)) return `Unknown attribute type \`${type}\``
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value
  if (typeof text !== 'string') return 'The value must be a string'
  if (text.trim() === '') return 'The value is empty'
  const check = Object.hasOwn(CHECKS, type) ? CHECKS[type] : anything
  return check(text.trim())
}

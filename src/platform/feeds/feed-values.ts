/**
 * Which values of an attribute a feed can hit, as MISP's `Feed::attachFeedCorrelations` splits
 * them (docs/feeds.md): both halves of a composite value (only the host of `…|port` types),
 * and for a URL also the part after `://`, since feeds often list URLs without their scheme.
 * The same split is applied to the attributes of MISP-format feeds when they are cached, so
 * that both sides compare like with like.
 */
import { isCompositeType } from '../../format/index.ts'

// MISP quirk: for these composite types the port is not looked up, only the host.
const HOST_ONLY_TYPES = new Set(['hostname|port', 'ip-src|port', 'ip-dst|port'])

/** The parts of an attribute value that are looked up in (or cached from) feeds. */
export function correlationParts(type: string, value: string): string[] {
  if (isCompositeType(type)) {
    const cut = value.indexOf('|')
    if (cut === -1) return [value]
    const first = value.slice(0, cut)
    return HOST_ONLY_TYPES.has(type) ? [first] : [first, value.slice(cut + 1)]
  }
  const parts = [value]
  if (type === 'url' || type === 'uri') {
    const scheme = value.indexOf('://')
    if (scheme !== -1) parts.push(value.slice(scheme + 3))
  }
  return parts
}

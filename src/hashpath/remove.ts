/**
 * `Hash::remove` (spec/HASHPATH.md §8). Never mutates its input and never renumbers: removing
 * from the middle of a list yields an object keyed by the surviving indices, as MISP's
 * `json_encode` prints it.
 */
import {
  isPhpArray,
  isPhpIntKey,
  type PhpArray,
  type PhpKey,
  phpArrayEntries,
  phpArrayFromEntries,
  phpArrayGet,
  phpArraySet,
  phpArrayUnset,
  phpCount,
} from '../format/index.ts'
import { matchesConditions } from './matchers.ts'
import { type PathToken, parsePath } from './parse-path.ts'
import { keyMatches } from './select.ts'

/** Remove what `path` selects and return the new data; emptied (and already empty) matched arrays are pruned (spec/HASHPATH.md §8). */
export function remove(data: unknown, path: string): PhpArray {
  const text = String(path)
  if (!isPhpArray(data)) throw new TypeError(`Hash path remove "${text}": the data is not an array`)
  return removePath(data, parsePath(text).tokens, text) as PhpArray
}

function removePath(data: PhpArray, tokens: readonly PathToken[], text: string): unknown {
  if (!text.includes('{') && !text.includes('[')) return removeSimple(data, text.split('.'), 0, text)
  return removeWalk(data, tokens)
}

function removeSimple(container: unknown, segments: string[], i: number, text: string): unknown {
  const key = segments[i]
  if (i === segments.length - 1) return isPhpArray(container) ? phpArrayUnset(container, key) : container
  if (typeof container === 'string' && isStringOffsetSet(container, key)) {
    // PHP: taking a reference into a string offset is an Error ("Cannot create references to/from string offsets").
    throw new Error(`Hash path remove "${text}": segment "${key}" points into a string value`)
  }
  if (!isPhpArray(container)) return container
  const child = phpArrayGet(container, key)
  if (child === undefined || child === null) return container
  const updated = removeSimple(child, segments, i + 1, text)
  return updated === child ? container : phpArraySet(container, key, updated)
}

function isStringOffsetSet(s: string, key: string): boolean {
  if (!isPhpIntKey(key)) return false
  const offset = Number(key)
  return offset < s.length && offset >= -s.length
}

function removeWalk(data: PhpArray, tokens: readonly PathToken[]): PhpArray {
  const [token, ...rest] = tokens
  const restText = rest.map((t) => t.raw).join('.')
  const { selector } = token
  if (selector.kind === 'key' && selector.numeric === null) {
    // Fast path: a non-numeric literal names at most one string key.
    const child = Array.isArray(data) ? undefined : phpArrayGet(data, selector.key)
    if (child === undefined) return data
    const updated = removeFromChild(child, token, rest, restText)
    if (updated === child) return data
    return updated === REMOVED ? phpArrayUnset(data, selector.key) : phpArraySet(data, selector.key, updated)
  }
  const kept: [PhpKey, unknown][] = []
  let changed = false
  for (const [key, child] of phpArrayEntries(data)) {
    const updated = keyMatches(token.selector, key) ? removeFromChild(child, token, rest, restText) : child
    if (updated !== child) changed = true
    if (updated !== REMOVED) kept.push([key, updated])
  }
  return changed ? phpArrayFromEntries(kept) : data
}

const REMOVED = Symbol('removed')

function removeFromChild(child: unknown, token: PathToken, rest: readonly PathToken[], restText: string): unknown {
  if (!isPhpArray(child)) return restText === '' ? REMOVED : child
  let updated: unknown = child
  if (token.conditions === null) updated = removePath(child, rest, restText)
  else if (matchesConditions(child, token.conditions)) {
    updated = restText === '' ? REMOVED : removePath(child, rest, restText)
  }
  // Matched arrays left empty are pruned, including ones that were empty before the call.
  return updated !== REMOVED && phpCount(updated as PhpArray) === 0 ? REMOVED : updated
}

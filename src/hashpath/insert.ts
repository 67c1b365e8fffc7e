/**
 * `Hash::insert` (spec/HASHPATH.md §7). Never mutates its input: containers are copied only along
 * the modified path.
 */
import {
  isPhpArray,
  type PhpArray,
  type PhpKey,
  phpArrayEntries,
  phpArrayGet,
  phpArrayMerge,
  phpArraySet,
  phpCastArray,
} from '../format/index.ts'
import { matchesConditions } from './matchers.ts'
import { type PathToken, parsePath } from './parse-path.ts'
import { keyMatches } from './select.ts'

/**
 * Insert `value` at `path` and return the new data. A simple path creates missing keys and
 * replaces scalar intermediates; a walk path visits only existing keys, and a path ending in a
 * matcher (or in `"0"`) merges with `array_merge` instead of assigning (spec/HASHPATH.md §7).
 */
export function insert(data: unknown, path: string, value: unknown): PhpArray {
  const text = String(path)
  return insertPath(data, parsePath(text).tokens, text, value)
}

function insertPath(data: unknown, tokens: readonly PathToken[], text: string, value: unknown): PhpArray {
  if (!isPhpArray(data)) {
    throw new TypeError(`Hash path insert "${text}": cannot insert into ${describe(data)}, which is not an array`)
  }
  if (!text.includes('{') && !text.includes('[')) return insertSimple(data, text.split('.'), 0, value)
  return insertWalk(data, tokens, text, value)
}

function insertSimple(container: unknown, segments: string[], i: number, value: unknown): PhpArray {
  const arr = isPhpArray(container) ? container : []
  const key = segments[i]
  if (i === segments.length - 1) return phpArraySet(arr, key, value)
  return phpArraySet(arr, key, insertSimple(phpArrayGet(arr, key), segments, i + 1, value))
}

function insertWalk(data: PhpArray, tokens: readonly PathToken[], text: string, value: unknown): PhpArray {
  const [token, ...rest] = tokens
  const restText = rest.map((t) => t.raw).join('.')
  let copy: PhpArray | null = null
  for (const [key, child] of candidates(data, token)) {
    if (!keyMatches(token.selector, key)) continue
    if (token.conditions !== null) {
      if (!isPhpArray(child)) {
        throw new TypeError(`Hash path insert "${text}": matcher ${token.raw} applied to ${describe(child)}`)
      }
      if (!matchesConditions(child, token.conditions)) continue
    }
    copy ??= Array.isArray(data) ? data.slice() : { ...data }
    ;(copy as Record<string, unknown>)[key] = insertChild(child, rest, restText, text, value)
  }
  return copy ?? data
}

// A non-numeric literal names at most one string key, so skip the scan over every entry.
function candidates(data: PhpArray, token: PathToken): [PhpKey, unknown][] {
  const { selector } = token
  if (selector.kind !== 'key' || selector.numeric !== null) return phpArrayEntries(data)
  const child = Array.isArray(data) ? undefined : phpArrayGet(data, selector.key)
  return child === undefined ? [] : [[selector.key, child]]
}

// MISP quirk: a remaining path of "" or "0" is PHP-falsy, so the value is array_merge()d in.
function insertChild(child: unknown, rest: readonly PathToken[], restText: string, text: string, value: unknown) {
  if (restText !== '' && restText !== '0') return insertPath(child, rest, restText, value)
  if (!isPhpArray(child)) {
    throw new TypeError(`Hash path insert "${text}": cannot merge into ${describe(child)}, which is not an array`)
  }
  return phpArrayMerge(child, phpCastArray(value))
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'null'
  return typeof v === 'string' ? `the string ${JSON.stringify(v.slice(0, 40))}` : `the ${typeof v} ${String(v)}`
}

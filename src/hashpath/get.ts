/**
 * `Hash::get`: a single-value lookup with no wildcards and no matchers (spec/HASHPATH.md §3).
 */
import { isPhpArray, phpArrayGet, phpCount } from '../format/index.ts'

/** A `get` path: a dotted string, a number, a boolean (key 1 or 0) or an array of keys (spec/HASHPATH.md §3). */
export type GetPath = string | number | boolean | readonly unknown[] | null

/**
 * Return the value at `path`, or `defaultValue` when the data is empty, a segment is missing or
 * the value is null (PHP `isset`). `{n}` and `[...]` are literal key names here (spec/HASHPATH.md §3).
 */
export function get(data: unknown, path: GetPath, defaultValue: unknown = null): unknown {
  if (path === null || path === undefined || !isPhpArray(data) || phpCount(data) === 0) return defaultValue
  let current: unknown = data
  for (const segment of toSegments(path)) {
    if (!isPhpArray(current)) return defaultValue
    const next = phpArrayGet(current, segment)
    if (next === undefined || next === null) return defaultValue
    current = next
  }
  return current
}

/** Split a `get` path into key strings (spec/HASHPATH.md §3 step 2). */
export function toSegments(path: Exclude<GetPath, null>): string[] {
  if (typeof path === 'string') return path.split('.')
  if (typeof path === 'number') return String(path).split('.')
  if (typeof path === 'boolean') return [path ? '1' : '0']
  if (Array.isArray(path)) return path.map(segmentKey)
  throw new TypeError(`Hash path: invalid path ${JSON.stringify(path)}; expected a string, number, boolean or array`)
}

function segmentKey(segment: unknown): string {
  if (typeof segment === 'string') return segment
  if (typeof segment === 'number') return String(Math.trunc(segment))
  if (typeof segment === 'boolean') return segment ? '1' : '0'
  if (segment === null || segment === undefined) return ''
  throw new TypeError(`Hash path: invalid path segment ${JSON.stringify(segment)}`)
}

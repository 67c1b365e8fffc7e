import { isPhpArray } from './php-array.ts'
import { isEmpty, isPhpNumeric } from './php.ts'
import type { PhpMap } from './types.ts'

// The PHP value tests live in php.ts / php-array.ts; re-exported for the converter's files.
export { isEmpty, isPhpArray }

// PHP array semantics for decoded JSON, as the core-format converter needs them (internal to
// src/format; the public PHP helpers are php.ts and php-array.ts). A PHP array is either a
// JavaScript array (a list) or a plain object (a map). Writes follow PHP assignment: an existing
// key keeps its position, a new key is appended. Integer-like keys of a plain object are the one
// place where JavaScript cannot follow PHP: it always orders them ascending.

const CANONICAL_INT = /^(0|-?[1-9][0-9]{0,17})$/

/** Whether `value` is a PHP associative array (a plain JSON object) (spec/CORE-FORMAT.md §0). */
export function isMap(value: unknown): value is PhpMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** `$container[$key]` without warnings: undefined when the key or the container is missing (spec/CORE-FORMAT.md §2). */
export function getKey(container: unknown, key: string): unknown {
  if (Array.isArray(container)) return CANONICAL_INT.test(key) ? container[Number(key)] : undefined
  if (isMap(container) && Object.hasOwn(container, key)) return container[key]
  return undefined
}

/**
 * A plain PHP 8 read `$container[$key]` of a named (non-numeric) key, outside `isset`/`empty`:
 * missing keys and scalar containers give undefined (PHP warns and reads null), but a string
 * container raises, as PHP 8's "Cannot access offset of type string on string" TypeError does.
 * The trigger normalisers read the raw data this way (spec/ENGINE.md §2.2 step 3: a throw is
 * "Error while normalizing data for trigger").
 */
export function readKey(container: unknown, key: string): unknown {
  if (typeof container === 'string') throw new TypeError('Cannot access offset of type string on string')
  return getKey(container, key)
}

/** PHP `isset($container[$key])`: present and not null (spec/CORE-FORMAT.md §2). */
export function isSet(container: unknown, key: string): boolean {
  const value = getKey(container, key)
  return value !== undefined && value !== null
}

/**
 * The PHP array key a value becomes (`"101"` and `101` are the same key; `true` is `1`, `null`
 * is `""`), as a string. Arrays and objects are illegal offsets (spec/CORE-FORMAT.md §3.1 step 6).
 */
export function arrayKey(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number') return Number.isFinite(value) ? String(Math.trunc(value)) : '0'
  if (typeof value === 'boolean') return value ? '1' : '0'
  if (value === null || value === undefined) return ''
  throw new TypeError('Illegal offset type')
}

/** The `[key, value]` pairs PHP's `foreach` visits; none for a scalar (spec/CORE-FORMAT.md §3.1). */
export function entriesOf(value: unknown): [string, unknown][] {
  if (Array.isArray(value)) return value.map((item, index) => [String(index), item])
  if (isMap(value)) return Object.entries(value)
  return []
}

/**
 * The value as a map that can be written to, as PHP auto-vivifies: null and false become a new
 * map, a list becomes a map keyed by index. Other scalars throw as PHP does (spec/CORE-FORMAT.md §3.1).
 */
export function asMap(value: unknown): PhpMap {
  if (value === undefined || value === null || value === false) return {}
  if (Array.isArray(value)) {
    const map: PhpMap = {}
    for (let index = 0; index < value.length; index++) setOwn(map, String(index), value[index])
    return map
  }
  if (isMap(value)) return value
  throw new TypeError('Cannot use a scalar value as an array')
}

/** Assigns `map[key] = value` as an own property, even for `__proto__` (spec/CORE-FORMAT.md §3.4). */
export function setOwn(map: PhpMap, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true })
  else map[key] = value
}

/**
 * A shallow copy of a list or map, so that `setAt` / `append` can write to it without touching
 * the caller's data (PHP arrays are values, spec/CORE-FORMAT.md §3.4 "Port note"). Scalars and
 * null are returned as they are.
 */
export function shallowCopy(value: unknown): unknown {
  if (Array.isArray(value)) return [...value]
  if (isMap(value)) return { ...value }
  return value
}

/**
 * PHP `$container[$key] = $value` on an array that may be a list: returns the container, which
 * becomes a map when the key does not extend the list (spec/CORE-FORMAT.md §3.1 steps 4 and 7).
 */
export function setAt(container: unknown, key: string, value: unknown): unknown[] | PhpMap {
  const target = container === undefined || container === null || container === false ? [] : container
  if (Array.isArray(target) && CANONICAL_INT.test(key)) {
    const index = Number(key)
    if (index < target.length && index >= 0) {
      target[index] = value
      return target
    }
    if (index === target.length) {
      target.push(value)
      return target
    }
  }
  const map = asMap(target)
  setOwn(map, key, value)
  return map
}

/**
 * PHP `$container[] = $value`: appends after the highest integer key; null becomes a new list
 * (spec/CORE-FORMAT.md §3.1 step 8, §3.2 step 3).
 */
export function append(container: unknown, value: unknown): unknown[] | PhpMap {
  if (container === undefined || container === null || container === false) return [value]
  if (Array.isArray(container)) {
    container.push(value)
    return container
  }
  const map = asMap(container)
  let next = 0
  for (const key in map) if (CANONICAL_INT.test(key) && Number(key) >= next) next = Number(key) + 1
  setOwn(map, String(next), value)
  return map
}

/**
 * The entries of `(array) $value`: a scalar becomes `[0 => scalar]`, null becomes `[]`
 * (CakePHP `Hash::extract`, spec/CORE-FORMAT.md §3.4).
 */
export function castEntries(value: unknown): [string, unknown][] {
  if (value === undefined || value === null) return []
  if (isPhpArray(value)) return entriesOf(value)
  return [['0', value]]
}

/** PHP 8 `$value == 0` (spec/CORE-FORMAT.md §3.2 step 3: `object_id != 0`). */
export function looseEqualsZero(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return true
  if (typeof value === 'number') return value === 0
  if (typeof value === 'string') return isPhpNumeric(value) && Number(value.trim()) === 0
  return false
}

/**
 * The id a MISP look-up is called with, as a string; null when PHP would query for nothing
 * (null, or an array) (spec/CORE-FORMAT.md §3.2 steps 3–4).
 */
export function lookupId(value: unknown): string | null {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return arrayKey(value)
  return null
}

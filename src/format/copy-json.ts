import type { PhpMap } from './types.ts'

/**
 * A deep copy of plain JSON data (lists, maps, scalars), keeping key order. PHP arrays are
 * values, so every copy the converter hands out must be independent (spec/CORE-FORMAT.md §3.4,
 * "Port note"). About three times faster than `structuredClone` for this shape of data. Only own
 * enumerable keys are copied; a `__proto__` key stays data.
 */
export function copyJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value
  // `for…in` without an own-key test is much faster, and safe while Object.prototype has no
  // enumerable keys; if something polluted it, fall back to testing every key.
  return copyValue(value, hasEnumerablePrototypeKeys()) as T
}

function hasEnumerablePrototypeKeys(): boolean {
  for (const _ in Object.prototype) return true
  return false
}

function copyValue(value: object, checkOwn: boolean): unknown {
  if (Array.isArray(value)) {
    const length = value.length
    const out = new Array(length)
    for (let index = 0; index < length; index++) {
      const item = value[index]
      out[index] = typeof item === 'object' && item !== null ? copyValue(item, checkOwn) : item
    }
    return out
  }
  const map = value as PhpMap
  const out: PhpMap = {}
  for (const key in map) {
    if (checkOwn && !Object.hasOwn(map, key)) continue
    const item = map[key]
    const copied = typeof item === 'object' && item !== null ? copyValue(item, checkOwn) : item
    if (key === '__proto__') {
      Object.defineProperty(out, key, { value: copied, writable: true, enumerable: true, configurable: true })
    } else {
      out[key] = copied
    }
  }
  return out
}

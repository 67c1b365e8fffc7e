/**
 * PHP arrays over JSON-shaped JS values (spec/HASHPATH.md §1).
 *
 * A PHP array is one ordered map. Here a JS array is a PHP *list* (keys 0..n-1 in order) and a
 * plain object is any other PHP array, keyed by the PHP keys as strings. Operations that would
 * leave a list with gaps or foreign keys return an object keyed by the surviving keys, which is
 * exactly how MISP's `json_encode` prints such an array: `[a, b, c]` minus index 1 becomes
 * `{"0": a, "2": c}`. An operation that leaves keys 0..n-1 in order returns a JS array again.
 *
 * Known limit: JS objects enumerate integer-like keys first, in ascending order, so a PHP array
 * whose integer keys come after string keys (or out of order) cannot keep PHP's order here.
 */

/** A PHP array: a JS array for a list, a plain object for any other key set (spec/HASHPATH.md §1). */
export type PhpArray = unknown[] | Record<string, unknown>

/** A normalised PHP array key: an integer or a string (spec/HASHPATH.md §1, item 2). */
export type PhpKey = number | string

const INT_KEY = /^(?:0|-?[1-9]\d{0,18})$/

/** True for values that act as PHP arrays: JS arrays and non-null objects (spec/HASHPATH.md §1). */
export function isPhpArray(v: unknown): v is PhpArray {
  return typeof v === 'object' && v !== null
}

/** True when a string key is a canonical decimal integer in the 64-bit range, which PHP stores as an int key. */
export function isPhpIntKey(key: string): boolean {
  if (!INT_KEY.test(key)) return false
  if (key.length < 19 || (key.length === 19 && key[0] !== '-')) return key.length < 19 || key <= '9223372036854775807'
  return key.length === 19 || key <= '-9223372036854775808'
}

/** Normalise a value used as an array key the way PHP does on write: `"5"` → 5, `true` → 1, `null` → "" (spec/HASHPATH.md §1). */
export function normalisePhpKey(key: unknown): PhpKey {
  if (typeof key === 'string') return isPhpIntKey(key) ? Number(key) : key
  if (typeof key === 'number') return Number.isFinite(key) ? Math.trunc(key) || 0 : 0
  if (typeof key === 'boolean') return key ? 1 : 0
  if (key === null || key === undefined) return ''
  return String(key)
}

/** PHP `count()` of an array. */
export function phpCount(arr: object): number {
  if (Array.isArray(arr)) return arr.length
  let n = 0
  for (const _ in arr) n++
  return n
}

/** The value stored at a PHP key, or `undefined` when the key does not exist (a stored `null` is returned as `null`). */
export function phpArrayGet(arr: object, key: string): unknown {
  if (Array.isArray(arr)) {
    if (!INT_KEY.test(key)) return undefined
    const i = Number(key)
    return i >= 0 && i < arr.length ? arr[i] : undefined
  }
  return Object.hasOwn(arr, key) ? (arr as Record<string, unknown>)[key] : undefined
}

/** The entries of a PHP array in iteration order, with keys normalised (integers for integer keys). */
export function phpArrayEntries(arr: object): [PhpKey, unknown][] {
  if (Array.isArray(arr)) return arr.map((v, i) => [i, v])
  const out: [PhpKey, unknown][] = []
  for (const key of Object.keys(arr)) out.push([normalisePhpKey(key), (arr as Record<string, unknown>)[key]])
  return out
}

/** The values of a PHP array in order (`array_values`). */
export function phpArrayValues(arr: object): unknown[] {
  return Array.isArray(arr) ? arr : Object.values(arr)
}

/**
 * Build a PHP array from entries: a JS array when the keys are exactly 0..n-1 in order (a PHP
 * list), otherwise an object keyed by the keys. A later duplicate key overwrites in place.
 */
export function phpArrayFromEntries(entries: Iterable<readonly [PhpKey, unknown]>): PhpArray {
  const list: unknown[] = []
  let obj: Record<string, unknown> | null = null
  for (const [key, value] of entries) {
    if (obj === null && key === list.length) list.push(value)
    else if (obj === null && typeof key === 'number' && key >= 0 && key < list.length) list[key] = value
    else {
      obj ??= listToObject(list)
      obj[String(key)] = value
    }
  }
  return obj ?? list
}

function listToObject(list: unknown[]): Record<string, unknown> {
  const obj: Record<string, unknown> = {}
  for (let i = 0; i < list.length; i++) obj[i] = list[i]
  return obj
}

/** A copy of `arr` with `arr[key] = value` (PHP key normalisation applies); the input is not mutated. */
export function phpArraySet(arr: object, key: PhpKey, value: unknown): PhpArray {
  const k = normalisePhpKey(key)
  if (Array.isArray(arr) || phpCount(arr) === 0) {
    const list = Array.isArray(arr) ? arr : []
    if (typeof k === 'number' && k >= 0 && k <= list.length) {
      const copy = list.slice()
      copy[k] = value
      return copy
    }
    const obj = listToObject(list)
    obj[String(k)] = value
    return obj
  }
  return { ...(arr as Record<string, unknown>), [String(k)]: value }
}

/** A copy of `arr` without `key` (PHP `unset`, no renumbering); returns `arr` itself when the key is absent. */
export function phpArrayUnset(arr: PhpArray, key: PhpKey): PhpArray {
  const k = String(normalisePhpKey(key))
  if (phpArrayGet(arr, k) === undefined) return arr
  if (Array.isArray(arr) && Number(k) === arr.length - 1) return arr.slice(0, -1)
  return phpArrayFromEntries(phpArrayEntries(arr).filter(([entryKey]) => String(entryKey) !== k))
}

/** PHP `(array)$v`: null → `[]`, an array → itself, a scalar → `[v]`. */
export function phpCastArray(v: unknown): PhpArray {
  if (v === null || v === undefined) return []
  return isPhpArray(v) ? v : [v]
}

/** PHP `array_merge($a, $b)`: string keys overwrite in place, integer keys are appended and renumbered (spec/HASHPATH.md §7). */
export function phpArrayMerge(a: object, b: object): PhpArray {
  const out: [PhpKey, unknown][] = []
  const stringPositions = new Map<string, number>()
  let next = 0
  for (const source of [a, b]) {
    for (const [key, value] of phpArrayEntries(source)) {
      if (typeof key === 'number') {
        out.push([next++, value])
        continue
      }
      const at = stringPositions.get(key)
      if (at === undefined) {
        stringPositions.set(key, out.length)
        out.push([key, value])
      } else out[at] = [key, value]
    }
  }
  return phpArrayFromEntries(out)
}

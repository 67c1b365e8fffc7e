/**
 * The item lists action modules walk: MISP's extracted arrays keep their keys (spec/ENGINE.md
 * §2.9.2), so a filtered list may arrive as a keyed object or a list with gaps.
 */
import { isPhpArray, phpToString, phpTruthy } from '../../../format/index.ts'

/** A record-like value. */
export type Item = Record<string, any>

/** The values of a PHP-array-like value, in order, gaps dropped; `[]` for anything else. */
export function valuesOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.filter((item) => item !== undefined)
  if (isPhpArray(value)) return Object.values(value as Record<string, unknown>)
  return []
}

/** The entries of `value` that are records (attributes, proposals…). */
export function recordsOf(value: unknown): Item[] {
  return valuesOf(value).filter(
    (item): item is Item => typeof item === 'object' && item !== null && !Array.isArray(item),
  )
}

/** A picker value as a list of strings: `""`/null → `[]`; a lone string (older data) → one element. */
export function stringList(value: unknown): string[] {
  if (!phpTruthy(value)) return []
  const list = isPhpArray(value) ? valuesOf(value) : [value]
  return list.map((item) => phpToString(item)).filter((item) => item !== '')
}

/** A MISP id taken from the data, as a string; null when absent or empty. */
export function idOf(value: unknown): string | null {
  if (value === undefined || value === null) return null
  const text = phpToString(value)
  return text === '' ? null : text
}

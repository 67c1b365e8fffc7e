/**
 * Selector matching on PHP array keys (spec/HASHPATH.md §4.1), shared by extract, insert and
 * remove. `collectMatches` is the extract hot loop: it reads children directly, without
 * building entry lists.
 */
import { isPhpIntKey, isPhpNumeric, type PhpKey } from '../format/index.ts'
import type { Selector } from './parse-path.ts'

/** Whether key `key` (an integer for list indices and integer keys) matches `selector` (spec/HASHPATH.md §4.1). */
export function keyMatches(selector: Selector, key: PhpKey): boolean {
  switch (selector.kind) {
    case 'any':
      return true
    case 'numeric':
      return typeof key === 'number' || isPhpNumeric(key)
    case 'string':
      return typeof key === 'string'
    case 'key':
      if (selector.numeric === null) return key === selector.key
      // A numeric literal compares loosely: 1 == "1.0" == "01".
      return (typeof key === 'number' || isPhpNumeric(key)) && Number(key) === selector.numeric
  }
}

/**
 * Append to `out` every child of `item` whose key matches `selector`, in PHP order. A scalar acts
 * as the one-element array `{0: scalar}` and null as an empty array (spec/HASHPATH.md §4 step 3).
 */
export function collectMatches(item: unknown, selector: Selector, out: unknown[]): void {
  if (item === null || item === undefined) return
  if (Array.isArray(item)) collectFromList(item, selector, out)
  else if (typeof item === 'object') collectFromMap(item as Record<string, unknown>, selector, out)
  else if (keyMatches(selector, 0)) out.push(item)
}

function collectFromList(list: unknown[], selector: Selector, out: unknown[]): void {
  if (selector.kind === 'any' || selector.kind === 'numeric') {
    for (let i = 0; i < list.length; i++) out.push(list[i])
  } else if (selector.kind === 'key' && selector.numeric !== null) {
    const i = selector.numeric
    if (Number.isInteger(i) && i >= 0 && i < list.length) out.push(list[i])
  }
}

function collectFromMap(map: Record<string, unknown>, selector: Selector, out: unknown[]): void {
  if (selector.kind === 'key' && selector.numeric === null) {
    // A non-numeric literal is an exact string key: at most one child, found directly.
    if (Object.hasOwn(map, selector.key)) out.push(map[selector.key])
    return
  }
  for (const key in map) {
    if (!Object.hasOwn(map, key)) continue
    if (selector.kind === 'any') out.push(map[key])
    else if (keyMatches(selector, isPhpIntKey(key) ? Number(key) : key)) out.push(map[key])
  }
}

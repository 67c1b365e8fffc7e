/**
 * A fast copy of an attribute map without `value1`, `value2` and an empty `SharingGroup`
 * (spec/CORE-FORMAT.md §3.1 step 7), for the converter's hot path.
 *
 * The obvious loop (`out[key] = source[key]` for each kept key) adds properties to a fresh
 * object one by one, which V8 does through its slow generic store: on the 38-attribute OSINT
 * event it was the most expensive step of a whole workflow run. An object *literal* is built
 * in one go. The attributes of one event nearly always share one key list, so for each key
 * list seen (a few at most) a function returning the literal is compiled once and reused.
 * Keys enter the compiled source only as JSON string literals, so no key can inject code;
 * `__proto__` (which a literal would treat as the prototype) is never compiled.
 */
import type { PhpMap } from './types.ts'

/** A compiled copier for one key list. */
interface Template {
  keys: string[]
  copy: (source: PhpMap) => PhpMap
}

const DROPPED = new Set(['value1', 'value2', 'SharingGroup'])
const MAX_TEMPLATES = 16
const templates: Template[] = []

function sameKeys(source: PhpMap, keys: string[]): boolean {
  let index = 0
  for (const key in source) {
    if (keys[index] !== key) return false
    index++
  }
  return index === keys.length
}

function compile(keys: string[]): Template {
  const kept = keys.filter((key) => !DROPPED.has(key)).map((key) => JSON.stringify(key))
  const body = `return {${kept.map((key) => `${key}: s[${key}]`).join(', ')}}`
  return { keys, copy: new Function('s', body) as Template['copy'] }
}

/**
 * The copy, or `undefined` when the attribute needs the general path: an `AttributeTag` to
 * turn into tags, a non-empty `SharingGroup`, inherited enumerable keys or a `__proto__` key.
 * `isEmptySharingGroup` is PHP's `empty()` on the attribute's `SharingGroup`.
 */
export function copyPlainAttribute(source: PhpMap, isEmptySharingGroup: boolean): PhpMap | undefined {
  if (!isEmptySharingGroup && Object.hasOwn(source, 'SharingGroup')) return undefined
  for (const template of templates) {
    if (sameKeys(source, template.keys)) return template.copy(source)
  }
  const keys: string[] = []
  for (const key in source) {
    if (!Object.hasOwn(source, key) || key === '__proto__' || key === 'AttributeTag') return undefined
    keys.push(key)
  }
  const template = compile(keys)
  if (templates.length >= MAX_TEMPLATES) templates.pop()
  templates.unshift(template)
  return template.copy(source)
}

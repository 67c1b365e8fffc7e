/**
 * `Hash::combine` (spec/HASHPATH.md §9): build a map from two extracted lists, optionally grouped.
 */
import {
  isPhpArray,
  type PhpArray,
  type PhpKey,
  phpArrayFromEntries,
  phpArrayValues,
  phpCount,
  phpSprintf,
  phpTruthy,
  normalisePhpKey,
} from '../format/index.ts'
import { extract } from './extract.ts'

/** A combine path: a path string, or `[format, path1, path2, …]` to sprintf-format the values of several paths. */
export type CombinePath = string | readonly string[] | null

/**
 * Build `{ key: value }` from `extract(data, keyPath)` and `extract(data, valuePath)`; with
 * `groupPath`, `{ group: { key: value } }`. Missing values become null; unequal counts throw,
 * as CakePHP's `CakeException` does (spec/HASHPATH.md §9).
 */
export function combine(
  data: unknown,
  keyPath: CombinePath,
  valuePath: CombinePath = null,
  groupPath: string | null = null,
): PhpArray {
  if (!phpTruthy(data)) return []
  const keys = select(data, keyPath)
  if (keys.length === 0) return []
  let values = valuePath === null ? [] : select(data, valuePath)
  if (values.length === 0) values = keys.map(() => null)
  if (keys.length !== values.length) {
    throw new Error(
      `Hash combine: needs an equal number of keys and values (${keys.length} keys from "${String(keyPath)}", ` +
        `${values.length} values from "${String(valuePath)}")`,
    )
  }
  const groups = groupPath === null ? [] : select(data, groupPath)
  if (groups.length > 0) return combineGrouped(keys, values, groups)
  return combineEntries(keys.map((k, i) => [toKey(k), values[i]]))
}

function select(data: unknown, path: CombinePath): unknown[] {
  if (Array.isArray(path)) return formatPaths(data, path as readonly string[])
  const found = extract(data, path as string | null)
  return isPhpArray(found) ? phpArrayValues(found) : [found]
}

// Hash::format: the i-th values of every path, sprintf-formatted with the format string.
function formatPaths(data: unknown, [format, ...paths]: readonly string[]): unknown[] {
  const columns = paths.map((p) => select(data, p))
  const count = columns[0]?.length ?? 0
  const out: string[] = []
  for (let i = 0; i < count; i++)
    out.push(
      phpSprintf(
        format,
        columns.map((col) => col[i] ?? null),
      ),
    )
  return out
}

function combineGrouped(keys: unknown[], values: unknown[], groups: unknown[]): PhpArray {
  const grouped = new Map<PhpKey, [PhpKey, unknown][]>()
  for (let i = 0; i < keys.length; i++) {
    const group = toKey(groups[i] ?? 0)
    let entries = grouped.get(group)
    if (entries === undefined) {
      entries = []
      grouped.set(group, entries)
    }
    entries.push([toKey(keys[i]), values[i]])
  }
  return phpArrayFromEntries([...grouped].map(([group, entries]) => [group, combineEntries(entries)]))
}

function combineEntries(entries: [PhpKey, unknown][]): PhpArray {
  return phpArrayFromEntries(entries)
}

function toKey(key: unknown): PhpKey {
  if (isPhpArray(key)) throw new TypeError(`Hash combine: an array (${phpCount(key)} items) cannot be used as a key`)
  return normalisePhpKey(key)
}

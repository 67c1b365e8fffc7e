/**
 * `Hash::check` (spec/HASHPATH.md §6).
 */
import { isPhpArray, phpCount } from '../format/index.ts'
import { type ExtractPath, extract } from './extract.ts'

/** True when `extract(data, path)` is non-empty: a simple path to null is false, a wildcard path to null is true (spec/HASHPATH.md §6). */
export function check(data: unknown, path: ExtractPath): boolean {
  const found = extract(data, path)
  return isPhpArray(found) && phpCount(found) > 0
}

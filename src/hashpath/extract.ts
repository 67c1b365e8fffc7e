/**
 * `Hash::extract`: the main selector with `{n}`, `{s}`, `{*}` and `[...]` matchers
 * (spec/HASHPATH.md §4).
 */
import { isPhpArray, phpTruthy } from '../format/index.ts'
import { get } from './get.ts'
import { matchesConditions } from './matchers.ts'
import { type ParsedPath, parsePath } from './parse-path.ts'
import { collectMatches } from './select.ts'

/** An `extract` path: a string, or a PHP-empty value that selects the whole data. */
export type ExtractPath = string | number | boolean | null

/**
 * Select values by path. Returns the data itself for a PHP-empty path (`""`, `"0"`, null); for a
 * simple path, the array found (unwrapped), `[scalar]`, or `[]`; for a walk path, a list of every
 * match in document order (spec/HASHPATH.md §4).
 */
export function extract(data: unknown, path: ExtractPath): unknown {
  if (!phpTruthy(path)) return data
  const text = path === true ? '1' : String(path)
  const parsed = parsePath(text)
  if (!parsed.isWalk) {
    const found = get(data, text)
    if (found === null) return []
    return isPhpArray(found) ? found : [found]
  }
  return walk(data, parsed)
}

/** Walk a parsed path token by token (spec/HASHPATH.md §4 step 3). */
export function walk(data: unknown, parsed: ParsedPath): unknown[] {
  let context: unknown[] = [data]
  for (const token of parsed.tokens) {
    const next: unknown[] = []
    for (let i = 0; i < context.length; i++) collectMatches(context[i], token.selector, next)
    context = token.conditions === null ? next : next.filter((v) => matchesConditions(v, token.conditions!))
    if (context.length === 0) break
  }
  return context
}

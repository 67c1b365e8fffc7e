/**
 * Evaluating `[attr op value]` matchers against one array element (spec/HASHPATH.md §5).
 */
import { isPhpArray, phpArrayGet, phpCompare, phpToString } from '../format/index.ts'
import type { Condition } from './parse-path.ts'
import { compilePcre, testPcre } from './regex.ts'

/** True when `item` is a PHP array that satisfies every condition, in order (spec/HASHPATH.md §5). */
export function matchesConditions(item: unknown, conditions: readonly Condition[]): boolean {
  if (!isPhpArray(item)) return false
  for (const condition of conditions) {
    if (!matchesCondition(item, condition)) return false
  }
  return true
}

function matchesCondition(item: object, condition: Condition): boolean {
  const found = phpArrayGet(item, condition.attr)
  // `[attr]` is isset(): null fails. With an operator the key only has to exist.
  if (condition.op === null) return found !== undefined && found !== null
  if (found === undefined) return false
  let prop = found
  if (typeof prop === 'boolean') {
    // MISP quirk: booleans become "1"/"0" against numeric values, "true"/"false" otherwise.
    prop = condition.isValueNumeric ? (prop ? '1' : '0') : prop ? 'true' : 'false'
  }
  if (condition.isRegex) return matchesRegex(prop, condition)
  const cmp = phpCompare(prop, condition.value)
  switch (condition.op) {
    case '=':
      return cmp === 0
    case '!=':
      return cmp !== 0
    case '>':
      return cmp > 0
    case '<':
      return cmp < 0
    case '>=':
      return cmp >= 0
    case '<=':
      return cmp <= 0
  }
}

function matchesRegex(prop: unknown, condition: Condition): boolean {
  if (isPhpArray(prop)) {
    // PHP: preg_match() with an array subject is a TypeError, which escapes MISP's module code.
    throw new TypeError(
      `Hash path matcher ${condition.text}: the regex cannot be applied to "${condition.attr}", which holds an array`,
    )
  }
  const compiled = compilePcre(condition.value)
  return compiled !== null && testPcre(compiled, phpToString(prop))
}

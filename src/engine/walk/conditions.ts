/**
 * Condition evaluation shared by the IF modules, path filters and node filters: MISP's
 * `WorkflowBaseModule::evaluateCondition` and `getItemsMatchingCondition` (spec/ENGINE.md §2.9).
 *
 * PHP arrays are JavaScript arrays (lists) or plain objects (maps). A list that loses items
 * keeps its original keys, as PHP does, so a list with gaps becomes a map keyed by index
 * (`{"0": …, "2": …}`): the representation `src/format` and `src/hashpath` use for PHP arrays
 * that are not lists, and the JSON MISP's `json_encode` prints for them.
 */
import { UserError } from '../../errors.ts'
import { isPhpArray, phpCompare, phpLooseEquals, phpTruthy } from '../../format/index.ts'
import { extract } from '../../hashpath/index.ts'

type Predicate = (data: unknown, value: unknown) => boolean

const utf8 = new TextEncoder()

/**
 * The operators of §2.9.3 as a lookup table (Node-RED's switch node). Every operator reads
 * PHP-loosely, like `in_array` and `==`.
 */
const OPERATORS: Record<string, Predicate> = {
  in: (data, value) => isPhpArray(data) && inArray(value, data),
  not_in: (data, value) => isPhpArray(data) && !inArray(value, data),
  equals: (data, value) => !isPhpArray(data) && phpLooseEquals(data, value),
  not_equals: (data, value) => !isPhpArray(data) && !phpLooseEquals(data, value),
  in_or: (data, value) => setOperation(data, value, (matching) => matching.length > 0),
  // MISP quirk: duplicates stay in `matching`, so a selected value extracted twice fails `in_and`.
  in_and: (data, value) =>
    setOperation(data, value, (matching, selection) => looseListEquals(phpSort(matching), phpSort(selection))),
  not_in_or: (data, value) => setOperation(data, value, (matching) => matching.length === 0),
  // MISP quirk: compared position by position, so the selection's order matters.
  not_in_and: (data, value) =>
    setOperation(data, value, (matching, selection) => !looseListEquals(matching, selection)),
}

/** PHP `in_array($needle, $haystack)`: loose comparison against every value. */
function inArray(needle: unknown, haystack: object): boolean {
  for (const item of valuesOf(haystack)) if (phpLooseEquals(item, needle)) return true
  return false
}

function valuesOf(array: object): unknown[] {
  return Array.isArray(array) ? array : Object.values(array)
}

function setOperation(
  data: unknown,
  value: unknown,
  decide: (matching: unknown[], selection: unknown[]) => boolean,
): boolean {
  if (!isPhpArray(data) || !isPhpArray(value)) return false
  const selection = valuesOf(value)
  const matching = valuesOf(data).filter((item) => inArray(item, selection))
  return decide(matching, selection)
}

/** PHP `sort()` with the default flags: PHP 8 standard comparison, on a copy. */
function phpSort(values: unknown[]): unknown[] {
  return [...values].sort(phpCompare)
}

/** PHP `array_values($a) == array_values($b)`: same length, loosely equal position by position. */
function looseListEquals(left: unknown[], right: unknown[]): boolean {
  if (left.length !== right.length) return false
  return left.every((item, index) => phpLooseEquals(item, right[index]))
}

/** PHP 8 `$operator == 'in'` etc.: only strings name an operator, except `true`, which equals `'in'`. */
function operatorName(operator: unknown): string | null {
  if (typeof operator === 'string') return operator
  return operator === true ? 'in' : null
}

/**
 * MISP's `evaluateCondition(data, operator, value)` (spec/ENGINE.md §2.9.3): `in`/`not_in`
 * need `data` to be an array, `equals`/`not_equals` need it not to be one, and the set
 * operators need both to be arrays. Unknown operators (including `any_value`) are false.
 * MISP quirk: `in_and` keeps duplicates and `not_in_and` depends on order (Q3), implemented literally.
 */
export function evaluateCondition(data: unknown, operator: unknown, value: unknown): boolean {
  const name = operatorName(operator)
  const predicate = name !== null && Object.hasOwn(OPERATORS, name) ? OPERATORS[name] : undefined
  return predicate ? predicate(data, value) : false
}

/**
 * Whether `error` is one of the hash-path failures that are a PHP `TypeError` in MISP (a regex
 * matcher on an array, `insert`/`remove` into a value that is not an array: spec/HASHPATH.md
 * §7, §11). MISP's `extractData` and `executeNode` catch only `Exception`, so these end the run.
 */
export function isHashPathTypeError(error: unknown): boolean {
  return error instanceof TypeError && /^Hash path (matcher|insert|remove)\b/.test(error.message)
}

/** The error that ends a walk where MISP crashes with a PHP `Error` (spec/ENGINE.md §10). */
export function mispCrash(message: string): UserError {
  return new UserError('SLC_MISP_CRASH', message)
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  return typeof value === 'string' ? `the string ${JSON.stringify(value)}` : `a ${typeof value}`
}

/**
 * MISP's `extractData`: the data itself when the path is PHP-empty (`""`, and also `"0"`),
 * else `Hash::extract`; `false` when extraction throws an `Exception` (spec/ENGINE.md §2.9.2
 * step 1). `Hash::extract(array $data, …)` on a value that is not an array, and a regex
 * matcher on an array-valued field, are PHP `TypeError`s that MISP does not catch: the run
 * crashes, so these throw `SLC_MISP_CRASH` and the walk ends (spec/HASHPATH.md §10, §11).
 */
export function extractOrFalse(data: unknown, path: unknown): unknown {
  if (!phpTruthy(path)) return data
  if (!isPhpArray(data)) {
    throw mispCrash(
      `Hash::extract() needs an array, but the path \`${String(path)}\` was applied to ${describeValue(data)}`,
    )
  }
  try {
    return extract(data, String(path))
  } catch (error) {
    if (isHashPathTypeError(error)) throw mispCrash((error as Error).message)
    return false
  }
}

/** A lone UTF-8 byte that cannot equal any text: PHP's `$string[0]` of a multi-byte character. */
function firstByte(text: string): string {
  const code = text.charCodeAt(0)
  if (code < 0x80) return text.charAt(0)
  const lead = utf8.encode(text.slice(0, 2))[0] ?? 0
  return String.fromCharCode(0xdc00 + lead)
}

/** PHP `$sub[0]` for a non-empty value: the first element, a string's first byte, else null. */
function firstOf(sub: unknown): unknown {
  if (typeof sub === 'string') return firstByte(sub)
  if (Array.isArray(sub)) return sub.length > 0 ? sub[0] : null
  if (isPhpArray(sub)) return Object.hasOwn(sub, '0') ? (sub as Record<string, unknown>)['0'] : null
  return null
}

/** PHP 8 `$operator == '<name>'`: the same string, or `true`, which equals every non-empty string. */
function isOperator(operator: unknown, name: string): boolean {
  return operator === name || operator === true
}

function itemMatches(item: unknown, value: unknown, operator: unknown, path: unknown): boolean {
  let sub = extractOrFalse(item, path)
  // MISP tests each step with its own loose `==`, so `true` passes every one of them (§2.9.2).
  if ((isOperator(operator, 'equals') || isOperator(operator, 'not_equals')) && phpTruthy(sub)) sub = firstOf(sub)
  if (isOperator(operator, 'any_value') && phpTruthy(sub)) return true
  return evaluateCondition(sub, operator, value)
}

/**
 * MISP's `getItemsMatchingCondition(items, value, operator, path)` (spec/ENGINE.md §2.9.2):
 * the items whose sub-value at `path` satisfies the condition, with their original keys. The
 * result follows PHP's `json_encode`: the input itself when nothing was dropped, a list when
 * the surviving keys are still 0…k-1 in order (`[]` when nothing survives), otherwise a map
 * keyed by the surviving keys (`{"0": a, "2": c}`). A value that is not an array comes back
 * unchanged (PHP's `foreach` over it does nothing).
 */
export function itemsMatchingCondition(items: unknown, value: unknown, operator: unknown, path: unknown): unknown {
  if (!isPhpArray(items)) return items
  const keys: string[] = []
  const kept: unknown[] = []
  const entries: [string, unknown][] = Array.isArray(items)
    ? items.map((item, index) => [String(index), item])
    : Object.entries(items)
  for (const [key, item] of entries) {
    if (itemMatches(item, value, operator, path)) {
      keys.push(key)
      kept.push(item)
    }
  }
  if (kept.length === entries.length) return items
  return keys.every((key, index) => key === String(index)) ? kept : keyedBy(keys, kept)
}

function keyedBy(keys: string[], values: unknown[]): Record<string, unknown> {
  const map: Record<string, unknown> = {}
  keys.forEach((key, index) => {
    if (key === '__proto__') {
      Object.defineProperty(map, key, { value: values[index], writable: true, enumerable: true, configurable: true })
    } else {
      map[key] = values[index]
    }
  })
  return map
}

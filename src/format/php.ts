/**
 * PHP 8 value semantics that MISP relies on: truthiness, loose `==`, the spaceship comparison,
 * `is_numeric`, `intval` and string conversion of scalars (spec/HASHPATH.md §5.1, §12).
 *
 * Values are JSON-shaped: JS arrays are PHP lists, plain objects are PHP associative arrays
 * (see `php-array.ts`). Never use JS `==` or relational operators on mixed types: PHP 8 differs.
 */
import { isPhpArray, phpArrayEntries, phpArrayGet, phpCount } from './php-array.ts'

export * from './php-array.ts'
export { phpSprintf } from './php-sprintf.ts'

// PHP 8 numeric string (spec/HASHPATH.md §5.1): optional whitespace, sign, digits with optional
// fraction, optional exponent, optional trailing whitespace.
const NUMERIC_STRING = /^[ \t\n\r\v\f]*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?[ \t\n\r\v\f]*$/
const LEADING_NUMERIC = /^[ \t\n\r\v\f]*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/
// 2^63 - 1 is not representable as a double; PHP saturates float-to-int at the nearest double.
const INT64_MAX = 2 ** 63

// Whether a string can be a PHP numeric string, judged by its first character: a digit, a
// sign, a dot or leading whitespace.
function mayBeNumeric(s: string): boolean {
  const c = s.charCodeAt(0)
  return (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 32 || (c >= 9 && c <= 13)
}

/** PHP `is_numeric`: numbers, and strings that are PHP 8 numeric strings (spec/HASHPATH.md §5.1). */
export function isPhpNumeric(v: unknown): boolean {
  if (typeof v === 'number') return true
  return typeof v === 'string' && v.length > 0 && NUMERIC_STRING.test(v)
}

/** PHP truthiness (`(bool)$v`, `!empty($v)`): `"0"`, `""`, `0`, `null` and `[]` are false (spec/HASHPATH.md §12.3). */
export function phpTruthy(v: unknown): boolean {
  if (v === null || v === undefined) return false
  if (typeof v === 'boolean') return v
  if (typeof v === 'number') return v !== 0
  if (typeof v === 'string') return v !== '' && v !== '0'
  if (Array.isArray(v)) return v.length > 0
  // A map is truthy when it has any key: stop at the first one.
  if (isPhpArray(v)) {
    for (const _ in v) return true
    return false
  }
  return true
}

/** PHP 8 `(string)` of a float, which uses `precision=14` ("%.14G"): `2.0` → "2", `1e20` → "1.0E+20". */
export function phpFloatToString(n: number): string {
  if (Number.isNaN(n)) return 'NAN'
  if (!Number.isFinite(n)) return n > 0 ? 'INF' : '-INF'
  if (n === 0) return Object.is(n, -0) ? '-0' : '0'
  const [mantissa, expPart] = n.toExponential(13).split('e')
  const exponent = Number(expPart)
  if (exponent < -4 || exponent >= 14) {
    let m = mantissa.replace(/\.?0+$/, '')
    if (!m.includes('.')) m += '.0'
    return `${m}E${exponent < 0 ? '-' : '+'}${Math.abs(exponent)}`
  }
  const fixed = n.toFixed(Math.max(0, 13 - exponent))
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed
}

/** PHP `(string)$v` for scalars: `true` → "1", `false`/`null` → "", floats as PHP prints them (spec/HASHPATH.md §5 step 4). */
export function phpToString(v: unknown): string {
  if (typeof v === 'string') return v
  if (v === null || v === undefined || v === false) return ''
  if (v === true) return '1'
  if (typeof v === 'number') return Number.isSafeInteger(v) ? String(v) : phpFloatToString(v)
  if (typeof v === 'bigint') return v.toString()
  if (isPhpArray(v)) return 'Array'
  return String(v)
}

/** PHP `(string)$v`; alias of `phpToString` under the name the modules use (spec/HASHPATH.md §5). */
export const phpString = phpToString

/** PHP `empty($v)`: the negation of PHP truthiness (spec/HASHPATH.md §12.3). */
export function isEmpty(v: unknown): boolean {
  return !phpTruthy(v)
}

/** PHP `intval($v)` / `(int)$v` under PHP 8 rules: leading-numeric strings, saturation, bools (spec/HASHPATH.md §11). */
export function phpIntval(v: unknown): number {
  if (typeof v === 'number') return truncateToInt(v)
  if (typeof v === 'boolean') return v ? 1 : 0
  if (typeof v === 'string') {
    const m = LEADING_NUMERIC.exec(v)
    return m ? truncateToInt(Number(m[0].trim())) : 0
  }
  if (isPhpArray(v)) return phpCount(v) > 0 ? 1 : 0
  return 0
}

function truncateToInt(n: number): number {
  if (!Number.isFinite(n)) return 0
  if (n >= INT64_MAX) return INT64_MAX
  if (n <= -INT64_MAX) return -INT64_MAX
  return Math.trunc(n) || 0
}

/** Byte-wise (UTF-8 code point order) string comparison, like PHP `strcmp`, normalised to -1/0/1. */
export function phpStrcmp(a: string, b: string): number {
  if (a === b) return 0
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) {
      // UTF-16 order differs from code point order only between surrogates and U+E000..U+FFFF.
      if (x >= 0xd800 && y >= 0xd800) return surrogateRank(x) < surrogateRank(y) ? -1 : 1
      return x < y ? -1 : 1
    }
  }
  return a.length < b.length ? -1 : 1
}

function surrogateRank(unit: number): number {
  return unit >= 0xd800 && unit <= 0xdfff ? unit + 0x10000 : unit
}

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0
}

/**
 * PHP 8 `$a <=> $b` (loose comparison), returning -1, 0 or 1. Follows the PHP 8 table:
 * null and bool compare as booleans (null against a string compares as ""), numbers against
 * numeric strings compare numerically, numbers against other strings compare as strings, two
 * numeric strings compare numerically, arrays are greater than scalars (spec/HASHPATH.md §5.1).
 */
export function phpCompare(a: unknown, b: unknown): number {
  if (a === undefined) a = null
  if (b === undefined) b = null
  if (typeof a === 'boolean' || typeof b === 'boolean' || (a === null && b === null)) {
    return sign(Number(phpTruthy(a)) - Number(phpTruthy(b)))
  }
  if (a === null) return typeof b === 'string' ? phpStrcmp('', b) : -phpCompare(b, null)
  if (b === null) {
    if (typeof a === 'string') return phpStrcmp(a, '')
    return sign(Number(phpTruthy(a)))
  }
  const aArr = isPhpArray(a)
  const bArr = isPhpArray(b)
  if (aArr || bArr) return aArr && bArr ? compareArrays(a as object, b as object) : aArr ? 1 : -1
  return compareScalars(a, b)
}

function compareScalars(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return sign(a - b)
  if (typeof a === 'number' && typeof b === 'string') {
    return isPhpNumeric(b) ? compareNumberToNumericString(a, b) : phpStrcmp(phpToString(a), b)
  }
  if (typeof a === 'string' && typeof b === 'number') return -compareScalars(b, a)
  const sa = phpToString(a)
  const sb = phpToString(b)
  if (isPhpNumeric(sa) && isPhpNumeric(sb)) return compareNumericStrings(sa, sb)
  return phpStrcmp(sa, sb)
}

const INTEGER_STRING = /^[ \t\n\r\v\f]*[+-]?[0-9]+[ \t\n\r\v\f]*$/
const INT64_LOW = -(2n ** 63n)
const INT64_HIGH = 2n ** 63n - 1n

/**
 * A numeric string as PHP 8 reads it: an integer when it is written as one and fits in 64 bits
 * (exact, so 16–19 digit values such as card numbers compare digit for digit), else a float;
 * `overflow` is the side an integer-form string past 64 bits overflowed to.
 */
interface PhpNumericString {
  int: bigint | null
  float: number
  overflow: -1 | 0 | 1
}

function readNumericString(s: string): PhpNumericString {
  const float = Number(s.trim())
  if (!INTEGER_STRING.test(s)) return { int: null, float, overflow: 0 }
  const int = BigInt(s.trim())
  if (int > INT64_HIGH) return { int: null, float, overflow: 1 }
  if (int < INT64_LOW) return { int: null, float, overflow: -1 }
  return { int, float, overflow: 0 }
}

/** PHP 8 `<=>` of two numeric strings (Zend's smart string comparison). */
function compareNumericStrings(sa: string, sb: string): number {
  // Both within 2^53 (every short id, level or count): the floats are exact, and PHP's integer
  // or float comparison gives the same answer. The rest of the rules only matter past that.
  const fa = Number(sa.trim())
  const fb = Number(sb.trim())
  if (Number.isSafeInteger(fa) && Number.isSafeInteger(fb)) return sign(fa - fb)
  const x = readNumericString(sa)
  const y = readNumericString(sb)
  if (x.int !== null && y.int !== null) return x.int > y.int ? 1 : x.int < y.int ? -1 : 0
  // Two integers past 64 bits on the same side whose floats are equal: the floats may have
  // rounded a difference away, so PHP compares the text.
  if (x.overflow !== 0 && x.overflow === y.overflow && x.float === y.float) return phpStrcmp(sa, sb)
  // An integer against one past 64 bits: the overflowed side is the larger (or smaller) one.
  if (x.int !== null && y.overflow !== 0) return -y.overflow
  if (y.int !== null && x.overflow !== 0) return x.overflow
  if (x.float === y.float && !Number.isFinite(x.float)) return phpStrcmp(sa, sb)
  return sign(x.float - y.float)
}

/**
 * PHP 8 `<=>` of a number and a numeric string. A safe integer stands for a PHP int (JSON's
 * integers past 2^53 are already rounded when parsed): it compares exactly with an integer-form
 * string that fits in 64 bits, and as a float otherwise.
 */
function compareNumberToNumericString(a: number, b: string): number {
  const y = readNumericString(b)
  if (Number.isSafeInteger(a) && y.int !== null) {
    const x = BigInt(a)
    return x > y.int ? 1 : x < y.int ? -1 : 0
  }
  return sign(a - y.float)
}

// Arrays: smaller count is smaller; otherwise compare value by value in the order of `a`.
// A key of `a` missing from `b` makes them uncomparable, which PHP reports as 1.
function compareArrays(a: object, b: object): number {
  const diff = phpCount(a) - phpCount(b)
  if (diff !== 0) return sign(diff)
  for (const [key, value] of phpArrayEntries(a)) {
    const other = phpArrayGet(b, String(key))
    if (other === undefined) return 1
    const c = phpCompare(value, other)
    if (c !== 0) return c
  }
  return 0
}

/** PHP 8 loose equality `$a == $b` (spec/HASHPATH.md §5.1): `0 == ""` is false, `"1e3" == "1000"` is true. */
export function phpLooseEquals(a: unknown, b: unknown): boolean {
  if (isPhpArray(a) && isPhpArray(b)) {
    if (phpCount(a) !== phpCount(b)) return false
    for (const [key, value] of phpArrayEntries(a)) {
      const other = phpArrayGet(b, String(key))
      if (other === undefined || !phpLooseEquals(value, other)) return false
    }
    return true
  }
  if (typeof a === 'string' && typeof b === 'string') {
    // Equal strings are equal either way; and most strings (tag names, values) cannot be
    // numeric, which the first character tells without the regex: this runs per tag per run.
    if (a === b) return true
    if (!mayBeNumeric(a) || !mayBeNumeric(b) || !isPhpNumeric(a) || !isPhpNumeric(b)) return false
  }
  return phpCompare(a, b) === 0
}

/** PHP 8 `$a < $b` (spec/HASHPATH.md §5.1). */
export function phpLessThan(a: unknown, b: unknown): boolean {
  return phpCompare(a, b) < 0
}

/** PHP 8 `$a <= $b` (spec/HASHPATH.md §5.1). */
export function phpLessOrEqual(a: unknown, b: unknown): boolean {
  return phpCompare(a, b) <= 0
}

/** PHP 8 `$a > $b`, evaluated as `$b < $a` like PHP does (spec/HASHPATH.md §5.1). */
export function phpGreaterThan(a: unknown, b: unknown): boolean {
  return phpCompare(b, a) < 0
}

/** PHP 8 `$a >= $b`, evaluated as `$b <= $a` like PHP does (spec/HASHPATH.md §5.1). */
export function phpGreaterOrEqual(a: unknown, b: unknown): boolean {
  return phpCompare(b, a) <= 0
}

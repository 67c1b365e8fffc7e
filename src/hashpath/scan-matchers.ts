/**
 * Finding the `[attr op value]` groups of a matcher string in linear time (spec/HASHPATH.md §2.2).
 *
 * CakePHP scans the string with one regex, applied left to right without overlaps:
 *
 * ```
 * \[ (attr: [^=><!]+? ) ( \s* (op: [><!]?= | [><]) \s* (value: \/.*?\/ | [^\]]+) )? \]
 * ```
 *
 * Run as a JavaScript regex, that is quadratic: from every `[` the lazy `attr` may run to the end
 * of the string before failing, so a hostile path of a few tens of thousands of `[` took seconds.
 * This scanner gives the same groups as the regex under PCRE rules (`.` excludes only `\n`,
 * `\s` is ASCII whitespace) by working out where the regex's backtracking must end up:
 *
 * - `attr` grows one character at a time and cannot cross `= > < !`. It stops either at the
 *   first `]` (at least one character in), which closes a group without an operator, or just
 *   before the whitespace that precedes the first operator character, if that comes first.
 * - For an operator, the alternatives are tried in the regex's order (`>=` before `>`), and for
 *   each the value is the shortest `/…/` directly followed by `]`, else everything up to the
 *   next `]`. If the value would start at `]`, the regex gives back one whitespace character
 *   from before it, which then is the value (`[a= ]` has the value `" "`).
 *
 * Every "next occurrence" question is answered from tables built in one pass, and the outcome
 * for one operator position is the same for every `[` that reaches it, so it is kept.
 */

/** One matcher group as the regex would capture it. */
export interface ScannedMatcher {
  readonly attr: string
  readonly op: string | null
  readonly value: string
  /** The whole `[…]` text. */
  readonly text: string
}

interface OperatorMatch {
  op: string
  value: string
  end: number
}

const OPERATOR_CHARS = new Set(['=', '>', '<', '!'])

// PCRE's `\s` without /u: space, \t, \n, \v, \f, \r.
function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\v' || ch === '\f' || ch === '\r'
}

/** Index tables over one matcher string; `next*[i]` is the first index ≥ i, or the length. */
class Tables {
  readonly text: string
  readonly nextOperator: Int32Array
  readonly nextBracket: Int32Array
  readonly nextNewline: Int32Array
  readonly nextSlashBracket: Int32Array
  readonly nextNonSpace: Int32Array
  /** `spaceRunStart[i]`: where the run of whitespace ending just before `i` starts (`i` if none). */
  readonly spaceRunStart: Int32Array

  constructor(text: string) {
    this.text = text
    const n = text.length
    this.nextOperator = new Int32Array(n + 2).fill(n)
    this.nextBracket = new Int32Array(n + 2).fill(n)
    this.nextNewline = new Int32Array(n + 2).fill(n)
    this.nextSlashBracket = new Int32Array(n + 2).fill(n)
    this.nextNonSpace = new Int32Array(n + 2).fill(n)
    this.spaceRunStart = new Int32Array(n + 2)
    for (let i = n - 1; i >= 0; i--) {
      const ch = text[i]
      this.nextOperator[i] = OPERATOR_CHARS.has(ch) ? i : this.nextOperator[i + 1]
      this.nextBracket[i] = ch === ']' ? i : this.nextBracket[i + 1]
      this.nextNewline[i] = ch === '\n' ? i : this.nextNewline[i + 1]
      this.nextSlashBracket[i] = ch === '/' && text[i + 1] === ']' ? i : this.nextSlashBracket[i + 1]
      this.nextNonSpace[i] = isSpace(ch) ? this.nextNonSpace[i + 1] : i
    }
    for (let i = 0; i <= n; i++) this.spaceRunStart[i] = i > 0 && isSpace(text[i - 1]) ? this.spaceRunStart[i - 1] : i
  }
}

/** Every matcher group of `text`, in order, as CakePHP's `preg_match_all` finds them (spec/HASHPATH.md §2.2). */
export function scanMatchers(text: string): ScannedMatcher[] {
  const found: ScannedMatcher[] = []
  if (!text.includes('[')) return found
  const tables = new Tables(text)
  const byOperator = new Map<number, OperatorMatch | null>()
  let position = 0
  while (position < text.length) {
    const start = text.indexOf('[', position)
    if (start === -1) break
    const match = matchAt(tables, start, byOperator)
    if (match === null) {
      position = start + 1
      continue
    }
    found.push(match.matcher)
    position = match.end
  }
  return found
}

function matchAt(
  tables: Tables,
  start: number,
  byOperator: Map<number, OperatorMatch | null>,
): { matcher: ScannedMatcher; end: number } | null {
  const { text } = tables
  const operatorAt = tables.nextOperator[start + 1]
  if (operatorAt === start + 1 || start + 1 >= text.length) return null
  const bracketAt = tables.nextBracket[start + 2]
  if (bracketAt < operatorAt) {
    const matcher = {
      attr: text.slice(start + 1, bracketAt),
      op: null,
      value: '',
      text: text.slice(start, bracketAt + 1),
    }
    return { matcher, end: bracketAt + 1 }
  }
  if (operatorAt >= text.length) return null
  let operator = byOperator.get(operatorAt)
  if (operator === undefined) {
    operator = matchOperator(tables, operatorAt)
    byOperator.set(operatorAt, operator)
  }
  if (operator === null) return null
  const attrEnd = Math.max(start + 2, tables.spaceRunStart[operatorAt])
  const matcher = {
    attr: text.slice(start + 1, attrEnd),
    op: operator.op,
    value: operator.value,
    text: text.slice(start, operator.end),
  }
  return { matcher, end: operator.end }
}

// The operator alternatives at `at`, in the regex's order: `[><!]=`, `=`, then `>` or `<` alone.
function operatorCandidates(text: string, at: number): string[] {
  const ch = text[at]
  const candidates: string[] = []
  if ((ch === '>' || ch === '<' || ch === '!') && text[at + 1] === '=') candidates.push(`${ch}=`)
  if (ch === '=') candidates.push('=')
  if (ch === '>' || ch === '<') candidates.push(ch)
  return candidates
}

function matchOperator(tables: Tables, at: number): OperatorMatch | null {
  for (const op of operatorCandidates(tables.text, at)) {
    const value = matchValue(tables, at + op.length)
    if (value !== null) return { op, ...value }
  }
  return null
}

// The value after an operator ending at `from` (whitespace first), then the closing `]`.
function matchValue(tables: Tables, from: number): { value: string; end: number } | null {
  const { text } = tables
  const n = text.length
  const at = tables.nextNonSpace[from]
  if (text[at] === '/') {
    const close = tables.nextSlashBracket[at + 1]
    if (close < n && tables.nextNewline[at + 1] > close) return { value: text.slice(at, close + 1), end: close + 2 }
  }
  if (at < n && text[at] !== ']') {
    const close = tables.nextBracket[at]
    return close < n ? { value: text.slice(at, close), end: close + 1 } : null
  }
  // The value cannot start at `]`: the regex gives the last whitespace character back to it.
  if (at < n && at > from) return { value: text[at - 1], end: at + 1 }
  return null
}

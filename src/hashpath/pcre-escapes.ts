/**
 * Translation of PCRE escapes and POSIX classes to JavaScript regex source
 * (spec/HASHPATH.md §5.2). Used by `pcre-translate.ts`.
 */

/** How a PCRE escape was translated: JS source, or a reason it cannot be. */
export type EscapeResult =
  | { kind: 'ok'; src: string; literal: string | null; length: number }
  | { kind: 'invalid'; reason: string }
  | { kind: 'unsupported'; feature: string }
  | { kind: 'unsafe'; reason: string }

const SYNTAX_CHARS = new Set('^$\\.*+?()[]{}|/'.split(''))
const SIMPLE: Record<string, string> = { n: '\\n', r: '\\r', t: '\\t', f: '\\f', e: '\\x1b', a: '\\x07' }
const SPACE_ASCII = '\\t\\n\\v\\f\\r '
const HSPACE = '\\t \\xa0'
const VSPACE = '\\n\\v\\f\\r\\x85'

const POSIX: Record<string, string> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: SPACE_ASCII,
  blank: ' \\t',
  xdigit: '0-9a-fA-F',
  word: '\\w',
  punct: '!-\\/:-@\\[-`{-~',
  cntrl: '\\x00-\\x1f\\x7f',
  print: ' -~',
  graph: '!-~',
  ascii: '\\x00-\\x7f',
}

/** Escape one literal character for use in JS regex source (inside or outside a class). */
export function literalSource(ch: string, inClass: boolean): string {
  if (SYNTAX_CHARS.has(ch) || (inClass && ch === '-')) return `\\${ch}`
  const code = ch.codePointAt(0)!
  if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`
  return ch
}

function codePointSource(code: number, unicode: boolean, inClass: boolean): EscapeResult | null {
  if (!unicode && code > 0xff) return { kind: 'invalid', reason: 'character code too large without /u' }
  if (code > 0x10ffff) return { kind: 'invalid', reason: 'character code too large' }
  const ch = String.fromCodePoint(code)
  return { kind: 'ok', src: literalSource(ch, inClass), literal: ch, length: 0 }
}

function classEscape(letter: string, unicode: boolean, inClass: boolean): string | null {
  const wrap = (body: string, negate: boolean) => (inClass ? (negate ? null : body) : `[${negate ? '^' : ''}${body}]`)
  switch (letter) {
    case 'd':
    case 'D':
      return unicode ? `\\${letter === 'd' ? 'p' : 'P'}{Nd}` : `\\${letter}`
    case 'w':
      return unicode ? wrap('\\p{L}\\p{N}_', false) : '\\w'
    case 'W':
      return unicode ? (wrap('\\p{L}\\p{N}_', true) ?? '\\W') : '\\W'
    case 's':
      return unicode ? '\\s' : wrap(SPACE_ASCII, false)
    case 'S':
      return unicode ? '\\S' : (wrap(SPACE_ASCII, true) ?? '\\S')
    case 'h':
      return wrap(HSPACE, false)
    case 'H':
      return wrap(HSPACE, true) ?? '\\S'
    case 'v':
      return wrap(VSPACE, false)
    case 'V':
      return wrap(VSPACE, true) ?? '\\S'
    default:
      return null
  }
}

function hexEscape(pattern: string, at: number, unicode: boolean, inClass: boolean): EscapeResult {
  if (pattern[at + 1] === '{') {
    const end = pattern.indexOf('}', at + 2)
    const hex = end === -1 ? '' : pattern.slice(at + 2, end)
    if (!/^[0-9a-fA-F]+$/.test(hex)) return { kind: 'invalid', reason: 'bad \\x{...} escape' }
    const r = codePointSource(Number.parseInt(hex, 16), unicode, inClass)!
    return r.kind === 'ok' ? { ...r, length: end - at + 1 } : r
  }
  const hex = /^[0-9a-fA-F]{0,2}/.exec(pattern.slice(at + 1))![0]
  const r = codePointSource(hex === '' ? 0 : Number.parseInt(hex, 16), unicode, inClass)!
  return r.kind === 'ok' ? { ...r, length: 1 + hex.length } : r
}

/**
 * Translate the escape whose letter is at `pattern[at]` (just after the backslash). The returned
 * `length` counts the characters consumed from `at`.
 */
export function translateEscape(pattern: string, at: number, unicode: boolean, inClass: boolean): EscapeResult {
  const ch = pattern[at]
  if (ch === undefined) return { kind: 'invalid', reason: 'pattern ends with a backslash' }
  const ok = (src: string, literal: string | null = null, length = 1): EscapeResult => ({
    kind: 'ok',
    src,
    literal,
    length,
  })
  if (SIMPLE[ch] !== undefined) return ok(SIMPLE[ch], null)
  const cls = classEscape(ch, unicode, inClass)
  if (cls !== null) return ok(cls)
  if (ch === 'x') return hexEscape(pattern, at, unicode, inClass)
  if (ch === '0') {
    const oct = /^[0-7]{0,2}/.exec(pattern.slice(at + 1))![0]
    const r = codePointSource(oct === '' ? 0 : Number.parseInt(oct, 8), unicode, inClass)!
    return r.kind === 'ok' ? { ...r, length: 1 + oct.length } : r
  }
  if (/[1-9]/.test(ch)) {
    return inClass
      ? { kind: 'unsupported', feature: 'octal escapes' }
      : { kind: 'unsafe', reason: 'backreferences are not allowed' }
  }
  if (ch === 'k' || ch === 'g') return { kind: 'unsafe', reason: 'backreferences are not allowed' }
  if (ch === 'c') {
    const next = pattern[at + 1]
    if (next === undefined || !/[A-Za-z]/.test(next)) return { kind: 'unsupported', feature: '\\c escapes' }
    return ok(`\\c${next.toUpperCase()}`, null, 2)
  }
  if (ch === 'p' || ch === 'P') return { kind: 'unsupported', feature: 'Unicode property escapes' }
  if (!inClass) {
    if (ch === 'b' || ch === 'B') return ok(`\\${ch}`)
    if (ch === 'A' || ch === 'G') return ok('^')
    if (ch === 'z') return ok('$')
    if (ch === 'Z') return ok('(?=\\n?$)')
    if (ch === 'N') return ok('[^\\n]')
    if (ch === 'R') return ok('(?:\\r\\n|[\\n\\v\\f\\r\\x85])')
  }
  if (/[A-Za-z]/.test(ch)) return { kind: 'unsupported', feature: `the escape \\${ch}` }
  return ok(literalSource(ch, inClass), ch)
}

/** Translate a POSIX class name such as `alpha` (inside `[...]`), or null if unknown. */
export function posixClass(name: string, negate: boolean): string | null {
  const body = POSIX[name]
  if (body === undefined || negate) return null
  return body
}

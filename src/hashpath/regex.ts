/**
 * PCRE regex matchers (`[attr=/…/flags]`) run safely in JavaScript (spec/HASHPATH.md §5 step 4, §5.2).
 *
 * Safety bound: a user pattern cannot hang the process. `pcre-translate.ts` estimates each
 * pattern's worst-case backtracking work as `C × L^k` for a subject of length L. Patterns whose
 * work grows exponentially (nested repetition such as `/^(a+)+$/`, ambiguous alternation under
 * a repeat, backreferences) are rejected with an Error naming the regex. For the rest, the
 * estimate gives a maximum subject length that keeps the work under WORK_BUDGET steps
 * (tens of milliseconds); a longer subject raises an Error instead of running. Ordinary patterns
 * (`/^tlp:/i`, `/\.exe$/`) have no practical limit.
 *
 * PCRE semantics kept: only `/` delimits, and the pattern ends at the first unescaped `/`;
 * modifiers i m s x u A D U (S X J n accepted, spaces skipped); without `u` the match runs on
 * UTF-8 bytes, as PCRE does; `.` excludes only `\n`; `$` also matches before a final newline.
 * A pattern that PCRE would not compile matches nothing (PHP only warns).
 */
import { type PcreMode, PcreRejection, translatePcre } from './pcre-translate.ts'

/** A compiled matcher regex, or `null` when PHP would fail to compile it (no match). */
export interface SafeRegex {
  readonly pattern: string
  readonly regex: RegExp
  readonly isUnicode: boolean
  readonly maxSubjectLength: number
}

const WORK_BUDGET = 5e7
const MIN_SUBJECT_LENGTH = 256
const CACHE_LIMIT = 500
// Longer patterns are compiled on each use instead of kept (see parse-path.ts).
const MAX_CACHED_PATTERN_LENGTH = 4096
const cache = new Map<string, SafeRegex | null>()
const encoder = new TextEncoder()

/** Compile a PCRE pattern with delimiters (`/body/flags`), cached; throws for unsafe or unsupported patterns. */
export function compilePcre(pattern: string): SafeRegex | null {
  if (cache.has(pattern)) return cache.get(pattern)!
  const compiled = compileUncached(pattern)
  if (pattern.length > MAX_CACHED_PATTERN_LENGTH) return compiled
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string)
  cache.set(pattern, compiled)
  return compiled
}

function compileUncached(pattern: string): SafeRegex | null {
  const split = splitDelimiters(pattern)
  if (split === null) return null
  const mode = parseFlags(split.modifiers)
  if (mode === null) return null
  const body = mode.u ? split.body : toByteString(split.body)
  let translation: ReturnType<typeof translatePcre>
  try {
    translation = translatePcre(body, mode)
  } catch (e) {
    if (e instanceof PcreRejection) throw new Error(`Hash path regex ${pattern} ${e.message}`)
    throw e
  }
  if (translation.kind === 'invalid') return null
  let source = translation.source
  if (mode.A) source = `^(?:${source})`
  const exponent = translation.exponent + (translation.anchored || mode.A ? 0 : 1)
  const maxSubjectLength =
    exponent === 0 ? Infinity : Math.exp((Math.log(WORK_BUDGET) - translation.logConstant) / exponent)
  if (maxSubjectLength < MIN_SUBJECT_LENGTH) {
    throw new Error(`Hash path regex ${pattern} is unsafe: it can backtrack catastrophically`)
  }
  let regex: RegExp
  try {
    regex = new RegExp(source, (mode.i ? 'i' : '') + (mode.u ? 'u' : ''))
  } catch {
    return null
  }
  return { pattern, regex, isUnicode: mode.u, maxSubjectLength: Math.floor(maxSubjectLength) }
}

type FullMode = PcreMode & { A: boolean }

/**
 * Splits `/body/modifiers` the way PHP's preg functions do: the body ends at the first `/` not
 * escaped by a backslash, and everything after it is modifiers. So `/a/b/` is the body `a` with
 * the modifiers `b/`, which PHP refuses. Null when there is no ending delimiter (PHP warns).
 */
function splitDelimiters(pattern: string): { body: string; modifiers: string } | null {
  if (pattern[0] !== '/') return null
  for (let i = 1; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++
    else if (pattern[i] === '/') return { body: pattern.slice(1, i), modifiers: pattern.slice(i + 1) }
  }
  return null
}

// PHP 8.2's modifier letters; S, X and J change nothing a match test can see, and neither does n
// (no auto-capture). Spaces and line breaks between modifiers are skipped. Any other character,
// including the removed `e`, makes PHP refuse the pattern: null, so it matches nothing.
const NEUTRAL_MODIFIERS = new Set(['S', 'X', 'J', 'n', ' ', '\n', '\r'])

function parseFlags(modifiers: string): FullMode | null {
  const mode = { i: false, m: false, s: false, x: false, U: false, D: false, u: false, A: false }
  for (const f of modifiers) {
    if (NEUTRAL_MODIFIERS.has(f)) continue
    if (!Object.hasOwn(mode, f)) return null
    mode[f as keyof typeof mode] = true
  }
  return mode
}

/** The UTF-8 bytes of `s` as a string of code units 0–255 (PCRE's view of a subject without /u). */
export function toByteString(s: string): string {
  if (isAscii(s)) return s
  const bytes = encoder.encode(s)
  let out = ''
  for (let i = 0; i < bytes.length; i += 4096) out += String.fromCharCode(...bytes.subarray(i, i + 4096))
  return out
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false
  return true
}

/** `preg_match` of a compiled pattern against a subject string, enforcing the subject-length bound. */
export function testPcre(compiled: SafeRegex, subject: string): boolean {
  const text = compiled.isUnicode ? subject : toByteString(subject)
  if (text.length > compiled.maxSubjectLength) {
    throw new Error(
      `Hash path regex ${compiled.pattern} is too expensive for a ${text.length}-character value ` +
        `(limit ${compiled.maxSubjectLength} for this pattern); simplify the pattern`,
    )
  }
  return compiled.regex.test(text)
}

/**
 * Tokenising CakePHP 2.x `Hash` paths (spec/HASHPATH.md §2). Parsed paths are cached because the
 * engine evaluates the same few paths on every run.
 */
import { isPhpNumeric } from '../format/index.ts'
import { scanMatchers } from './scan-matchers.ts'

/** A token's selector: `{n}`, `{s}`, `{*}` or a literal key (spec/HASHPATH.md §4.1). */
export type Selector =
  | { kind: 'numeric' }
  | { kind: 'string' }
  | { kind: 'any' }
  | { kind: 'key'; key: string; numeric: number | null }

/** A matcher operator (spec/HASHPATH.md §2). */
export type MatchOp = '=' | '!=' | '<' | '<=' | '>' | '>='

/** One `[attr]` or `[attr op value]` condition (spec/HASHPATH.md §2.2, §5). */
export interface Condition {
  readonly attr: string
  readonly op: MatchOp | null
  readonly value: string
  readonly isValueNumeric: boolean
  readonly isRegex: boolean
  /** The bracket text, for error messages. */
  readonly text: string
}

/** One dot-separated path token (spec/HASHPATH.md §2.1). */
export interface PathToken {
  /** The token as written (trimmed when the path contains `[`). */
  readonly raw: string
  readonly selector: Selector
  /** `null` when the token has no matcher string; otherwise every element must be an array passing all conditions. */
  readonly conditions: readonly Condition[] | null
}

/** A parsed path (spec/HASHPATH.md §2). */
export interface ParsedPath {
  readonly path: string
  /** True when the path contains `{` or `[`, so extract/insert/remove walk it token by token. */
  readonly isWalk: boolean
  readonly tokens: readonly PathToken[]
}

const CACHE_LIMIT = 2000
// Longer paths are parsed on each use instead of kept: real paths are short, and caching
// 2,000 hostile megabyte-long ones would hold gigabytes.
const MAX_CACHED_PATH_LENGTH = 4096
const cache = new Map<string, ParsedPath>()

const PHP_TRIM = /^[ \t\n\r\0\v]+|[ \t\n\r\0\v]+$/g

/** Parse a path string, using the bounded cache (spec/HASHPATH.md §2). */
export function parsePath(path: string): ParsedPath {
  let parsed = cache.get(path)
  if (parsed === undefined) {
    parsed = parseUncached(path)
    if (path.length > MAX_CACHED_PATH_LENGTH) return parsed
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string)
    cache.set(path, parsed)
  }
  return parsed
}

function parseUncached(path: string): ParsedPath {
  const hasBracket = path.includes('[')
  const rawTokens = hasBracket ? splitBracketAware(path) : path.split('.')
  return {
    path,
    isWalk: hasBracket || path.includes('{'),
    tokens: rawTokens.map(parseToken),
  }
}

/** Split at dots outside brackets and trim each token, as CakePHP does when the path contains `[` (spec/HASHPATH.md §2.1). */
export function splitBracketAware(path: string): string[] {
  const tokens: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < path.length; i++) {
    const ch = path[i]
    if (ch === '[') depth++
    else if (ch === ']') depth--
    else if (ch === '.' && depth === 0) {
      tokens.push(path.slice(start, i))
      start = i + 1
    }
  }
  tokens.push(path.slice(start))
  return tokens.map((t) => t.replace(PHP_TRIM, ''))
}

function parseToken(raw: string): PathToken {
  const bracket = raw.indexOf('[')
  const selectorText = bracket === -1 ? raw : raw.slice(0, bracket)
  return {
    raw,
    selector: parseSelector(selectorText),
    conditions: bracket === -1 ? null : parseConditions(raw.slice(bracket)),
  }
}

function parseSelector(text: string): Selector {
  if (text === '{n}') return { kind: 'numeric' }
  if (text === '{s}') return { kind: 'string' }
  if (text === '{*}') return { kind: 'any' }
  return { kind: 'key', key: text, numeric: isPhpNumeric(text) ? Number(text.trim()) : null }
}

/** Parse a matcher string such as `[a=1][b=/x/i]`; groups that do not fit the grammar are ignored (spec/HASHPATH.md §2.2). */
export function parseConditions(matcherString: string): Condition[] {
  const conditions: Condition[] = []
  for (const group of scanMatchers(matcherString)) {
    const op = group.op as MatchOp | null
    conditions.push({
      attr: group.attr,
      op,
      value: group.value,
      isValueNumeric: isPhpNumeric(group.value),
      isRegex: op === '=' && group.value.startsWith('/'),
      text: group.text,
    })
  }
  return conditions
}

/**
 * Translate a PCRE pattern body to JavaScript regex source and estimate its worst-case
 * backtracking cost (spec/HASHPATH.md §5.2).
 *
 * The cost model counts, per match attempt, the ways the pattern can split a subject of length
 * L: a repeated simple atom (`a+`, `.*`) contributes a factor L, a bounded repeat `{m,n}` a
 * constant, an alternation whose branches may start with the same character a factor of its
 * branch count. A repeat of something that is itself ambiguous (`(a+)+`, `(a|a)*`) is
 * exponential and rejected outright, as are backreferences. The estimate is
 * `e^logConstant × L^exponent`; `regex.ts` turns it into a subject-length limit.
 *
 * A group that can match a given text in one way only ("deterministic") may be repeated: its
 * iterations cannot be split differently, so a repeat only adds the choice of how many to keep.
 * That is what lets the everyday `(\d+\.){3}` and `([a-z0-9-]+\.)+` through. A run `X+` counts
 * as deterministic when the next item starts with a character X cannot match (it must stop
 * there: a literal, or without /u a class sharing no byte with X); alternatives when they start
 * with different characters. A run that ends the whole pattern costs one scan, not a factor L.
 */
import { literalSource, posixClass, translateEscape } from './pcre-escapes.ts'

/** PCRE options that change translation (spec/HASHPATH.md §5.2). */
export interface PcreMode {
  readonly i: boolean
  readonly m: boolean
  readonly s: boolean
  readonly x: boolean
  readonly U: boolean
  readonly D: boolean
  readonly u: boolean
}

/** A translated pattern: JS source plus its cost estimate. */
export type Translation =
  | { kind: 'ok'; source: string; exponent: number; logConstant: number; anchored: boolean }
  | { kind: 'invalid'; reason: string }

/** Thrown for patterns that PCRE accepts but that Sluice refuses (unsafe or unsupported). */
export class PcreRejection extends Error {}

class InvalidPattern extends Error {}

interface Node {
  src: string
  k: number
  c: number
  first: string | null
  /** JS source of a one-character atom that every match starts with (a class, `\d`, a literal), or null. */
  firstAtom: string | null
  anchorStart: boolean
  /** Matches exactly one character (a literal, a class, `.`). */
  single?: boolean
  /** For an unbounded repeat of a single-character atom: that atom's source. */
  repeatOf?: string
  /**
   * Matches a given text in at most one way. An unbounded single-character repeat is not, by
   * itself; the enclosing sequence decides, by what follows it (see parseSequence).
   */
  deterministic: boolean
}

interface Ctx {
  readonly p: string
  pos: number
}

const LN = Math.log
const MAX_BOUNDED = 16

/** Translate `body` under `mode`; invalid patterns (PHP warns, no match) come back as `invalid`. */
export function translatePcre(body: string, mode: PcreMode): Translation {
  const ctx: Ctx = { p: body, pos: 0 }
  try {
    const node = parseAlternation(ctx, mode, true)
    if (ctx.pos < body.length) throw new InvalidPattern('unmatched )')
    return { kind: 'ok', source: node.src, exponent: node.k, logConstant: node.c, anchored: node.anchorStart }
  } catch (e) {
    if (e instanceof InvalidPattern) return { kind: 'invalid', reason: e.message }
    throw e
  }
}

function parseAlternation(ctx: Ctx, mode: PcreMode, isTopLevel = false): Node {
  const branches = [parseSequence(ctx, mode, isTopLevel)]
  while (ctx.p[ctx.pos] === '|') {
    ctx.pos++
    branches.push(parseSequence(ctx, mode, isTopLevel))
  }
  if (branches.length === 1) return branches[0]
  const distinct = startDistinctly(branches, mode)
  return {
    src: branches.map((b) => b.src).join('|'),
    k: Math.max(...branches.map((b) => b.k)),
    c: Math.max(...branches.map((b) => b.c)) + (distinct ? 0 : LN(branches.length)),
    first: null,
    firstAtom: null,
    anchorStart: branches.every((b) => b.anchorStart),
    deterministic: distinct && branches.every((b) => b.deterministic),
  }
}

// Whether no two branches can start on the same character. Under /iu, Unicode case folding
// pairs characters that toLowerCase keeps apart (ς and σ), so each pair is tested as a regex.
function startDistinctly(branches: Node[], mode: PcreMode): boolean {
  const firsts = branches.map((b) => b.first)
  if (firsts.some((f) => f === null)) return false
  const chars = firsts as string[]
  if (!(mode.i && mode.u)) {
    const folded = chars.map((f) => (mode.i ? f.toLowerCase() : f))
    return new Set(folded).size === folded.length
  }
  if (chars.length > 64) return false
  for (let i = 0; i < chars.length; i++) {
    for (let j = i + 1; j < chars.length; j++)
      if (canMatch(literalSource(chars[i], false), chars[j], mode)) return false
  }
  return true
}

// Costs multiply along a sequence, except across a "seal": when a deterministic prefix is
// followed by X+ and then by a character X cannot match (`[a-z]+@`), X+ can stop in one place
// only, so what follows runs once per start position and the costs add up instead.
function parseSequence(ctx: Ctx, mode: PcreMode, isTopLevel: boolean): Node {
  const seq: Node = { src: '', k: 0, c: 0, first: null, firstAtom: null, anchorStart: false, deterministic: true }
  let sealed = { k: 0, c: 0 }
  let pending: { atom: string; isPrefixDeterministic: boolean } | null = null
  let isFirst = true
  let last: Node | null = null
  let count = 0
  while (ctx.pos < ctx.p.length && ctx.p[ctx.pos] !== '|' && ctx.p[ctx.pos] !== ')') {
    if (mode.x && skipExtended(ctx)) continue
    const atom = parseAtom(ctx, mode)
    if (atom === null) continue
    const node = parseQuantifier(ctx, mode, atom)
    const stopsPending = pending !== null && cannotStartWith(pending.atom, node, mode)
    // A run `X+` left open (what follows may start with an X) can end in several places.
    if (pending !== null && !stopsPending) seq.deterministic = false
    if (pending?.isPrefixDeterministic && stopsPending) {
      sealed = { k: Math.max(sealed.k, seq.k), c: Math.max(sealed.c, seq.c) }
      seq.k = 0
      seq.c = 0
    }
    if (node.repeatOf === undefined && !node.deterministic) seq.deterministic = false
    pending = node.repeatOf === undefined ? null : { atom: node.repeatOf, isPrefixDeterministic: seq.k + seq.c === 0 }
    seq.src += node.src
    seq.k += node.k
    seq.c += node.c
    last = node
    count++
    if (isFirst) {
      seq.first = node.first
      seq.firstAtom = node.firstAtom
      seq.anchorStart = node.anchorStart
      isFirst = false
    }
  }
  if (pending !== null) seq.deterministic = false
  // A run `X*` / `X+` that ends the whole pattern cannot make the match fail once reached: it
  // costs one scan when the match succeeds, not a factor L on every attempt (`/https?:\/\/.*/`).
  if (isTopLevel && last?.repeatOf !== undefined) seq.k -= last.k
  // A sequence that is one run (the body of `(\d+)`) still acts as that run around it.
  if (count === 1 && last?.repeatOf !== undefined) seq.repeatOf = last.repeatOf
  seq.k = Math.max(seq.k, sealed.k)
  seq.c = Math.max(seq.c, sealed.c)
  return seq
}

// Whether `node` must start with a character the run's atom cannot match, so the run has to stop
// right before it. A literal is tested directly; a class (`[0-9]`, `\d`) only without /u, where
// subjects are bytes and all 256 can be tried.
function cannotStartWith(runAtom: string, node: Node, mode: PcreMode): boolean {
  if (node.first !== null) return !canMatch(runAtom, node.first, mode)
  if (node.firstAtom === null || mode.u) return false
  try {
    const run = new RegExp(`^(?:${runAtom})$`, mode.i ? 'i' : '')
    const next = new RegExp(`^(?:${node.firstAtom})$`, mode.i ? 'i' : '')
    for (let code = 0; code < 256; code++) {
      const ch = String.fromCharCode(code)
      if (run.test(ch) && next.test(ch)) return false
    }
    return true
  } catch {
    return false
  }
}

function canMatch(atomSource: string, ch: string, mode: PcreMode): boolean {
  try {
    return new RegExp(`^(?:${atomSource})$`, (mode.i ? 'i' : '') + (mode.u ? 'u' : '')).test(ch)
  } catch {
    return true
  }
}

// In /x mode whitespace and #-comments outside classes are ignored.
function skipExtended(ctx: Ctx): boolean {
  const ch = ctx.p[ctx.pos]
  if (/[ \t\n\v\f\r]/.test(ch)) {
    ctx.pos++
    return true
  }
  if (ch !== '#') return false
  const nl = ctx.p.indexOf('\n', ctx.pos)
  ctx.pos = nl === -1 ? ctx.p.length : nl + 1
  return true
}

function leaf(src: string, first: string | null = null, anchorStart = false): Node {
  return { src, k: 0, c: 0, first, firstAtom: null, anchorStart, deterministic: true }
}

function single(src: string, first: string | null = null): Node {
  return { src, k: 0, c: 0, first, firstAtom: src, anchorStart: false, single: true, deterministic: true }
}

function parseAtom(ctx: Ctx, mode: PcreMode): Node | null {
  const ch = ctx.p[ctx.pos]
  switch (ch) {
    case '(':
      return parseGroup(ctx, mode)
    case '[':
      return parseClass(ctx, mode)
    case '.':
      ctx.pos++
      return single(mode.s ? '[\\s\\S]' : '[^\\n]')
    case '^':
      ctx.pos++
      // Under /m PCRE's ^ also matches after a newline, except one that ends the subject.
      return mode.m ? leaf('(?:^|(?<=\\n)(?=[\\s\\S]))') : leaf('^', null, true)
    case '$':
      ctx.pos++
      return leaf(mode.m ? '(?=\\n|$)' : mode.D ? '$' : '(?=\\n?$)')
    case '\\':
      return parseEscape(ctx, mode)
    case '*':
    case '+':
    case '?':
      throw new InvalidPattern('quantifier does not follow a repeatable item')
    default:
      ctx.pos++
      if (ch === '{' && quantifierAt(ctx.p, ctx.pos - 1) !== null) throw new InvalidPattern('nothing to repeat')
      return single(literalSource(ch, false), ch)
  }
}

function parseEscape(ctx: Ctx, mode: PcreMode): Node | null {
  if (ctx.p[ctx.pos + 1] === 'Q') return parseQuoted(ctx)
  if (ctx.p[ctx.pos + 1] === 'E') {
    ctx.pos += 2
    return null
  }
  const r = translateEscape(ctx.p, ctx.pos + 1, mode.u, false)
  if (r.kind === 'invalid') throw new InvalidPattern(r.reason)
  if (r.kind === 'unsupported') throw new PcreRejection(`uses ${r.feature}, which is not supported`)
  if (r.kind === 'unsafe') throw new PcreRejection(`is unsafe: ${r.reason}`)
  const letter = ctx.p[ctx.pos + 1]
  ctx.pos += 1 + r.length
  if (r.literal !== null || /[dDwWsShHvVNnrtfeax0c]/.test(letter)) return single(r.src, r.literal)
  return leaf(r.src, null, letter === 'A')
}

function parseQuoted(ctx: Ctx): Node {
  const end = ctx.p.indexOf('\\E', ctx.pos + 2)
  const text = ctx.p.slice(ctx.pos + 2, end === -1 ? ctx.p.length : end)
  ctx.pos = end === -1 ? ctx.p.length : end + 2
  const src = [...text].map((c) => literalSource(c, false)).join('')
  return leaf(`(?:${src})`, text[0] ?? null)
}

function parseGroup(ctx: Ctx, mode: PcreMode): Node | null {
  const rest = ctx.p.slice(ctx.pos, ctx.pos + 4)
  let open = '('
  let inner = mode
  let lookaround = false
  if (rest.startsWith('(?#')) {
    const end = ctx.p.indexOf(')', ctx.pos)
    if (end === -1) throw new InvalidPattern('unterminated comment')
    ctx.pos = end + 1
    return null
  }
  if (rest.startsWith('(?')) {
    const head = parseGroupHead(ctx, mode)
    if (head === null) return null
    open = head.open
    inner = head.mode
    lookaround = head.lookaround
  } else ctx.pos++
  const body = parseAlternation(ctx, inner)
  if (ctx.p[ctx.pos] !== ')') throw new InvalidPattern('missing )')
  ctx.pos++
  // Character tests outside the group run under the outer flags, which would misjudge a group
  // that switches case-insensitivity (`(?i:a)` also matches "A"): it exposes no first character.
  const exposesFirst = !lookaround && inner.i === mode.i
  return {
    src: `${open}${body.src})`,
    k: body.k,
    c: body.c,
    first: exposesFirst ? body.first : null,
    firstAtom: exposesFirst ? body.firstAtom : null,
    anchorStart: body.anchorStart,
    repeatOf: exposesFirst ? body.repeatOf : undefined,
    // JavaScript never backtracks into a lookaround that has matched.
    deterministic: lookaround || body.deterministic,
  }
}

interface GroupHead {
  open: string
  mode: PcreMode
  lookaround: boolean
}

// Reads the part of a group after "(?" up to its body; returns null for a leading "(?flags)".
function parseGroupHead(ctx: Ctx, mode: PcreMode): GroupHead | null {
  const p = ctx.p
  const at = ctx.pos + 2
  const simple: Record<string, [string, boolean]> = {
    ':': ['(?:', false],
    '=': ['(?=', true],
    '!': ['(?!', true],
    '<=': ['(?<=', true],
    '<!': ['(?<!', true],
  }
  for (const [marker, [open, lookaround]] of Object.entries(simple)) {
    if (p.startsWith(marker, at)) {
      ctx.pos = at + marker.length
      return { open, mode, lookaround }
    }
  }
  const named = /^(?:P?<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)')/.exec(p.slice(at))
  if (named) {
    ctx.pos = at + named[0].length
    return { open: `(?<${named[1] ?? named[2]}>`, mode, lookaround: false }
  }
  if (p.startsWith('P=', at)) throw new PcreRejection('is unsafe: backreferences are not allowed')
  const flags = /^([imsxUDJ]*)(?:-([imsxUDJ]*))?([:)])/.exec(p.slice(at))
  if (!flags) throw new PcreRejection(`uses the group syntax "(?${p.slice(at, at + 2)}", which is not supported`)
  const next = applyFlags(mode, flags[1], flags[2] ?? '')
  ctx.pos = at + flags[0].length
  if (flags[3] === ')') {
    if (at !== 2) throw new PcreRejection('uses an inline option group "(?…)" after the start, which is not supported')
    Object.assign(mode, next)
    return null
  }
  const iChanged = next.i !== mode.i
  return { open: iChanged ? `(?${next.i ? 'i' : '-i'}:` : '(?:', mode: next, lookaround: false }
}

function applyFlags(mode: PcreMode, on: string, off: string): PcreMode {
  const next = { ...mode }
  for (const f of on) if (f in next) (next as Record<string, boolean>)[f] = true
  for (const f of off) if (f in next) (next as Record<string, boolean>)[f] = false
  return next
}

function parseClass(ctx: Ctx, mode: PcreMode): Node {
  const p = ctx.p
  let i = ctx.pos + 1
  let src = '['
  if (p[i] === '^') {
    src += '^'
    i++
  }
  let first = true
  while (i < p.length && (p[i] !== ']' || first)) {
    first = false
    const posix = /^\[:(\^?)([a-z]+):\]/.exec(p.slice(i, i + 12))
    if (posix) {
      const body = posixClass(posix[2], posix[1] === '^')
      if (body === null)
        throw new PcreRejection(`uses the POSIX class [:${posix[1]}${posix[2]}:], which is not supported`)
      src += body
      i += posix[0].length
    } else if (p[i] === '\\') {
      const r = translateEscape(p, i + 1, mode.u, true)
      if (r.kind === 'invalid') throw new InvalidPattern(r.reason)
      if (r.kind !== 'ok') throw new PcreRejection(r.kind === 'unsafe' ? `is unsafe: ${r.reason}` : `uses ${r.feature}`)
      src += r.src
      i += 1 + r.length
    } else {
      src += p[i] === '-' ? '-' : literalSource(p[i], true)
      i++
    }
  }
  if (i >= p.length) throw new InvalidPattern('missing terminating ] for character class')
  ctx.pos = i + 1
  return single(`${src}]`)
}

/** The `{m}`, `{m,}` or `{m,n}` quantifier at `at`, or null when the brace is a literal. */
function quantifierAt(p: string, at: number): { min: number; max: number; length: number } | null {
  const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(p.slice(at, at + 24))
  if (!m) return null
  const min = Number(m[1])
  const max = m[2] === undefined ? min : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3])
  if (max < min) throw new InvalidPattern('numbers out of order in {} quantifier')
  return { min, max, length: m[0].length }
}

function parseQuantifier(ctx: Ctx, mode: PcreMode, atom: Node): Node {
  const p = ctx.p
  let q: { min: number; max: number; length: number } | null = null
  if (p[ctx.pos] === '*') q = { min: 0, max: Number.POSITIVE_INFINITY, length: 1 }
  else if (p[ctx.pos] === '+') q = { min: 1, max: Number.POSITIVE_INFINITY, length: 1 }
  else if (p[ctx.pos] === '?') q = { min: 0, max: 1, length: 1 }
  else if (p[ctx.pos] === '{') q = quantifierAt(p, ctx.pos)
  if (q === null) return atom
  const text = p.slice(ctx.pos, ctx.pos + q.length)
  ctx.pos += q.length
  let lazy = false
  if (p[ctx.pos] === '+') throw new PcreRejection('uses a possessive quantifier, which is not supported')
  if (p[ctx.pos] === '?') {
    lazy = true
    ctx.pos++
  }
  if (mode.U) lazy = !lazy
  const { k, c } = repeatCost(atom, q.min, q.max)
  return {
    src: `${atom.src}${text}${lazy ? '?' : ''}`,
    k,
    c,
    first: q.min > 0 ? atom.first : null,
    firstAtom: q.min > 0 ? atom.firstAtom : null,
    anchorStart: false,
    repeatOf: atom.single && q.max > MAX_BOUNDED ? atom.src : undefined,
    deterministic: q.min === q.max && atom.deterministic,
  }
}

function repeatCost(atom: Node, min: number, max: number): { k: number; c: number } {
  const simple = atom.k === 0 && atom.c === 0
  if (max === min && simple) return { k: 0, c: 0 }
  if (max <= 1) return { k: atom.k, c: atom.c + LN(2) }
  if (max > MAX_BOUNDED) {
    if (simple) return { k: 1, c: 0 }
    if (!atom.deterministic) {
      throw new PcreRejection('is unsafe: it repeats a group that can itself match in several ways')
    }
    // Iterations split one way only: up to L of them are tried (and given back) once each.
    return { k: atom.k + 1, c: atom.c + LN(2) }
  }
  // A deterministic atom's iterations add up; the only choice is how many to keep.
  if (atom.deterministic && !simple) return { k: atom.k, c: atom.c + LN(max) + LN(max - min + 1) + LN(2) }
  return { k: max * atom.k, c: LN(max - min + 1) + max * atom.c }
}

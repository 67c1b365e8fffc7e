/**
 * Turning a feed source into the values its cache keeps (docs/feeds.md), for MISP's three
 * formats. Pure: the text comes in, values go out; reading the source is feed-sources.ts.
 *
 *   freetext: one value per line          ─┐
 *   csv:      the configured column(s)    ─┼─▶ trim, drop blanks and `#` comments, dedupe ─▶ values
 *   misp:     every attribute of an event ─┘      (misp: each with its event uuid)
 */
import { UserError } from '../../errors.ts'
import type { FeedValue } from '../../store/index.ts'
import { FEED_MAX_VALUE_BYTES, FEED_MAX_VALUES } from './feed-settings.ts'
import { correlationParts } from './feed-values.ts'

/** How a CSV feed is read (MISP's `settings.csv`, plus Sluice's `header`). */
export interface CsvOptions {
  /** 1-based column numbers whose cells are values (MISP's `csv.value`, `"1,3"`). */
  columns: number[]
  delimiter: string
  /** Skip the first non-comment line (a header row). */
  hasHeader: boolean
}

/** Collects values without duplicates, refusing a source with more than FEED_MAX_VALUES. */
export class ValueCollector {
  readonly values: FeedValue[] = []
  private readonly seen = new Set<string>()
  /** Values left out for being longer than FEED_MAX_VALUE_BYTES or holding a NUL character. */
  skipped = 0

  add(raw: string, eventUuid: string | null = null): void {
    const value = raw.trim()
    if (value === '') return
    // PostgreSQL text cannot hold NUL; no attribute value holds one either.
    if (Buffer.byteLength(value, 'utf8') > FEED_MAX_VALUE_BYTES || value.includes('\u0000')) {
      this.skipped++
      return
    }
    const key = `${eventUuid ?? ''}\u0000${value}`
    if (this.seen.has(key)) return
    this.seen.add(key)
    if (this.values.length >= FEED_MAX_VALUES) {
      throw new UserError('SLC_VALIDATION', `The feed holds more than ${FEED_MAX_VALUES} values; it is not cached.`)
    }
    this.values.push({ value, eventUuid })
  }
}

/** The lines of a text that carry data: not blank, not a `#` comment. */
function dataLines(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'))
}

/** A freetext feed: one value per line; blank lines and `#` comments are skipped. */
export function parseFreetext(text: string, into: ValueCollector): void {
  for (const line of dataLines(text)) into.add(line)
}

/** The cells of one CSV line: `"…"` quotes the delimiter, `""` is a quote inside quotes. */
export function csvCells(line: string, delimiter: string): string[] {
  const cells: string[] = []
  let cell = ''
  let isQuoted = false
  for (let index = 0; index < line.length; index++) {
    const char = line[index]
    if (isQuoted) {
      if (char === '"' && line[index + 1] === '"') {
        cell += '"'
        index++
      } else if (char === '"') isQuoted = false
      else cell += char
    } else if (char === '"' && cell.trim() === '') {
      isQuoted = true
      cell = ''
    } else if (char === delimiter) {
      cells.push(cell)
      cell = ''
    } else cell += char
  }
  cells.push(cell)
  return cells
}

/** A CSV feed: the cells of the configured columns of every data line. */
export function parseCsv(text: string, options: CsvOptions, into: ValueCollector): void {
  const lines = dataLines(text)
  for (const line of options.hasHeader ? lines.slice(1) : lines) {
    const cells = csvCells(line, options.delimiter)
    for (const column of options.columns) {
      const cell = cells[column - 1]
      if (cell !== undefined) into.add(cell)
    }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * The event uuids a MISP feed's `manifest.json` lists (its keys). Anything that is not a UUID
 * is refused: the uuids become file names and URLs, so a key like `../x` must never get there.
 */
export function manifestUuids(text: string, source: string): string[] {
  const manifest = parseJson(text, source)
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    throw new UserError('SLC_BAD_JSON', `${source} is not a MISP feed manifest: expected an object keyed by event uuid`)
  }
  const uuids = Object.keys(manifest)
  const bad = uuids.find((uuid) => !UUID.test(uuid))
  if (bad !== undefined)
    throw new UserError('SLC_BAD_JSON', `${source} lists "${bad.slice(0, 64)}", which is not an event uuid`)
  return uuids.map((uuid) => uuid.toLowerCase())
}

/** The values of one MISP feed event (`{Event: {Attribute, Object: [{Attribute}]}}`), with its uuid. */
export function parseMispEvent(text: string, uuid: string, source: string, into: ValueCollector): void {
  const document = parseJson(text, source) as { Event?: unknown } | null
  const event = (document?.Event ?? document) as Record<string, unknown> | null
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new UserError('SLC_BAD_JSON', `${source} is not a MISP event`)
  }
  const objects = Array.isArray(event.Object) ? event.Object : []
  const lists = [event.Attribute, ...objects.map((object) => (object as Record<string, unknown> | null)?.Attribute)]
  for (const list of lists) {
    if (!Array.isArray(list)) continue
    for (const attribute of list) {
      const { type, value } = (attribute ?? {}) as { type?: unknown; value?: unknown }
      if (typeof value !== 'string') continue
      for (const part of correlationParts(typeof type === 'string' ? type : '', value)) into.add(part, uuid)
    }
  }
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    throw new UserError('SLC_BAD_JSON', `${source} is not valid JSON: ${(error as Error).message}`)
  }
}

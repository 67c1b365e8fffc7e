/**
 * Checking a feed body (`/feeds/add`, `/feeds/edit/<id>`) into the columns to store, field by
 * field, with MISP's messages where MISP has them (Feed model `$validate`). Every problem is a
 * `ValidationError` naming the field; nothing is stored until the whole feed is valid.
 */
import { isAbsolute } from 'node:path'
import { ValidationError } from '../../errors.ts'
import type { FeedRecord } from '../../store/index.ts'
import type { MispJson } from '../types.ts'
import type { CsvOptions } from './feed-parsers.ts'

/** The feed formats MISP knows. */
export const SOURCE_FORMATS = ['misp', 'freetext', 'csv'] as const
/** Where a feed's source is. */
export const INPUT_SOURCES = ['network', 'local'] as const

/** The columns a feed body sets. */
export interface FeedColumns {
  name: string
  provider: string
  url: string
  source_format: string
  input_source: string
  enabled: number
  caching_enabled: number
  lookup_visible: number
  distribution: number
  tag_id: number
  settings: string
}

const EMPTY_MESSAGE = 'This field cannot be left empty.'
const URL_MESSAGE = 'Please enter a valid url or file path (the file has to exist).'
const MAX_TEXT = 255
const MAX_URL = 2048

function text(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ValidationError('Feed', field, EMPTY_MESSAGE)
  if (value.length > max) throw new ValidationError('Feed', field, `must be at most ${max} characters`)
  return value.trim()
}

function flag(field: string, value: unknown): number {
  if (value === true || value === 1 || value === '1' || value === 'true') return 1
  if (value === false || value === 0 || value === '0' || value === 'false' || value === '') return 0
  throw new ValidationError('Feed', field, 'must be a boolean (true or false, 1 or 0)')
}

function choice(field: string, value: unknown, options: readonly string[]): string {
  if (typeof value !== 'string' || !options.includes(value)) {
    throw new ValidationError('Feed', field, `Options: ${options.join(', ')}`)
  }
  return value
}

function integer(field: string, value: unknown, min: number, max: number, message: string): number {
  const number = typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
    throw new ValidationError('Feed', field, message)
  }
  return number
}

function checkUrl(url: string, inputSource: string): string {
  if (url.length > MAX_URL) throw new ValidationError('Feed', 'url', `must be at most ${MAX_URL} characters`)
  if (inputSource === 'local') {
    if (!isAbsolute(url) || url.includes('\u0000')) throw new ValidationError('Feed', 'url', URL_MESSAGE)
    return url
  }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new ValidationError('Feed', 'url', URL_MESSAGE)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ValidationError('Feed', 'url', URL_MESSAGE)
  return url
}

/** The CSV options of a feed's stored `settings` text (defaults: column 1, `,`, no header). */
export function csvOptions(settings: string): CsvOptions {
  const parsed = settings.trim() === '' ? {} : (JSON.parse(settings) as MispJson)
  const csv = (parsed.csv ?? {}) as MispJson
  const value = typeof csv.value === 'string' && csv.value.trim() !== '' ? csv.value : '1'
  return {
    columns: value.split(',').map((column: string) => Number(column.trim())),
    delimiter: typeof csv.delimiter === 'string' && csv.delimiter !== '' ? csv.delimiter : ',',
    hasHeader: flag('settings.csv.header', csv.header ?? 0) === 1,
  }
}

/**
 * Checks MISP's `settings` (an object or its JSON text): `csv.value` (1-based columns, `"1,3"`),
 * `csv.delimiter` (one character), Sluice's `csv.header`; `common.excluderegex` is refused
 * unless empty (docs/feeds.md). Answers the JSON text to store.
 */
function checkSettings(value: unknown): string {
  if (value === undefined || value === null || value === '') return ''
  let parsed: unknown = value
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value)
    } catch {
      throw new ValidationError('Feed', 'settings', 'must be a JSON object')
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ValidationError('Feed', 'settings', 'must be a JSON object')
  }
  const { csv, common } = parsed as MispJson
  const regex = (common as MispJson | undefined)?.excluderegex
  if (regex !== undefined && regex !== null && regex !== '') {
    throw new ValidationError('Feed', 'settings.common.excluderegex', 'is not supported by Sluice (leave it empty)')
  }
  if (csv === undefined || csv === null) return ''
  if (typeof csv !== 'object' || Array.isArray(csv))
    throw new ValidationError('Feed', 'settings.csv', 'must be an object')
  const columns = csv.value ?? '1'
  if (typeof columns !== 'string' || !/^\s*[1-9][0-9]{0,2}(\s*,\s*[1-9][0-9]{0,2})*\s*$/.test(columns)) {
    throw new ValidationError('Feed', 'settings.csv.value', 'must list 1-based column numbers, e.g. "1" or "1,3"')
  }
  const delimiter = csv.delimiter ?? ','
  if (typeof delimiter !== 'string' || [...delimiter].length !== 1 || /["\r\n]/.test(delimiter)) {
    throw new ValidationError('Feed', 'settings.csv.delimiter', 'must be one character (not a quote or a line break)')
  }
  const header = flag('settings.csv.header', csv.header ?? 0)
  return JSON.stringify({ csv: { value: columns.replace(/\s+/g, ''), delimiter, header: String(header) } })
}

/** The fields of a body as a feed: `{Feed: {...}}` or the bare fields. */
export function unwrapFeed(body: MispJson | undefined): MispJson {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError('Feed', 'Feed', 'The body must be a JSON object')
  }
  const inner = body.Feed
  return typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? inner : body
}

/**
 * Checks a feed: `input` over `current` (an edit changes only what it sends; an add starts
 * from MISP's defaults: freetext over the network, disabled, not cached, distribution 0).
 */
export function checkFeedInput(input: MispJson, current?: FeedRecord): FeedColumns {
  const pick = (field: keyof FeedColumns, fallback: unknown) => (input[field] !== undefined ? input[field] : fallback)
  const inputSource = choice('input_source', pick('input_source', current?.input_source ?? 'network'), INPUT_SOURCES)
  return {
    name: text('name', pick('name', current?.name), MAX_TEXT),
    provider: text('provider', pick('provider', current?.provider), MAX_TEXT),
    url: checkUrl(text('url', pick('url', current?.url), MAX_URL), inputSource),
    source_format: choice('source_format', pick('source_format', current?.source_format ?? 'freetext'), SOURCE_FORMATS),
    input_source: inputSource,
    enabled: flag('enabled', pick('enabled', current?.enabled ?? 0)),
    caching_enabled: flag('caching_enabled', pick('caching_enabled', current?.caching_enabled ?? 0)),
    lookup_visible: flag('lookup_visible', pick('lookup_visible', current?.lookup_visible ?? 0)),
    distribution: integer(
      'distribution',
      pick('distribution', current?.distribution ?? 0),
      0,
      3,
      'Options: 0 (Your organisation only), 1 (This community only), 2 (Connected communities), 3 (All communities)',
    ),
    tag_id: integer('tag_id', pick('tag_id', current?.tag_id ?? 0), 0, 2147483647, 'must be a tag id (0 for none)'),
    settings: input.settings !== undefined ? checkSettings(input.settings) : (current?.settings ?? ''),
  }
}

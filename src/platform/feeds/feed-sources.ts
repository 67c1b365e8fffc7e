/**
 * Reading a feed's source and turning it into cache values (docs/feeds.md): from the server's
 * disk (`input_source` `local`: a file, or a MISP feed directory) or over HTTP through the
 * host's Outbound port (`network`: the outbound allow-list, timeout and a size cap apply).
 *
 *   feed ─▶ reader (local file | Outbound GET) ─▶ format parser ─▶ ValueCollector ─▶ values
 *   misp:  manifest.json ─▶ each <uuid>.json (uuid checked, so no path or URL escapes)
 */
import { readFile, stat } from 'node:fs/promises'
import { isAbsolute, join } from 'node:path'
import type { OutboundRequest, OutboundResponse } from '../../engine/index.ts'
import { OperationalError, UserError } from '../../errors.ts'
import type { FeedRecord, FeedValue } from '../../store/index.ts'
import type { SettingReader } from '../outbound/index.ts'
import { manifestUuids, parseCsv, parseFreetext, parseMispEvent, ValueCollector } from './feed-parsers.ts'
import { csvOptions } from './feed-input.ts'
import { FEED_MAX_EVENTS, feedMaxBytes, isLocalFeedAccessDisabled } from './feed-settings.ts'

/** What reading a source needs from the host. */
export interface FeedSourceDeps {
  http(request: OutboundRequest): Promise<OutboundResponse>
  settings: SettingReader
}

/** What a source gave: its values, and how many were too long to keep. */
export interface FeedContent {
  values: FeedValue[]
  skipped: number
}

/** Reads one file of the source: `name` is relative to a MISP feed's location, else absent. */
type SourceReader = (name?: string) => Promise<string>

/** MISP's refusal text when local feeds are off. */
export const LOCAL_FEEDS_DISABLED_MESSAGE =
  'Local feeds are disabled on this instance (`Security.disable_local_feed_access`).'

function localReader(feed: FeedRecord, deps: FeedSourceDeps): SourceReader {
  if (isLocalFeedAccessDisabled(deps.settings)) throw new UserError('SLC_FORBIDDEN', LOCAL_FEEDS_DISABLED_MESSAGE)
  if (!isAbsolute(feed.url) || feed.url.includes('\u0000')) {
    throw new UserError('SLC_FILE_UNREADABLE', 'A local feed needs an absolute path.')
  }
  const cap = feedMaxBytes(deps.settings)
  return async (name) => {
    const path = name === undefined ? feed.url : join(feed.url, name)
    let size: number
    try {
      const info = await stat(path)
      if (!info.isFile()) throw new Error('not a regular file')
      size = info.size
    } catch (error) {
      throw new UserError('SLC_FILE_UNREADABLE', `Cannot read ${path}: ${(error as Error).message}`)
    }
    if (size > cap) throw new UserError('SLC_FILE_UNREADABLE', `${path} is larger than ${cap} bytes`)
    try {
      return await readFile(path, 'utf8')
    } catch (error) {
      throw new UserError('SLC_FILE_UNREADABLE', `Cannot read ${path}: ${(error as Error).message}`)
    }
  }
}

function networkReader(feed: FeedRecord, deps: FeedSourceDeps): SourceReader {
  const cap = feedMaxBytes(deps.settings)
  return async (name) => {
    const url = name === undefined ? feed.url : `${feed.url.replace(/\/+$/, '')}/${name}`
    const response = await deps.http({ url, method: 'GET', maxResponseBytes: cap, headers: { Accept: '*/*' } })
    if (response.status < 200 || response.status > 299) {
      // The URL is the administrator's own, but may carry a token: name the file only.
      throw new OperationalError(
        'SLC_OUTBOUND_FAILED',
        `the feed source answered HTTP ${response.status}${name ? ` for ${name}` : ''}`,
      )
    }
    return response.body
  }
}

/** Reads feed `feed`'s source and answers the values its cache is to hold; nothing is stored here. */
export async function readFeedSource(feed: FeedRecord, deps: FeedSourceDeps): Promise<FeedContent> {
  const read = feed.input_source === 'local' ? localReader(feed, deps) : networkReader(feed, deps)
  const collector = new ValueCollector()
  switch (feed.source_format) {
    case 'misp': {
      const uuids = manifestUuids(await read('manifest.json'), 'manifest.json')
      if (uuids.length > FEED_MAX_EVENTS) {
        throw new UserError('SLC_VALIDATION', `The feed lists more than ${FEED_MAX_EVENTS} events; it is not cached.`)
      }
      for (const uuid of uuids) parseMispEvent(await read(`${uuid}.json`), uuid, `${uuid}.json`, collector)
      break
    }
    case 'csv':
      parseCsv(await read(), csvOptions(feed.settings), collector)
      break
    default:
      parseFreetext(await read(), collector)
  }
  return { values: collector.values, skipped: collector.skipped }
}

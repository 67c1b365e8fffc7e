/**
 * MISP feeds on the platform (docs/feeds.md): the feed records (`/feeds/add`, `edit`,
 * `delete`, `index`, `view`, `enable`, `disable`, site admins only, as MISP's ACL has it for
 * every feed change) and caching (`/feeds/cacheFeeds/<id|all|freetext|csv|misp>`): a feed's
 * source is read and parsed completely first, then its cached values are replaced in one
 * transaction, so a failed or refused source leaves the previous cache as it was.
 */
import { UserError, ValidationError } from '../../errors.ts'
import {
  deleteFeed,
  type FeedRecord,
  findFeed,
  findTag,
  insertFeed,
  listFeeds,
  replaceFeedValues,
  updateFeed,
} from '../../store/index.ts'
import { parseId } from '../local-backend.ts'
import { auditLog, changeText, forbidden, nowSeconds, type PlatformContext } from '../platform-context.ts'
import type { Actor, MispJson } from '../types.ts'
import { checkFeedInput, type FeedColumns, unwrapFeed } from './feed-input.ts'
import { isLocalFeedAccessDisabled } from './feed-settings.ts'
import { type FeedSourceDeps, LOCAL_FEEDS_DISABLED_MESSAGE, readFeedSource } from './feed-sources.ts'
import { maskFeedSecrets, maskUrlCredentials } from './feed-url-mask.ts'

/** What caching one feed did. */
export interface FeedCacheResult {
  id: string
  name: string
  /** Whether the cache was replaced. */
  isCached: boolean
  /** Values now cached (0 when it failed: the old cache is kept). */
  values: number
  /** Values left out for being too long. */
  skipped: number
  /** Why the source could not be cached. */
  error?: string
}

/** The feed operations (each for site admins only). */
export interface FeedService {
  /** `/feeds/index`: `[{Feed: {...}}]`, by id. */
  index(actor: Actor): Promise<MispJson[]>
  /** `/feeds/view/<id>`: `{Feed: {...}}`. */
  view(actor: Actor, id: string): Promise<MispJson>
  add(actor: Actor, body: MispJson | undefined): Promise<MispJson>
  edit(actor: Actor, id: string, body: MispJson | undefined): Promise<MispJson>
  delete(actor: Actor, id: string): Promise<void>
  /** `/feeds/enable/<id>` and `/feeds/disable/<id>`. */
  setEnabled(actor: Actor, id: string, isEnabled: boolean): Promise<MispJson>
  /**
   * Caches the feeds of `scope` that have caching enabled (MISP's rule): one id, `all`,
   * `freetext` (freetext and CSV feeds, as MISP groups them), `csv` or `misp`.
   */
  cacheFeeds(actor: Actor, scope: string): Promise<FeedCacheResult[]>
}

/** MISP's text for an unknown feed. */
export const INVALID_FEED_MESSAGE = 'Invalid feed.'

const bool = (value: number) => value === 1

/** A feed in MISP's wire shape: ids as strings, flags as booleans (`cache_timestamp` false when never cached). */
export function feedRow(feed: FeedRecord): MispJson {
  return {
    id: String(feed.id),
    name: feed.name,
    provider: feed.provider,
    url: feed.url,
    enabled: bool(feed.enabled),
    distribution: String(feed.distribution),
    tag_id: String(feed.tag_id),
    source_format: feed.source_format,
    settings: feed.settings,
    input_source: feed.input_source,
    lookup_visible: bool(feed.lookup_visible),
    caching_enabled: bool(feed.caching_enabled),
    cache_timestamp: feed.cache_timestamp > 0 ? String(feed.cache_timestamp) : false,
    cached_elements: String(feed.cached_elements),
  }
}

/**
 * MISP's change text for a feed edit (`field (old) => (new)`, as `changeText`), the URL's
 * credentials masked (feed-url-mask.ts). The URL is compared as stored, so new credentials alone
 * still show as a `url` change, though both sides read the same.
 */
function feedEditChange(before: FeedRecord, after: FeedRecord): string {
  const old = feedRow(before)
  const now = feedRow(after)
  const shown = (row: MispJson, key: string) => (key === 'url' ? maskUrlCredentials(row.url) : (row[key] ?? ''))
  return Object.keys(now)
    .filter((key) => old[key] !== now[key])
    .map((key) => `${key} (${shown(old, key)}) => (${shown(now, key)})`)
    .join(', ')
}

/** Which feeds a `cacheFeeds` scope names; throws for a scope MISP would refuse. */
function inScope(feeds: FeedRecord[], scope: string): FeedRecord[] {
  const id = parseId(scope)
  if (id !== null) {
    const feed = feeds.find((candidate) => candidate.id === id)
    if (!feed) throw new UserError('SLC_NOT_FOUND', INVALID_FEED_MESSAGE)
    if (!bool(feed.caching_enabled)) {
      throw new ValidationError('Feed', 'caching_enabled', 'Caching is not enabled for this feed.')
    }
    return [feed]
  }
  const cached = feeds.filter((feed) => bool(feed.caching_enabled))
  switch (scope) {
    case 'all':
      return cached
    case 'freetext':
    case 'csv':
      // MISP quirk: the `freetext` and `csv` scopes both cache freetext and CSV feeds.
      return cached.filter((feed) => feed.source_format !== 'misp')
    case 'misp':
      return cached.filter((feed) => feed.source_format === 'misp')
    default:
      throw new ValidationError('Feed', 'scope', "must be a feed id or 'all', 'freetext', 'csv' or 'misp'")
  }
}

/** Creates the feed service; `source` reads feed sources (HTTP through the Outbound port). */
export function createFeedService(ctx: PlatformContext, source: FeedSourceDeps): FeedService {
  const db = ctx.store.db
  const requireAdmin = (actor: Actor) => {
    if (actor.role !== 'site_admin') throw forbidden()
  }
  const load = async (id: string): Promise<FeedRecord> => {
    const feedId = parseId(id)
    const feed = feedId === null ? undefined : await findFeed(db, feedId)
    if (!feed) throw new UserError('SLC_NOT_FOUND', INVALID_FEED_MESSAGE)
    return feed
  }
  /** Checks what the columns refer to: the tag, and whether local feeds are allowed. */
  const checkReferences = async (columns: FeedColumns) => {
    if (columns.input_source === 'local' && isLocalFeedAccessDisabled(ctx.settings.get)) {
      throw new ValidationError('Feed', 'input_source', LOCAL_FEEDS_DISABLED_MESSAGE)
    }
    if (columns.tag_id !== 0 && !(await findTag(db, columns.tag_id))) {
      throw new ValidationError('Feed', 'tag_id', 'Invalid tag.')
    }
  }
  const audit = async (actor: Actor, action: string, feed: FeedRecord, change?: string) => {
    await auditLog(ctx, db, actor, {
      action,
      model: 'Feed',
      modelId: feed.id,
      title: `Feed (${feed.id}): ${feed.name}`,
      change,
    })
  }

  const cacheOne = async (feed: FeedRecord): Promise<FeedCacheResult> => {
    const result: FeedCacheResult = { id: String(feed.id), name: feed.name, isCached: false, values: 0, skipped: 0 }
    try {
      const content = await readFeedSource(feed, source)
      await replaceFeedValues(ctx.store, feed.id, content.values, nowSeconds(ctx))
      ctx.feedPresence.changed()
      return { ...result, isCached: true, values: content.values.length, skipped: content.skipped }
    } catch (error) {
      // A source's failure is that feed's result; the other feeds of the scope still cache.
      const code = (error as { code?: unknown }).code
      if (typeof code !== 'string' || !code.startsWith('SLC_') || code === 'SLC_DATABASE') throw error
      return { ...result, error: maskFeedSecrets((error as Error).message, feed.url) }
    }
  }

  return {
    async index(actor) {
      requireAdmin(actor)
      return (await listFeeds(db)).map((feed) => ({ Feed: feedRow(feed) }))
    },

    async view(actor, id) {
      requireAdmin(actor)
      return { Feed: feedRow(await load(id)) }
    },

    async add(actor, body) {
      requireAdmin(actor)
      const columns = checkFeedInput(unwrapFeed(body))
      await checkReferences(columns)
      const now = nowSeconds(ctx)
      const id = await insertFeed(db, { ...columns, created: now, modified: now })
      ctx.feedPresence.changed()
      const feed = (await findFeed(db, id)) as FeedRecord
      await audit(
        actor,
        'add',
        feed,
        changeText({}, { name: feed.name, url: maskUrlCredentials(feed.url), source_format: feed.source_format }),
      )
      return { Feed: feedRow(feed) }
    },

    async edit(actor, id, body) {
      requireAdmin(actor)
      const current = await load(id)
      const columns = checkFeedInput(unwrapFeed(body), current)
      await checkReferences(columns)
      await updateFeed(db, current.id, { ...columns, modified: nowSeconds(ctx) })
      ctx.feedPresence.changed()
      const feed = (await findFeed(db, current.id)) as FeedRecord
      await audit(actor, 'edit', feed, feedEditChange(current, feed))
      return { Feed: feedRow(feed) }
    },

    async delete(actor, id) {
      requireAdmin(actor)
      const feed = await load(id)
      await deleteFeed(ctx.store, feed.id)
      ctx.feedPresence.changed()
      await audit(actor, 'delete', feed)
    },

    async setEnabled(actor, id, isEnabled) {
      requireAdmin(actor)
      const feed = await load(id)
      await updateFeed(db, feed.id, { enabled: isEnabled ? 1 : 0, modified: nowSeconds(ctx) })
      ctx.feedPresence.changed()
      await audit(actor, isEnabled ? 'enable' : 'disable', feed)
      return { Feed: feedRow((await findFeed(db, feed.id)) as FeedRecord) }
    },

    async cacheFeeds(actor, scope) {
      requireAdmin(actor)
      const results: FeedCacheResult[] = []
      // One feed at a time: each holds its whole source in memory while it is cached.
      for (const feed of inScope(await listFeeds(db), scope)) results.push(await cacheOne(feed))
      return results
    },
  }
}

/**
 * Queries on MISP feeds (migration 0009, docs/feeds.md): the `feeds` records, the atomic
 * replacement of a feed's cached values, and the one-query look-up of cached values that feed
 * correlations are built from.
 */
import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Executor, Store } from './database.ts'
import type { FeedTable } from './schema.ts'

/** A feed row. */
export type FeedRecord = Selectable<FeedTable>

/** One cached value of a feed; `eventUuid` only for MISP-format feeds. */
export interface FeedValue {
  value: string
  eventUuid: string | null
}

/** A cached value found for a look-up, with the feed's fields a correlation shows. */
export interface FeedHitRow {
  value: string
  event_uuid: string | null
  feed_id: number
  name: string
  url: string
  provider: string
  source_format: string
}

// Three columns per row: 300 rows stay under every SQLite build's bound-parameter limit (999).
const INSERT_BATCH = 300
// Values per look-up query: far under SQLite's (32766) and PostgreSQL's (65535) parameter limits.
const LOOKUP_BATCH = 5000

/** Every feed, by id. */
export function listFeeds(db: Executor): Promise<FeedRecord[]> {
  return db.selectFrom('feeds').selectAll().orderBy('id').execute()
}

/** The feed with `id`, or undefined. */
export function findFeed(db: Executor, id: number): Promise<FeedRecord | undefined> {
  return db.selectFrom('feeds').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Adds a feed; its id. */
export async function insertFeed(db: Executor, row: Insertable<FeedTable>): Promise<number> {
  const { id } = await db.insertInto('feeds').values(row).returning('id').executeTakeFirstOrThrow()
  return id
}

/** Changes feed columns. */
export async function updateFeed(db: Executor, id: number, changes: Updateable<FeedTable>): Promise<void> {
  await db.updateTable('feeds').set(changes).where('id', '=', id).execute()
}

/** Deletes a feed with its cached values, in one transaction. */
export async function deleteFeed(store: Store, id: number): Promise<void> {
  await store.transaction(async (trx) => {
    await trx.deleteFrom('feed_values').where('feed_id', '=', id).execute()
    await trx.deleteFrom('feeds').where('id', '=', id).execute()
  })
}

/**
 * Replaces feed `id`'s cached values with `values` and records when (`timestamp`), in one
 * transaction: a reader sees the old cache or the new one, never a mix, and a failure keeps
 * the old one.
 */
export async function replaceFeedValues(
  store: Store,
  id: number,
  values: readonly FeedValue[],
  timestamp: number,
): Promise<void> {
  await store.transaction(async (trx) => {
    await trx.deleteFrom('feed_values').where('feed_id', '=', id).execute()
    for (let start = 0; start < values.length; start += INSERT_BATCH) {
      const rows = values
        .slice(start, start + INSERT_BATCH)
        .map((entry) => ({ feed_id: id, value: entry.value, event_uuid: entry.eventUuid }))
      await trx.insertInto('feed_values').values(rows).execute()
    }
    await trx
      .updateTable('feeds')
      .set({ cache_timestamp: timestamp, cached_elements: values.length })
      .where('id', '=', id)
      .execute()
  })
}

/** The cached values of feed `id`, in no particular order (tests, inspection). */
export async function listFeedValues(db: Executor, id: number): Promise<FeedValue[]> {
  const rows = await db.selectFrom('feed_values').select(['value', 'event_uuid']).where('feed_id', '=', id).execute()
  return rows.map((row) => ({ value: row.value, eventUuid: row.event_uuid }))
}

/**
 * The cached values among `values` in enabled feeds, with their feed: one query (one per
 * 5,000 values for very large events), ordered by feed id.
 */
export async function findFeedHits(db: Executor, values: readonly string[]): Promise<FeedHitRow[]> {
  const unique = [...new Set(values)]
  const hits: FeedHitRow[] = []
  for (let start = 0; start < unique.length; start += LOOKUP_BATCH) {
    const rows = await db
      .selectFrom('feed_values')
      .innerJoin('feeds', 'feeds.id', 'feed_values.feed_id')
      .select([
        'feed_values.value',
        'feed_values.event_uuid',
        'feeds.id as feed_id',
        'feeds.name',
        'feeds.url',
        'feeds.provider',
        'feeds.source_format',
      ])
      .where('feeds.enabled', '=', 1)
      .where('feed_values.value', 'in', unique.slice(start, start + LOOKUP_BATCH))
      .orderBy('feeds.id')
      .execute()
    hits.push(...rows)
  }
  return hits
}

/** Whether some enabled feed has cached values, i.e. whether an event fetch can find feed hits. */
export async function hasCorrelatingFeed(db: Executor): Promise<boolean> {
  const row = await db
    .selectFrom('feeds')
    .select('feeds.id')
    .where('feeds.enabled', '=', 1)
    .where((eb) =>
      eb.exists(
        eb.selectFrom('feed_values').select('feed_values.feed_id').whereRef('feed_values.feed_id', '=', 'feeds.id'),
      ),
    )
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/**
 * Whether an event fetch needs to look for feed hits at all. The look-up is one query per full
 * fetch, on the path of every blocking event-publish run (bench/publish.ts); most instances have
 * no enabled, cached feed, so the answer is cached here — cleared at once by this process's feed
 * changes, and read again after store/cache-policy.ts's bound for other processes' changes.
 */
import { cacheMaxAgeMs, type Executor, hasCorrelatingFeed, type StoreDialect } from '../../store/index.ts'
import type { SettingReader } from '../outbound/index.ts'
import { isFeedCorrelationOn } from './feed-settings.ts'

/** The cached answer. */
export interface FeedPresence {
  /** Whether some enabled feed has cached values; read through `db` (maybe a transaction) when stale. */
  hasCorrelatingFeed(db: Executor): Promise<boolean>
  /** Feeds changed in this process: the next question reads the store. */
  changed(): void
}

/** A presence cache for a store of `dialect`. */
export function createFeedPresence(dialect: StoreDialect, now: () => number = Date.now): FeedPresence {
  const maxAgeMs = cacheMaxAgeMs(dialect)
  let known: { value: boolean; readAt: number } | null = null
  return {
    async hasCorrelatingFeed(db) {
      if (known && now() - known.readAt <= maxAgeMs) return known.value
      const readAt = now()
      const value = await hasCorrelatingFeed(db)
      known = { value, readAt }
      return value
    },
    changed() {
      known = null
    },
  }
}

/** The fetch option of a full event (`includeFeedCorrelations`): the setting is on and a feed can hit. */
export async function feedFetchOptions(
  settings: SettingReader,
  presence: FeedPresence,
  db: Executor,
): Promise<{ includeFeedCorrelations: boolean }> {
  return { includeFeedCorrelations: isFeedCorrelationOn(settings) && (await presence.hasCorrelatingFeed(db)) }
}

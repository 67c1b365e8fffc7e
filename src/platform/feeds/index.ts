/** MISP feeds: records, caching from local or network sources, and feed correlations (docs/feeds.md). */
export { attachFeedCorrelations } from './feed-correlations.ts'
export { checkFeedInput, csvOptions, INPUT_SOURCES, SOURCE_FORMATS, unwrapFeed } from './feed-input.ts'
export { csvCells, manifestUuids, parseCsv, parseFreetext, parseMispEvent, ValueCollector } from './feed-parsers.ts'
export {
  createFeedService,
  type FeedCacheResult,
  type FeedService,
  feedRow,
  INVALID_FEED_MESSAGE,
} from './feed-service.ts'
export * from './feed-settings.ts'
export { type FeedContent, type FeedSourceDeps, LOCAL_FEEDS_DISABLED_MESSAGE, readFeedSource } from './feed-sources.ts'
export { correlationParts } from './feed-values.ts'

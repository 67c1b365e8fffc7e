/**
 * `/feeds/*` bodies and answers (MISP's FeedsController): `{Feed: {...}}` or the bare fields.
 * Types are checked here; required fields, formats, URLs and paths are the platform's
 * (feeds/feed-input.ts, MISP's `Could not add Feed` with `errors.Feed.<field>`). Unknown keys
 * pass through, as MISP ignores what it does not save.
 */
import { Type } from '@fastify/type-provider-typebox'
import { LooseFlag, LooseInt, MispSaveSuccess, recordEnvelope } from './common.ts'

const FEED_FIELDS = {
  name: Type.Optional(Type.String()),
  provider: Type.Optional(Type.String()),
  url: Type.Optional(Type.String()),
  source_format: Type.Optional(Type.String({ description: '`misp`, `freetext` or `csv`' })),
  input_source: Type.Optional(Type.String({ description: '`network` or `local`' })),
  enabled: Type.Optional(LooseFlag),
  caching_enabled: Type.Optional(LooseFlag),
  lookup_visible: Type.Optional(LooseFlag),
  distribution: Type.Optional(LooseInt),
  tag_id: Type.Optional(LooseInt),
  settings: Type.Optional(
    Type.Union([Type.String(), Type.Record(Type.String(), Type.Unknown())], {
      description:
        'MISP’s feed settings: `{"csv": {"value": "1,3", "delimiter": ",", "header": "1"}}` (object or JSON text)',
    }),
  ),
}

/** `POST /feeds/add` and `/feeds/edit/:id`. */
export const FeedBody = Type.Object({ ...FEED_FIELDS, Feed: Type.Optional(Type.Object(FEED_FIELDS)) })

/** A feed as the API answers it (`{Feed: {...}}`). */
export const FeedEnvelope = recordEnvelope('Feed')

/** `/feeds/index`: `[{Feed: {...}}]`. */
export const FeedList = Type.Array(FeedEnvelope)

/** `:scope` of `/feeds/cacheFeeds`: a feed id, `all`, `freetext`, `csv` or `misp`. */
export const CacheScopeParams = Type.Object({ scope: Type.String() })

/** What caching one feed did (a Sluice addition to MISP's envelope). */
export const FeedCacheResultSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  isCached: Type.Boolean(),
  values: Type.Integer(),
  skipped: Type.Integer(),
  error: Type.Optional(Type.String()),
})

/** `/feeds/cacheFeeds/:scope` success: MISP's save-success envelope plus each feed's result. */
export const CacheFeedsAnswer = Type.Intersect([
  MispSaveSuccess,
  Type.Object({ results: Type.Array(FeedCacheResultSchema) }),
])

/**
 * MISP's feed correlations on fetched event data (`Event::fetchEvent` with
 * `includeFeedCorrelations`, MISP's `Feed::attachFeedCorrelations`; docs/feeds.md): each
 * attribute whose value (or a part of it, feed-values.ts) is cached by an enabled feed gets
 * `Feed: [{id, name, url, provider, source_format}]`, with `event_uuids` for MISP-format
 * feeds, and the event gets the list of feeds that hit (`Event.Feed`). All values of the event,
 * its objects' attributes included, are looked up in one query.
 *
 *   attributes ─▶ parts of each value ─▶ findFeedHits(parts) ─▶ per attribute: its feeds, by id
 */
import { type Executor, type FeedHitRow, findFeedHits } from '../../store/index.ts'
import type { MispJson } from '../types.ts'
import { maskUrlCredentials } from './feed-url-mask.ts'
import { correlationParts } from './feed-values.ts'

/** The correlating attributes of a `fetchEvent` shape: outside objects, then inside them. */
function attributesOf(event: MispJson): MispJson[] {
  const objects = Array.isArray(event.Object) ? event.Object : []
  const lists = [event.Attribute, ...objects.map((object: MispJson) => object?.Attribute)]
  return lists
    .flatMap((list) => (Array.isArray(list) ? list : []))
    .filter(
      (attribute: MispJson) =>
        typeof attribute?.value === 'string' &&
        attribute.disable_correlation !== true &&
        attribute.disable_correlation !== '1',
    )
}

/**
 * One feed as a correlation shows it (MISP's field list, ids as strings). Whoever sees the event
 * sees this, not only the site admins who manage feeds, so the URL's credentials are masked
 * (docs/differences-from-misp.md, "Feed URL credentials").
 */
function feedEntry(hit: FeedHitRow): MispJson {
  return {
    id: String(hit.feed_id),
    name: hit.name,
    url: maskUrlCredentials(hit.url),
    provider: hit.provider,
    source_format: hit.source_format,
  }
}

/** The feeds `hits` name, one entry each by feed id; MISP-format ones with their `event_uuids`. */
function feedsOf(hits: FeedHitRow[]): MispJson[] {
  const byFeed = new Map<number, { entry: MispJson; uuids: Set<string> }>()
  for (const hit of hits) {
    let feed = byFeed.get(hit.feed_id)
    if (!feed) {
      feed = { entry: feedEntry(hit), uuids: new Set() }
      byFeed.set(hit.feed_id, feed)
    }
    if (hit.event_uuid !== null) feed.uuids.add(hit.event_uuid)
  }
  return [...byFeed.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, { entry, uuids }]) => (entry.source_format === 'misp' ? { ...entry, event_uuids: [...uuids] } : entry))
}

/** Adds the feed correlations to `event` (a `fetchEvent` shape), in place; one query. */
export async function attachFeedCorrelations(db: Executor, event: MispJson): Promise<void> {
  const attributes = attributesOf(event)
  if (attributes.length === 0) return
  const partsOf = attributes.map((attribute) => correlationParts(String(attribute.type ?? ''), attribute.value))
  const hits = await findFeedHits(db, partsOf.flat())
  if (hits.length === 0) return
  const byValue = new Map<string, FeedHitRow[]>()
  for (const hit of hits) {
    const list = byValue.get(hit.value)
    if (list) list.push(hit)
    else byValue.set(hit.value, [hit])
  }
  attributes.forEach((attribute, index) => {
    const attributeHits = partsOf[index].flatMap((part) => byValue.get(part) ?? [])
    if (attributeHits.length > 0) attribute.Feed = feedsOf(attributeHits)
  })
  if (event.Event && typeof event.Event === 'object') {
    event.Event.Feed = feedsOf(hits).map(({ event_uuids: _uuids, ...feed }) => feed)
  }
}

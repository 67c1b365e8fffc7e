import type { PhpMap } from './types.ts'

// The database look-ups of the core-format converter and of the trigger normalisers, as rows
// shaped the way MISP's models return them (spec/CORE-FORMAT.md §5: integer columns are strings,
// tinyint(1) columns are booleans). The engine's DataBackend port extends this interface; tests
// implement it from fixtures.

/** One `EventTag` link row with its `Tag` (spec/CORE-FORMAT.md §3.1 step 4, §5.5). */
export interface EventTagRow extends PhpMap {
  Tag?: PhpMap
}

/**
 * `Event::fetchSimpleEvent(siteAdmin, id, {contain: {EventTag: [Tag]}})`: every event column
 * (including `user_id`, `sighting_timestamp`), no `Org`/`Orgc`, and `EventTag[]` link rows
 * `{id, event_id, tag_id, local, relationship_type, Tag: {every tag column, no local}}`
 * (spec/CORE-FORMAT.md §3.2 step 4, §8.2).
 */
export interface SimpleEventRow extends PhpMap {
  Event: PhpMap
  EventTag?: EventTagRow[]
}

/**
 * `MispObject::fetchObjectSimple(siteAdmin, {conditions: {Object.id}})[0]`: `{Object: {object
 * columns}, Event: {distribution, id, user_id, orgc_id, org_id}}` (spec/CORE-FORMAT.md §8.2).
 */
export interface ObjectSimpleRow extends PhpMap {
  Object: PhpMap
  Event?: PhpMap
}

/**
 * `Event::quickFetchEvent(id)`: `{Event: {every event column}, Orgc: {id, uuid, name},
 * EventTag: [{…link columns, Tag: {id, name, colour, exportable}}]}` (spec/CORE-FORMAT.md §6).
 */
export interface QuickEventRow extends PhpMap {
  Event: PhpMap
  Orgc?: PhpMap
  EventTag?: EventTagRow[]
}

/**
 * `MispAttribute::fetchAttribute(id)`: `{Attribute: {…columns, value1, value2, value, Tag: [{id,
 * name, colour, exportable, local}]}, Event: {id, date, info, uuid, published, analysis,
 * threat_level_id, org_id, orgc_id, distribution, sharing_group_id, Orgc: {id, uuid, name}},
 * Object?: {object columns}}`; `Object` only for an object attribute (spec/ENGINE.md §4.1.1).
 */
export interface AttributeRow extends PhpMap {
  Attribute: PhpMap
  Event?: PhpMap
  Object?: PhpMap
}

/** `Thread->find('first', {recursive: -1, conditions: {id}})`: `{Thread: {thread columns, event_id}}` (spec/ENGINE.md §4.1.1). */
export interface ThreadRow extends PhpMap {
  Thread: PhpMap
}

/** `Event->find('first', {recursive: -1, conditions: {id}})`: `{Event: {event columns}}`, nothing contained (spec/ENGINE.md §4.1.1). */
export interface EventRow extends PhpMap {
  Event: PhpMap
}

/**
 * The database look-ups the converter (spec/CORE-FORMAT.md §3.2, §3.3) and the per-trigger
 * normalisation (spec/CORE-FORMAT.md §6, spec/ENGINE.md §4.1.1) perform, all as a site admin.
 * Ids are passed as strings (MISP ids are integer columns read as strings). Each resolves to the
 * row, or null when not found. Callers never mutate the rows they receive.
 */
export interface CoreFormatLookups {
  /** `Event::fetchSimpleEvent` with `EventTag`→`Tag`: encapsulates attribute and object scope (CORE-FORMAT §3.2 step 4). */
  fetchSimpleEvent(id: string): Promise<SimpleEventRow | null>
  /** `MispObject::fetchObjectSimple` by object id: wraps an object attribute (CORE-FORMAT §3.2 step 3). */
  fetchObjectSimple(id: string): Promise<ObjectSimpleRow | null>
  /** `Event::quickFetchEvent`: sighting, tag, event-report and new-proposal triggers (CORE-FORMAT §6). */
  quickFetchEvent(id: string): Promise<QuickEventRow | null>
  /** `MispAttribute::fetchAttribute`: sighting, tag-on-attribute and edit-proposal triggers (CORE-FORMAT §6). */
  fetchAttribute(id: string): Promise<AttributeRow | null>
  /** The thread of a post (`post-after-save`, ENGINE §4.1.1). */
  fetchThread(id: string): Promise<ThreadRow | null>
  /** The bare event row of a post's thread (`post-after-save`, ENGINE §4.1.1). */
  fetchEventRow(id: string): Promise<EventRow | null>
}

/** Queries on `tags`, `event_tags` and `attribute_tags` (issue #3). */
import type { Insertable, Selectable } from 'kysely'
import { compiledQuery } from './compiled-query.ts'
import type { Executor } from './database.ts'
import type { TagTable } from './schema.ts'

/** A tag row. */
export type TagRecord = Selectable<TagTable>

/** The tag with `id`, or undefined. */
export function findTag(db: Executor, id: number): Promise<TagRecord | undefined> {
  return db.selectFrom('tags').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The tag named exactly `name`, or undefined. */
export function findTagByName(db: Executor, name: string): Promise<TagRecord | undefined> {
  return db.selectFrom('tags').selectAll().where('name', '=', name).executeTakeFirst()
}

/** Tags whose name contains `search` (case-insensitive; every tag without it), by name; at most `limit` when given. */
export function searchTags(db: Executor, search?: string, limit?: number): Promise<TagRecord[]> {
  let select = db.selectFrom('tags').selectAll()
  if (search) {
    const pattern = `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    select = select.where((eb) => eb(eb.fn('lower', ['name']), 'like', pattern))
  }
  select = select.orderBy('name')
  return (limit !== undefined && limit > 0 ? select.limit(limit) : select).execute()
}

/** Inserts a tag and returns its id. */
export async function insertTag(db: Executor, row: Insertable<TagTable>): Promise<number> {
  const { id } = await db.insertInto('tags').values(row).returning('id').executeTakeFirstOrThrow()
  return id
}

/** An event's tag links joined with their tags, in link id order. */
export function listEventTags(db: Executor, eventId: number) {
  return db
    .selectFrom('event_tags')
    .innerJoin('tags', 'tags.id', 'event_tags.tag_id')
    .selectAll('tags')
    .select([
      'event_tags.id as link_id',
      'event_tags.event_id as link_event_id',
      'event_tags.local as link_local',
      'event_tags.relationship_type as link_relationship_type',
    ])
    .where('event_tags.event_id', '=', eventId)
    .orderBy('event_tags.id')
    .execute()
}

/** The tag links of attributes (all of one event, or of one attribute), joined with their tags. */
export function listAttributeTags(db: Executor, filter: { eventId?: number; attributeId?: number }) {
  let select = db
    .selectFrom('attribute_tags')
    .innerJoin('tags', 'tags.id', 'attribute_tags.tag_id')
    .selectAll('tags')
    .select([
      'attribute_tags.id as link_id',
      'attribute_tags.attribute_id as link_attribute_id',
      'attribute_tags.event_id as link_event_id',
      'attribute_tags.local as link_local',
      'attribute_tags.relationship_type as link_relationship_type',
    ])
  if (filter.eventId !== undefined) select = select.where('attribute_tags.event_id', '=', filter.eventId)
  if (filter.attributeId !== undefined) select = select.where('attribute_tags.attribute_id', '=', filter.attributeId)
  return select.orderBy('attribute_tags.id').execute()
}

/**
 * An event's tag links and its attributes' tag links, joined with their tags: each list in link
 * id order, as `listEventTags` and `listAttributeTags` answer them. Two indexed queries and the
 * join and the sort in JavaScript: on the bundled SQLite (3.54) a join or an ORDER BY made these
 * look-ups 5-10 times slower (60-90 µs against 5-15 µs on a 5-attribute event), and the full
 * event fetch runs before every `event-publish` workflow (bench/publish.ts).
 */
export async function listEventTagLinks(
  db: Executor,
  eventId: number,
): Promise<{ eventTags: TagLinkRecord[]; attributeTags: TagLinkRecord[] }> {
  const links = await tagLinksQuery(db, eventId)
  if (links.length === 0) return { eventTags: [], attributeTags: [] }
  const tagIds = [...new Set(links.map((link) => link.tag_id))]
  const tags = new Map((await tagsQuery(db, ...tagIds)).map((tag) => [tag.id, tag]))
  links.sort((a, b) => a.kind - b.kind || a.id - b.id)
  const eventTags: TagLinkRecord[] = []
  const attributeTags: TagLinkRecord[] = []
  for (const link of links) {
    const tag = tags.get(link.tag_id)
    // An inner join drops links to a missing tag; so does this.
    if (!tag) continue
    const row: TagLinkRecord = {
      ...tag,
      link_id: link.id,
      link_event_id: link.event_id,
      link_local: link.local,
      link_relationship_type: link.relationship_type,
    }
    if (link.kind === 0) eventTags.push(row)
    else attributeTags.push({ ...row, link_attribute_id: link.attribute_id })
  }
  return { eventTags, attributeTags }
}

const tagsQuery = compiledQuery((db: Executor, ...ids: number[]) =>
  db.selectFrom('tags').selectAll().where('id', 'in', ids),
)

const tagLinksQuery = compiledQuery((db: Executor, eventId: number) =>
  db
    .selectFrom('event_tags')
    .select((eb) => [
      eb.lit<number>(0).as('kind'),
      'id',
      eb.lit<number>(0).as('attribute_id'),
      'event_id',
      'tag_id',
      'local',
      'relationship_type',
    ])
    .where('event_id', '=', eventId)
    .unionAll((eb) =>
      eb
        .selectFrom('attribute_tags')
        .select((inner) => [
          inner.lit<number>(1).as('kind'),
          'id',
          'attribute_id',
          'event_id',
          'tag_id',
          'local',
          'relationship_type',
        ])
        .where('event_id', '=', eventId),
    ),
)

/** A tag link row joined with its tag, as the queries above return it. */
export type TagLinkRecord = TagRecord & {
  link_id: number
  link_event_id: number
  link_local: number
  link_relationship_type: string | null
  link_attribute_id?: number
}

/**
 * Links a tag to an event (idempotent: an existing link is kept) and returns the link id and
 * whether it is new; `relationshipType` is MISP's `relationship_type` of a new link.
 */
export async function linkEventTag(
  db: Executor,
  eventId: number,
  tagId: number,
  local: boolean,
  relationshipType = '',
): Promise<{ id: number; created: boolean }> {
  const existing = await db
    .selectFrom('event_tags')
    .select('id')
    .where('event_id', '=', eventId)
    .where('tag_id', '=', tagId)
    .executeTakeFirst()
  if (existing) return { id: existing.id, created: false }
  const { id } = await db
    .insertInto('event_tags')
    .values({ event_id: eventId, tag_id: tagId, local: local ? 1 : 0, relationship_type: relationshipType })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id, created: true }
}

/** Links a tag to an attribute (idempotent) and returns the link id and whether it is new. */
export async function linkAttributeTag(
  db: Executor,
  attributeId: number,
  eventId: number,
  tagId: number,
  local: boolean,
  relationshipType = '',
): Promise<{ id: number; created: boolean }> {
  const existing = await db
    .selectFrom('attribute_tags')
    .select('id')
    .where('attribute_id', '=', attributeId)
    .where('tag_id', '=', tagId)
    .executeTakeFirst()
  if (existing) return { id: existing.id, created: false }
  const { id } = await db
    .insertInto('attribute_tags')
    .values({
      attribute_id: attributeId,
      event_id: eventId,
      tag_id: tagId,
      local: local ? 1 : 0,
      relationship_type: relationshipType,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id, created: true }
}

/** Removes a tag from an event; answers whether a link existed. */
export async function unlinkEventTag(db: Executor, eventId: number, tagId: number): Promise<boolean> {
  const result = await db
    .deleteFrom('event_tags')
    .where('event_id', '=', eventId)
    .where('tag_id', '=', tagId)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

/** Removes a tag from an attribute; answers whether a link existed. */
export async function unlinkAttributeTag(db: Executor, attributeId: number, tagId: number): Promise<boolean> {
  const result = await db
    .deleteFrom('attribute_tags')
    .where('attribute_id', '=', attributeId)
    .where('tag_id', '=', tagId)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

/** Queries on `events` (issue #3). */
import type { Insertable, Selectable, Updateable } from 'kysely'
import { compiledQuery } from './compiled-query.ts'
import type { Executor } from './database.ts'
import type { EventTable } from './schema.ts'

/** An event row. */
export type EventRecord = Selectable<EventTable>

/** The event with `id`, or undefined. */
export function findEvent(db: Executor, id: number): Promise<EventRecord | undefined> {
  return db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The event with `uuid`, or undefined. */
export function findEventByUuid(db: Executor, uuid: string): Promise<EventRecord | undefined> {
  return db.selectFrom('events').selectAll().where('uuid', '=', uuid).executeTakeFirst()
}

/** What an event's full fetch needs besides its row, answered in one query by `findEventSideInfo`. */
export interface EventSideInfo {
  /** The email of the user who created the event ('' when that user is gone). */
  creatorEmail: string
  hasObjects: boolean
  hasProposals: boolean
  hasReports: boolean
  hasSightings: boolean
}

/**
 * The creator's email and whether `event` has live objects, open proposals, live reports and
 * sightings, in one query: most events have none of these, and the full fetch then skips four
 * queries that would answer nothing.
 */
export async function findEventSideInfo(
  db: Executor,
  event: Pick<EventRecord, 'id' | 'user_id'>,
): Promise<EventSideInfo> {
  const [row] = await sideInfoQuery(db, event.user_id, event.id)
  return {
    creatorEmail: row?.creator_email ?? '',
    // SQLite answers EXISTS as 0/1, PostgreSQL as a boolean.
    hasObjects: Boolean(row?.has_objects),
    hasProposals: Boolean(row?.has_proposals),
    hasReports: Boolean(row?.has_reports),
    hasSightings: Boolean(row?.has_sightings),
  }
}

const sideInfoQuery = compiledQuery((db: Executor, userId: number, eventId: number) =>
  db.selectNoFrom((eb) => [
    eb.selectFrom('users').select('email').where('id', '=', userId).as('creator_email'),
    eb
      .exists(eb.selectFrom('objects').select('id').where('event_id', '=', eventId).where('deleted', '=', 0))
      .as('has_objects'),
    eb
      .exists(eb.selectFrom('shadow_attributes').select('id').where('event_id', '=', eventId).where('deleted', '=', 0))
      .as('has_proposals'),
    eb
      .exists(eb.selectFrom('event_reports').select('id').where('event_id', '=', eventId).where('deleted', '=', 0))
      .as('has_reports'),
    eb.exists(eb.selectFrom('sightings').select('id').where('event_id', '=', eventId)).as('has_sightings'),
  ]),
)

/** Which events an index lists: the visibility rule and the filters. */
export interface EventListQuery {
  /**
   * null = every event (site admin); else the viewer's organisation: its own events, distribution
   * 1–3, and distribution 4 when it owns or belongs to the event's sharing group.
   */
  viewerOrgId: number | null
  published?: boolean
  orgId?: number
  tagIds?: number[]
  limit?: number
  offset?: number
}

/** Events matching `query`, newest first. */
export function listEvents(db: Executor, query: EventListQuery): Promise<EventRecord[]> {
  let select = db.selectFrom('events').selectAll()
  if (query.viewerOrgId !== null) {
    const org = query.viewerOrgId
    select = select.where((eb) =>
      eb.or([
        eb('org_id', '=', org),
        eb.and([eb('distribution', '>=', 1), eb('distribution', '<=', 3)]),
        eb.and([
          eb('distribution', '=', 4),
          eb('sharing_group_id', 'in', (sub) =>
            sub
              .selectFrom('sharing_groups')
              .select('sharing_groups.id')
              .where((group) =>
                group.or([
                  group('sharing_groups.org_id', '=', org),
                  group.exists(
                    group
                      .selectFrom('sharing_group_orgs')
                      .select('sharing_group_orgs.id')
                      .whereRef('sharing_group_orgs.sharing_group_id', '=', 'sharing_groups.id')
                      .where('sharing_group_orgs.org_id', '=', org),
                  ),
                ]),
              ),
          ),
        ]),
      ]),
    )
  }
  if (query.published !== undefined) select = select.where('published', '=', query.published ? 1 : 0)
  if (query.orgId !== undefined) select = select.where('orgc_id', '=', query.orgId)
  if (query.tagIds !== undefined) {
    const tagIds = query.tagIds.length > 0 ? query.tagIds : [-1]
    select = select.where('id', 'in', (eb) =>
      eb.selectFrom('event_tags').select('event_tags.event_id').where('event_tags.tag_id', 'in', tagIds),
    )
  }
  select = select.orderBy('id', 'desc')
  if (query.limit !== undefined) select = select.limit(query.limit).offset(query.offset ?? 0)
  return select.execute()
}

/** Inserts an event and returns its id. */
export async function insertEvent(db: Executor, row: Insertable<EventTable>): Promise<number> {
  const { id } = await db.insertInto('events').values(row).returning('id').executeTakeFirstOrThrow()
  return id
}

/** Updates an event's columns. */
export async function updateEvent(db: Executor, id: number, changes: Updateable<EventTable>): Promise<void> {
  await db.updateTable('events').set(changes).where('id', '=', id).execute()
}

/** Recounts an event's live attributes into `attribute_count`. */
export async function refreshAttributeCount(db: Executor, id: number): Promise<void> {
  const row = await db
    .selectFrom('attributes')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('event_id', '=', id)
    .where('deleted', '=', 0)
    .executeTakeFirstOrThrow()
  await db
    .updateTable('events')
    .set({ attribute_count: Number(row.count) })
    .where('id', '=', id)
    .execute()
}

/** Deletes an event and everything that belongs to it. */
export async function deleteEventCascade(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('attribute_tags').where('event_id', '=', id).execute()
  await db.deleteFrom('event_tags').where('event_id', '=', id).execute()
  await db.deleteFrom('sightings').where('event_id', '=', id).execute()
  await db.deleteFrom('shadow_attributes').where('event_id', '=', id).execute()
  await db.deleteFrom('event_reports').where('event_id', '=', id).execute()
  await db.deleteFrom('attributes').where('event_id', '=', id).execute()
  await db.deleteFrom('object_references').where('event_id', '=', id).execute()
  await db.deleteFrom('objects').where('event_id', '=', id).execute()
  await db.deleteFrom('events').where('id', '=', id).execute()
}

/** Queries on `objects` (writes), `sightings`, `shadow_attributes` and `event_reports` (issue #3). */
import type { Insertable, Selectable, Updateable } from 'kysely'
import type { AttributeRecord, ObjectRecord } from './attribute-repository.ts'
import type { Executor } from './database.ts'
import type { EventReportTable, ObjectTable, ShadowAttributeTable, SightingTable } from './schema.ts'

/** A sighting row. */
export type SightingRecord = Selectable<SightingTable>
/** A proposal (shadow attribute) row. */
export type ShadowAttributeRecord = Selectable<ShadowAttributeTable>
/** An event report row. */
export type EventReportRecord = Selectable<EventReportTable>

/** Inserts an object and returns its id. */
export async function insertObject(db: Executor, row: Insertable<ObjectTable>): Promise<number> {
  const { id } = await db.insertInto('objects').values(row).returning('id').executeTakeFirstOrThrow()
  return id
}

/** Updates an object's columns. */
export async function updateObject(db: Executor, id: number, changes: Updateable<ObjectTable>): Promise<void> {
  await db.updateTable('objects').set(changes).where('id', '=', id).execute()
}

/** The object with `uuid`, or undefined. */
export function findObjectByUuid(db: Executor, uuid: string): Promise<ObjectRecord | undefined> {
  return db.selectFrom('objects').selectAll().where('uuid', '=', uuid).executeTakeFirst()
}

/** An object's live attributes, in id order. */
export function listObjectAttributes(db: Executor, objectId: number): Promise<AttributeRecord[]> {
  return db
    .selectFrom('attributes')
    .selectAll()
    .where('object_id', '=', objectId)
    .where('deleted', '=', 0)
    .orderBy('id')
    .execute()
}

/** Inserts a sighting and returns its id. */
export async function insertSighting(db: Executor, row: Insertable<SightingTable>): Promise<number> {
  const { id } = await db.insertInto('sightings').values(row).returning('id').executeTakeFirstOrThrow()
  return id
}

/** The sighting with `id`, or undefined. */
export function findSighting(db: Executor, id: number): Promise<SightingRecord | undefined> {
  return db.selectFrom('sightings').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Deletes an organisation's sightings of one type on one attribute (expirations replace each other). */
export async function deleteSightingsOf(
  db: Executor,
  where: { attributeId: number; orgId: number; type: number },
): Promise<void> {
  await db
    .deleteFrom('sightings')
    .where('attribute_id', '=', where.attributeId)
    .where('org_id', '=', where.orgId)
    .where('type', '=', where.type)
    .execute()
}

/** An event's sightings, in id order. */
export function listEventSightings(db: Executor, eventId: number): Promise<SightingRecord[]> {
  return db.selectFrom('sightings').selectAll().where('event_id', '=', eventId).orderBy('id').execute()
}

/** Inserts a proposal and returns its id. */
export async function insertShadowAttribute(db: Executor, row: Insertable<ShadowAttributeTable>): Promise<number> {
  const { id } = await db.insertInto('shadow_attributes').values(row).returning('id').executeTakeFirstOrThrow()
  return id
}

/** The proposal with `id`, or undefined. */
export function findShadowAttribute(db: Executor, id: number): Promise<ShadowAttributeRecord | undefined> {
  return db.selectFrom('shadow_attributes').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Updates a proposal's columns. */
export async function updateShadowAttribute(
  db: Executor,
  id: number,
  changes: Updateable<ShadowAttributeTable>,
): Promise<void> {
  await db.updateTable('shadow_attributes').set(changes).where('id', '=', id).execute()
}

/** An event's open (not deleted) proposals, in id order. */
export function listEventShadowAttributes(db: Executor, eventId: number): Promise<ShadowAttributeRecord[]> {
  return db
    .selectFrom('shadow_attributes')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('deleted', '=', 0)
    .orderBy('id')
    .execute()
}

/** Inserts an event report and returns its id. */
export async function insertEventReport(db: Executor, row: Insertable<EventReportTable>): Promise<number> {
  const { id } = await db.insertInto('event_reports').values(row).returning('id').executeTakeFirstOrThrow()
  return id
}

/** The event report with `id`, or undefined. */
export function findEventReport(db: Executor, id: number): Promise<EventReportRecord | undefined> {
  return db.selectFrom('event_reports').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The event report with `uuid`, or undefined. */
export function findEventReportByUuid(db: Executor, uuid: string): Promise<EventReportRecord | undefined> {
  return db.selectFrom('event_reports').selectAll().where('uuid', '=', uuid).executeTakeFirst()
}

/** Updates an event report's columns. */
export async function updateEventReport(
  db: Executor,
  id: number,
  changes: Updateable<EventReportTable>,
): Promise<void> {
  await db.updateTable('event_reports').set(changes).where('id', '=', id).execute()
}

/** An event's live (not deleted) reports, in id order. */
export function listEventReports(db: Executor, eventId: number): Promise<EventReportRecord[]> {
  return db
    .selectFrom('event_reports')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('deleted', '=', 0)
    .orderBy('id')
    .execute()
}

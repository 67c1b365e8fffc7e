/** Queries on `attributes` and `objects` (issue #3). */
import type { Insertable, Selectable, Updateable } from 'kysely'
import { compiledQuery } from './compiled-query.ts'
import type { Executor } from './database.ts'
import type { AttributeTable, ObjectTable } from './schema.ts'

/** An attribute row. */
export type AttributeRecord = Selectable<AttributeTable>
/** An object row. */
export type ObjectRecord = Selectable<ObjectTable>

/** The attribute with `id`, or undefined. */
export function findAttribute(db: Executor, id: number): Promise<AttributeRecord | undefined> {
  return db.selectFrom('attributes').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The attribute with `uuid`, or undefined. */
export function findAttributeByUuid(db: Executor, uuid: string): Promise<AttributeRecord | undefined> {
  return db.selectFrom('attributes').selectAll().where('uuid', '=', uuid).executeTakeFirst()
}

/**
 * An event's attributes (deleted ones only when asked), in id order. Sorted here, not by the
 * database: on the bundled SQLite an ORDER BY made this indexed look-up about 3 times slower
 * (tag-repository.ts `listEventTagLinks`).
 */
export async function listEventAttributes(
  db: Executor,
  eventId: number,
  withDeleted = false,
): Promise<AttributeRecord[]> {
  const rows = await (withDeleted ? everyAttributeQuery : liveAttributesQuery)(db, eventId)
  return rows.sort((a, b) => a.id - b.id)
}

const everyAttributeQuery = compiledQuery((db: Executor, eventId: number) =>
  db.selectFrom('attributes').selectAll().where('event_id', '=', eventId),
)
const liveAttributesQuery = compiledQuery((db: Executor, eventId: number) =>
  db.selectFrom('attributes').selectAll().where('event_id', '=', eventId).where('deleted', '=', 0),
)

/** Inserts an attribute and returns its id. */
export async function insertAttribute(db: Executor, row: Insertable<AttributeTable>): Promise<number> {
  const { id } = await db.insertInto('attributes').values(row).returning('id').executeTakeFirstOrThrow()
  return id
}

/** Updates an attribute's columns. */
export async function updateAttribute(db: Executor, id: number, changes: Updateable<AttributeTable>): Promise<void> {
  await db.updateTable('attributes').set(changes).where('id', '=', id).execute()
}

/** Deletes an attribute row and its tag links. */
export async function deleteAttributeRow(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('attribute_tags').where('attribute_id', '=', id).execute()
  await db.deleteFrom('sightings').where('attribute_id', '=', id).execute()
  await db.deleteFrom('attributes').where('id', '=', id).execute()
}

/** The object with `id`, or undefined. */
export function findObject(db: Executor, id: number): Promise<ObjectRecord | undefined> {
  return db.selectFrom('objects').selectAll().where('id', '=', id).executeTakeFirst()
}

/** An event's objects (not deleted), in id order. */
export function listEventObjects(db: Executor, eventId: number): Promise<ObjectRecord[]> {
  return db
    .selectFrom('objects')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('deleted', '=', 0)
    .orderBy('id')
    .execute()
}

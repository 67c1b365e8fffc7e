/** Queries on `object_references` (migration 0010): MISP's typed links between an object and what it references. */
import type { Insertable, Selectable } from 'kysely'
import type { Executor } from './database.ts'
import type { ObjectReferenceTable } from './schema.ts'

/** An object reference row. */
export type ObjectReferenceRecord = Selectable<ObjectReferenceTable>

/** MISP's `referenced_type` values. */
export const REFERENCED_TYPE = { attribute: 0, object: 1 } as const

/** Inserts a reference and returns its id. */
export async function insertObjectReference(db: Executor, row: Insertable<ObjectReferenceTable>): Promise<number> {
  const { id } = await db.insertInto('object_references').values(row).returning('id').executeTakeFirstOrThrow()
  return id
}

/** The reference with `id`, or undefined. */
export function findObjectReference(db: Executor, id: number): Promise<ObjectReferenceRecord | undefined> {
  return db.selectFrom('object_references').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The reference with `uuid`, or undefined. */
export function findObjectReferenceByUuid(db: Executor, uuid: string): Promise<ObjectReferenceRecord | undefined> {
  return db.selectFrom('object_references').selectAll().where('uuid', '=', uuid).executeTakeFirst()
}

/** An event's live references, in id order: one query for the whole event fetch. */
export function listEventObjectReferences(db: Executor, eventId: number): Promise<ObjectReferenceRecord[]> {
  return db
    .selectFrom('object_references')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('deleted', '=', 0)
    .orderBy('id')
    .execute()
}

/** An object's live references, in id order. */
export function listObjectReferences(db: Executor, objectId: number): Promise<ObjectReferenceRecord[]> {
  return db
    .selectFrom('object_references')
    .selectAll()
    .where('object_id', '=', objectId)
    .where('deleted', '=', 0)
    .orderBy('id')
    .execute()
}

/** Soft-deletes reference `id`. */
export async function softDeleteObjectReference(db: Executor, id: number): Promise<void> {
  await db.updateTable('object_references').set({ deleted: 1 }).where('id', '=', id).execute()
}

/** Deletes reference `id`. */
export async function deleteObjectReferenceRow(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('object_references').where('id', '=', id).execute()
}

/** Soft-deletes the live references that point at object `objectId` (MISP's object soft delete). */
export async function softDeleteReferencesToObject(db: Executor, objectId: number): Promise<void> {
  await db
    .updateTable('object_references')
    .set({ deleted: 1 })
    .where('referenced_type', '=', REFERENCED_TYPE.object)
    .where('referenced_id', '=', objectId)
    .where('deleted', '=', 0)
    .execute()
}

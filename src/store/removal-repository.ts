/**
 * Removing rows for the delete operations (`/objects/delete`, `/event_reports/delete`,
 * `/posts/delete`, `/admin/users/delete`): hard deletes with what hangs on the row, as MISP's
 * `dependent` associations cascade, and the proposals an object's soft delete discards.
 */
import type { Executor } from './database.ts'
import { softDeleteReferencesToObject } from './object-reference-repository.ts'

/**
 * Deletes object `id` with its attributes, their tag links, sightings and proposals, and its
 * references; references from other objects to it are soft-deleted, so no fetch shows a link to
 * nothing.
 */
export async function deleteObjectCascade(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('object_references').where('object_id', '=', id).execute()
  await softDeleteReferencesToObject(db, id)
  const attributes = db.selectFrom('attributes').select('id').where('object_id', '=', id)
  await db.deleteFrom('attribute_tags').where('attribute_id', 'in', attributes).execute()
  await db.deleteFrom('sightings').where('attribute_id', 'in', attributes).execute()
  await db.deleteFrom('shadow_attributes').where('old_id', 'in', attributes).execute()
  await db.deleteFrom('attributes').where('object_id', '=', id).execute()
  await db.deleteFrom('objects').where('id', '=', id).execute()
}

/** Deletes the open proposals to change any of `attributeIds` (MispObject soft delete). */
export async function deleteProposalsFor(db: Executor, attributeIds: number[]): Promise<void> {
  if (attributeIds.length === 0) return
  await db.deleteFrom('shadow_attributes').where('old_id', 'in', attributeIds).execute()
}

/** Deletes event report `id`. */
export async function deleteEventReportRow(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('event_reports').where('id', '=', id).execute()
}

/** Deletes post `id`. */
export async function deletePostRow(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('posts').where('id', '=', id).execute()
}

/** Deletes thread `id` (once its last post is gone, as MISP's `updateAfterPostChange`). */
export async function deleteThreadRow(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('threads').where('id', '=', id).execute()
}

/** Deletes user `id`; what the user created stays, as in MISP. */
export async function deleteUserRow(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('users').where('id', '=', id).execute()
}

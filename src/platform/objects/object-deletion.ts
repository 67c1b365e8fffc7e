/**
 * Soft-deleting an object as MISP's `ObjectsController::__delete` does: the object and each of
 * its live attributes are flagged deleted and re-stamped, the proposals on those attributes are
 * discarded, references to the object are soft-deleted, and each save writes its audit row. Used by `/objects/delete` and by an
 * `/events/edit` that sends the object with `deleted: true`; the callers fire the triggers
 * (`object-after-save`, then `attribute-after-save` per attribute) once their writes are done.
 */
import {
  deleteProposalsFor,
  type EventRecord,
  type Executor,
  listObjectAttributes,
  type ObjectRecord,
  softDeleteReferencesToObject,
  updateAttribute,
  updateObject,
} from '../../store/index.ts'
import { auditLog, type PlatformContext } from '../platform-context.ts'
import type { Actor } from '../types.ts'

/** Flags `object` and its live attributes deleted in `trx`; answers the attribute ids saved. */
export async function softDeleteObjectRows(
  ctx: PlatformContext,
  trx: Executor,
  actor: Actor,
  target: { object: ObjectRecord; event: EventRecord },
  now: number,
): Promise<number[]> {
  const { object, event } = target
  await updateObject(trx, object.id, { deleted: 1, timestamp: Math.max(now, object.timestamp) })
  await auditLog(ctx, trx, actor, {
    action: 'soft-delete',
    model: 'Object',
    modelId: object.id,
    title: `Object (${object.id}) from Event (${event.id}): ${object.meta_category}/${object.name}`,
  })
  const attributes = await listObjectAttributes(trx, object.id)
  for (const attribute of attributes) {
    await updateAttribute(trx, attribute.id, { deleted: 1, timestamp: Math.max(now, attribute.timestamp) })
    await auditLog(ctx, trx, actor, {
      action: 'soft-delete',
      model: 'Attribute',
      modelId: attribute.id,
      title: `Attribute (${attribute.id}) from Event (${event.id})`,
    })
  }
  const ids = attributes.map((attribute) => attribute.id)
  await deleteProposalsFor(trx, ids)
  // References from other objects to this one go too, so no fetch shows a link to a deleted object.
  await softDeleteReferencesToObject(trx, object.id)
  return ids
}

/**
 * Object references (issue #3): MISP's `/objectReferences/add/<object>` and
 * `/objectReferences/delete/<reference>[/1]` (ObjectReferencesController). A reference links an
 * object to an attribute (`referenced_type` 0) or another object (1) of the same event, named by
 * `referenced_uuid`. Adding one re-stamps the object and the event and unpublishes the event, as
 * MISP's `updateTimestamps` does; MISP has no workflow trigger for references, so only the audit
 * row (and its log-after-save) fires.
 */
import { UserError, ValidationError } from '../../errors.ts'
import {
  deleteObjectReferenceRow,
  type Executor,
  findAttributeByUuid,
  findEvent,
  findObject,
  findObjectByUuid,
  findObjectReference,
  findObjectReferenceByUuid,
  insertObjectReference,
  REFERENCED_TYPE,
  softDeleteObjectReference,
  updateEvent,
  updateObject,
} from '../../store/index.ts'
import { uuidField } from '../attributes/attribute-input.ts'
import { parseId } from '../local-backend.ts'
import { auditLog, canEditEvent, nowSeconds, type PlatformContext } from '../platform-context.ts'
import type { Actor, MispJson } from '../types.ts'
import { referenceColumns } from './reference-rows.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** MISP's texts (ObjectReferencesController). */
export const REFERENCE_MESSAGES = {
  invalidObject: 'Invalid object.',
  invalidReference: 'Invalid object reference.',
  invalidTarget: 'No attribute or object with this uuid in the event of the object.',
} as const

/** The object reference operations of the Platform. */
export interface ObjectReferenceService {
  /** Adds a reference from object `objectId` (id or uuid); answers `{ObjectReference: {…, object_uuid}}`. */
  add(actor: Actor, objectId: string, body: MispJson | undefined): Promise<MispJson>
  /** Soft-deletes reference `id` (id or uuid), or with `hard` removes it. */
  delete(actor: Actor, id: string, hard?: boolean): Promise<void>
}

/** A row by numeric id or by uuid. */
function byIdOrUuid<Row>(
  id: string,
  byId: (id: number) => Promise<Row | undefined>,
  byUuid: (uuid: string) => Promise<Row | undefined>,
): Promise<Row | undefined> {
  const numeric = parseId(id)
  return numeric !== null ? byId(numeric) : byUuid(id.toLowerCase())
}

function text(field: string, value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value !== 'string') throw new ValidationError('ObjectReference', field, 'Must be a string')
  return value.trim()
}

/** The live attribute or object of event `eventId` with `uuid`: MISP's `getReferencedInfo`. */
async function referencedEntity(db: Executor, eventId: number, uuid: string) {
  const attribute = await findAttributeByUuid(db, uuid)
  if (attribute && attribute.event_id === eventId && attribute.deleted === 0)
    return { id: attribute.id, type: REFERENCED_TYPE.attribute }
  const object = await findObjectByUuid(db, uuid)
  if (object && object.event_id === eventId && object.deleted === 0)
    return { id: object.id, type: REFERENCED_TYPE.object }
  throw new ValidationError('ObjectReference', 'referenced_uuid', REFERENCE_MESSAGES.invalidTarget)
}

/** Creates the object reference service. */
export function createObjectReferenceService(ctx: PlatformContext): ObjectReferenceService {
  const db = ctx.store.db
  return {
    async add(actor, objectId, body) {
      const object = await byIdOrUuid(
        objectId,
        (id) => findObject(db, id),
        (uuid) => findObjectByUuid(db, uuid),
      )
      const event = object && object.deleted === 0 ? await findEvent(db, object.event_id) : undefined
      // MISP answers an object the user may not change like an unknown one.
      if (!object || !event || !canEditEvent(actor, event))
        throw new UserError('SLC_NOT_FOUND', REFERENCE_MESSAGES.invalidObject)
      const record = (body ?? {}) as MispJson
      const input =
        typeof record.ObjectReference === 'object' && record.ObjectReference !== null ? record.ObjectReference : record
      if (typeof input.referenced_uuid !== 'string' || input.referenced_uuid.trim() === '')
        throw new ValidationError('ObjectReference', 'referenced_uuid', 'This field cannot be left blank')
      const referencedUuid = input.referenced_uuid.trim().toLowerCase()
      if (!UUID.test(referencedUuid))
        throw new ValidationError('ObjectReference', 'referenced_uuid', 'Please provide a valid RFC 4122 UUID')
      const target = await referencedEntity(db, event.id, referencedUuid)
      const select = text('relationship_type_select', input.relationship_type_select)
      const relationship =
        select !== '' && select !== 'custom' ? select : text('relationship_type', input.relationship_type)
      const now = nowSeconds(ctx)
      const row = {
        // MISP gives every new reference a fresh uuid, whatever the request says.
        uuid: uuidField('ObjectReference', undefined),
        timestamp: now,
        object_id: object.id,
        event_id: event.id,
        source_uuid: object.uuid,
        referenced_uuid: referencedUuid,
        referenced_id: target.id,
        referenced_type: target.type,
        relationship_type: relationship,
        comment: text('comment', input.comment),
      }
      const id = await ctx.store.transaction(async (trx) => {
        const referenceId = await insertObjectReference(trx, row)
        await updateObject(trx, object.id, { timestamp: Math.max(now, object.timestamp) })
        await updateEvent(trx, event.id, { timestamp: Math.max(now, event.timestamp), published: 0 })
        await auditLog(ctx, trx, actor, {
          action: 'add',
          model: 'ObjectReference',
          modelId: referenceId,
          title: `ObjectReference (${referenceId}) from Object (${object.id}): ${relationship}`,
        })
        return referenceId
      })
      const saved = (await findObjectReference(db, id))!
      return { ObjectReference: { ...referenceColumns(saved), object_uuid: object.uuid } }
    },

    async delete(actor, id, hard = false) {
      const reference = await byIdOrUuid(
        id,
        (numeric) => findObjectReference(db, numeric),
        (uuid) => findObjectReferenceByUuid(db, uuid),
      )
      if (!reference || (!hard && reference.deleted === 1))
        throw new UserError('SLC_NOT_FOUND', REFERENCE_MESSAGES.invalidReference)
      const event = await findEvent(db, reference.event_id)
      // MISP: ForbiddenException('Invalid object reference.').
      if (!event || !canEditEvent(actor, event))
        throw new UserError('SLC_FORBIDDEN', REFERENCE_MESSAGES.invalidReference)
      await ctx.store.transaction(async (trx) => {
        if (hard) await deleteObjectReferenceRow(trx, reference.id)
        else await softDeleteObjectReference(trx, reference.id)
        await auditLog(ctx, trx, actor, {
          action: hard ? 'delete' : 'soft-delete',
          model: 'ObjectReference',
          modelId: reference.id,
          title: `ObjectReference (${reference.id}) from Object (${reference.object_id}): ${reference.relationship_type}`,
        })
      })
    },
  }
}

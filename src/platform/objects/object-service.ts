/**
 * Object operations (issue #3): `/objects/add`, `/objects/edit` and `/objects/delete` with their trigger sites
 * (spec/ENGINE.md §4.1.1). The object row is saved first and fires `object-after-save` with
 * `{Object: {...}}` as saved; each attribute saved inside it then fires `attribute-after-save`,
 * as MISP's `saveAttributes` / `deltaMerge` save them one by one through the Attribute model.
 */
import { UserError, ValidationError } from '../../errors.ts'
import {
  type AttributeRecord,
  deleteObjectCascade,
  type EventRecord,
  type Executor,
  findAttributeByUuid,
  findObject,
  findObjectByUuid,
  insertAttribute,
  insertObject,
  listObjectAttributes,
  listObjectReferences,
  refreshAttributeCount,
  updateAttribute,
  updateEvent,
  updateObject,
} from '../../store/index.ts'
import { fireAttributeAfterSave } from '../attributes/attribute-triggers.ts'
import { editableEvent } from '../events/event-service.ts'
import { parseId } from '../local-backend.ts'
import { attributeValue, fetchEventAttribute, objectColumns } from '../misp-rows.ts'
import { auditLog, nowSeconds, type PlatformContext, withEditableEvent } from '../platform-context.ts'
import type { RunChain } from '../runs/run-chain.ts'
import { attachAttributeTags, fireTagAttached, type SavedTagLink } from '../tags/tag-links.ts'
import { requireUsableSharingGroups } from '../sharing-groups/sharing-group-access.ts'
import type { Actor, MispJson, Platform } from '../types.ts'
import { referenceColumns } from '../object-references/reference-rows.ts'
import { softDeleteObjectRows } from './object-deletion.ts'
import {
  checkObjectAttributes,
  checkObjectInput,
  OBJECT_MESSAGES,
  type ObjectAttributeInput,
  objectChanges,
  splitObjectBody,
} from './object-input.ts'

/** MISP's text for an unknown or invisible object (ObjectsController::edit). */
export const INVALID_OBJECT = 'Invalid object.'

type AttributeSave = { id: number; action: 'add' | 'edit' | 'soft-delete' }

/** Fires `object-after-save` with the saved row `{Object: {...}}` (spec/ENGINE.md §4.1.1). */
export async function fireObjectAfterSave(
  ctx: PlatformContext,
  objectId: number,
  action: 'add' | 'edit',
  chain: RunChain | undefined,
  trx: Executor,
): Promise<void> {
  if (!(await ctx.dispatcher.isCallable('object-after-save', trx))) return
  // Read through the saving transaction, and the job commits with the object (docs/queue.md).
  const object = await findObject(trx, objectId)
  if (!object) return
  await ctx.dispatcher.fire(
    'object-after-save',
    { Object: objectColumns(object) },
    { action, model: 'Object', id: objectId },
    { isRawTransferred: true, chain, db: trx },
  )
}

/** MISP's object answer: `{Object: {…columns, Attribute: [live attributes], ObjectReference: [live references]}}`. */
async function objectBody(db: Executor, objectId: number): Promise<MispJson> {
  const object = await findObject(db, objectId)
  if (!object) throw new UserError('SLC_NOT_FOUND', INVALID_OBJECT)
  const attributes = await listObjectAttributes(db, objectId)
  const references = await listObjectReferences(db, objectId)
  return {
    Object: {
      ...objectColumns(object),
      Attribute: attributes.map(fetchEventAttribute),
      ObjectReference: references.map(referenceColumns),
    },
  }
}

/** Inserts object attributes with their tags; returns their ids and the new tag links. */
async function insertObjectAttributes(
  trx: Executor,
  actor: Actor,
  event: EventRecord,
  objectId: number,
  attributes: ObjectAttributeInput[],
  timestamp: number,
  links: SavedTagLink[],
): Promise<number[]> {
  const ids: number[] = []
  for (const { tags, ...columns } of attributes) {
    const attributeId = await insertAttribute(trx, { ...columns, event_id: event.id, object_id: objectId, timestamp })
    ids.push(attributeId)
    await attachAttributeTags(trx, actor, { eventId: event.id, attributeId }, tags, links)
  }
  return ids
}

/** Refuses attribute UUIDs that exist already or repeat within the request. */
async function checkNewUuids(db: Executor, attributes: ObjectAttributeInput[]): Promise<void> {
  const seen = new Set<string>()
  for (const attribute of attributes) {
    if (seen.has(attribute.uuid) || (await findAttributeByUuid(db, attribute.uuid)))
      throw new ValidationError('Attribute', 'uuid', 'An attribute with this uuid already exists.')
    seen.add(attribute.uuid)
  }
}

/**
 * The object named by id or UUID, with its event, checked for the actor; a soft-deleted one only
 * when `withDeleted` (a hard delete reaches it, as MISP's).
 */
async function editableObject(ctx: PlatformContext, actor: Actor, id: string, withDeleted = false) {
  const db = ctx.store.db
  const numeric = parseId(id)
  const found = numeric !== null ? await findObject(db, numeric) : await findObjectByUuid(db, id.toLowerCase())
  const { row: object, event } = await withEditableEvent(
    db,
    actor,
    found?.deleted === 1 && !withDeleted ? undefined : found,
    INVALID_OBJECT,
  )
  return { object, event }
}

/** The fields of an attribute `deltaMerge` compares, as the store holds them. */
function attributeChanges(original: AttributeRecord, next: ObjectAttributeInput, submitted: MispJson) {
  const changes: Record<string, unknown> = {}
  const compare: Array<[keyof AttributeRecord, unknown]> = [
    ['category', next.category],
    ['type', next.type],
    ['value1', next.value1],
    ['value2', next.value2],
  ]
  if (submitted.to_ids !== undefined) compare.push(['to_ids', next.to_ids])
  if (submitted.distribution !== undefined) compare.push(['distribution', next.distribution])
  if (submitted.distribution !== undefined || submitted.sharing_group_id !== undefined)
    compare.push(['sharing_group_id', next.sharing_group_id])
  if (submitted.comment !== undefined) compare.push(['comment', next.comment])
  if (submitted.disable_correlation !== undefined) compare.push(['disable_correlation', next.disable_correlation])
  if (submitted.first_seen !== undefined) compare.push(['first_seen', next.first_seen])
  if (submitted.last_seen !== undefined) compare.push(['last_seen', next.last_seen])
  for (const [key, value] of compare) if (original[key] !== value) changes[key] = value
  return changes
}

/** A planned attribute save of an object edit. */
type AttributeStep =
  | { kind: 'edit'; id: number; changes: Record<string, unknown> }
  | { kind: 'add'; input: ObjectAttributeInput }

/**
 * deltaMerge's attribute plan: a submitted attribute whose uuid matches one of the object's is
 * an edit (when a compared field differs), any other is new, and the object's attributes not
 * submitted are soft-deleted. Without an `Attribute` list the attributes stay as they are.
 */
async function planAttributes(
  db: Executor,
  objectId: number,
  submitted: unknown,
  seen: { first_seen: string | null; last_seen: string | null },
): Promise<{ plan: AttributeStep[]; removed: AttributeRecord[] }> {
  if (submitted === undefined) return { plan: [], removed: [] }
  const existing = await listObjectAttributes(db, objectId)
  const list = Array.isArray(submitted) ? (submitted as MispJson[]) : []
  const checked = checkObjectAttributes(submitted, seen, true)
  const plan: AttributeStep[] = []
  const fresh: ObjectAttributeInput[] = []
  const kept = new Set<number>()
  for (const [index, input] of checked.entries()) {
    const raw = list[index]
    const uuid = typeof raw.uuid === 'string' ? raw.uuid.toLowerCase() : undefined
    const match = existing.find((row) => row.uuid === uuid)
    if (!match) {
      fresh.push(input)
      continue
    }
    kept.add(match.id)
    const delta = attributeChanges(match, input, raw)
    if (Object.keys(delta).length > 0) plan.push({ kind: 'edit', id: match.id, changes: delta })
  }
  await checkNewUuids(db, fresh)
  for (const input of fresh) plan.push({ kind: 'add', input })
  return { plan, removed: existing.filter((row) => !kept.has(row.id)) }
}

/** The object operations of the Platform. */
export function createObjectService(ctx: PlatformContext): Platform['objects'] {
  const db = ctx.store.db
  return {
    async add(actor, eventId, body) {
      const event = await editableEvent(db, actor, eventId)
      const { object, attributes: submitted } = splitObjectBody(body)
      const input = checkObjectInput(object)
      const attributes = checkObjectAttributes(submitted, input)
      await requireUsableSharingGroups(db, actor, 'Object', [input.sharing_group_id])
      await requireUsableSharingGroups(
        db,
        actor,
        'Attribute',
        attributes.map((attribute) => attribute.sharing_group_id),
      )
      if (await findObjectByUuid(db, input.uuid)) throw new ValidationError('Object', 'uuid', OBJECT_MESSAGES.notUnique)
      await checkNewUuids(db, attributes)
      const now = nowSeconds(ctx)
      const links: SavedTagLink[] = []
      const objectId = await ctx.store.transaction(async (trx) => {
        const objectId = await insertObject(trx, { ...input, event_id: event.id, timestamp: now })
        const attributeIds = await insertObjectAttributes(trx, actor, event, objectId, attributes, now, links)
        await refreshAttributeCount(trx, event.id)
        await updateEvent(trx, event.id, { timestamp: Math.max(now, event.timestamp), published: 0 })
        await auditLog(ctx, trx, actor, {
          action: 'add',
          model: 'Object',
          modelId: objectId,
          title: `Object (${objectId}) from Event (${event.id}): ${input.meta_category}/${input.name}`,
        })
        await fireObjectAfterSave(ctx, objectId, 'add', actor.chain, trx)
        for (const id of attributeIds) await fireAttributeAfterSave(ctx, id, 'add', actor.chain, trx)
        for (const link of links) await fireTagAttached(ctx, link, actor.chain, trx)
        return objectId
      })
      return objectBody(db, objectId)
    },

    async edit(actor, id, body) {
      const { object, event } = await editableObject(ctx, actor, id)
      const { object: submitted, attributes: submittedAttributes } = splitObjectBody(body)
      const { changes, seen } = objectChanges(object, submitted)
      const { plan, removed } = await planAttributes(db, object.id, submittedAttributes, seen)
      await requireUsableSharingGroups(db, actor, 'Object', [(changes.sharing_group_id as number | undefined) ?? 0])
      await requireUsableSharingGroups(
        db,
        actor,
        'Attribute',
        plan.map((step) =>
          step.kind === 'add' ? step.input.sharing_group_id : ((step.changes.sharing_group_id as number) ?? 0),
        ),
      )

      const now = Math.max(nowSeconds(ctx), object.timestamp)
      const links: SavedTagLink[] = []
      const saves: AttributeSave[] = []
      await ctx.store.transaction(async (trx) => {
        await updateObject(trx, object.id, { ...changes, timestamp: now })
        for (const step of plan) {
          if (step.kind === 'edit') {
            await updateAttribute(trx, step.id, { ...step.changes, timestamp: now })
            saves.push({ id: step.id, action: 'edit' })
          } else {
            const [attributeId] = await insertObjectAttributes(trx, actor, event, object.id, [step.input], now, links)
            saves.push({ id: attributeId, action: 'add' })
          }
        }
        for (const row of removed) {
          await updateAttribute(trx, row.id, { deleted: 1, timestamp: now })
          saves.push({ id: row.id, action: 'soft-delete' })
        }
        await refreshAttributeCount(trx, event.id)
        await updateEvent(trx, event.id, { timestamp: Math.max(now, event.timestamp), published: 0 })
        await auditLog(ctx, trx, actor, {
          action: 'edit',
          model: 'Object',
          modelId: object.id,
          title: `Object (${object.id}) from Event (${event.id}): ${object.meta_category}/${object.name}`,
          change: removed.map((row) => `${row.object_relation}: ${attributeValue(row)} deleted`).join(', '),
        })
        await fireObjectAfterSave(ctx, object.id, 'edit', actor.chain, trx)
        for (const save of saves) await fireAttributeAfterSave(ctx, save.id, save.action, actor.chain, trx)
        for (const link of links) await fireTagAttached(ctx, link, actor.chain, trx)
      })
      return objectBody(db, object.id)
    },

    async delete(actor, id, hard = false) {
      const { object, event } = await editableObject(ctx, actor, id, hard)
      const now = nowSeconds(ctx)
      await ctx.store.transaction(async (trx) => {
        const title = `Object (${object.id}) from Event (${event.id}): ${object.meta_category}/${object.name}`
        if (hard) {
          // A hard delete removes the rows; MISP's afterDelete fires no trigger.
          await deleteObjectCascade(trx, object.id)
          await refreshAttributeCount(trx, event.id)
          await auditLog(ctx, trx, actor, { action: 'delete', model: 'Object', modelId: object.id, title })
          return
        }
        const attributeIds = await softDeleteObjectRows(ctx, trx, actor, { object, event }, now)
        await refreshAttributeCount(trx, event.id)
        // MISP's unpublishEvent: the flag only, the event's timestamp stays.
        await updateEvent(trx, event.id, { published: 0 })
        await fireObjectAfterSave(ctx, object.id, 'edit', actor.chain, trx)
        for (const attributeId of attributeIds)
          await fireAttributeAfterSave(ctx, attributeId, 'soft-delete', actor.chain, trx)
      })
    },
  }
}

/**
 * Attribute operations (issue #3): add checks describeTypes (spec/CORE-FORMAT.md §9) and fires
 * `attribute-after-save` after commit (spec/ENGINE.md §4.1.1); edit and soft delete fire it too.
 */
import { UserError, ValidationError } from '../../errors.ts'
import { categoriesForType, validateAttributeValue } from '../../format/index.ts'
import {
  deleteAttributeRow,
  findAttribute,
  findAttributeByUuid,
  insertAttribute,
  refreshAttributeCount,
  updateAttribute,
  updateEvent,
} from '../../store/index.ts'
import { editableEvent } from '../events/event-service.ts'
import { parseId } from '../local-backend.ts'
import { attributeValue, fetchEventAttribute, viewTag } from '../misp-rows.ts'
import { auditLog, changeText, nowSeconds, type PlatformContext, withEditableEvent } from '../platform-context.ts'
import { attachAttributeTags, fireTagAttached, type SavedTagLink } from '../tags/tag-links.ts'
import { requireUsableSharingGroups, sharingGroupInput } from '../sharing-groups/sharing-group-access.ts'
import type { Actor, MispJson, Platform } from '../types.ts'
import { checkAttributeInput, flag, intField } from './attribute-input.ts'
import { fireAttributeAfterSave } from './attribute-triggers.ts'
import { listAttributeTags, type TagLinkRecord } from '../../store/index.ts'

/** MISP's text for an unknown or invisible attribute. */
const INVALID_ATTRIBUTE = 'Invalid attribute'

function invalidAttribute(): UserError {
  return new UserError('SLC_NOT_FOUND', INVALID_ATTRIBUTE)
}

/** MISP's attribute answer: `{Attribute: {…, Tag?}}`. */
async function attributeBody(ctx: PlatformContext, id: number): Promise<MispJson> {
  const attribute = await findAttribute(ctx.store.db, id)
  if (!attribute) throw invalidAttribute()
  const row: MispJson = fetchEventAttribute(attribute)
  const links = (await listAttributeTags(ctx.store.db, { attributeId: id })) as TagLinkRecord[]
  if (links.length > 0) row.Tag = links.map(viewTag)
  return { Attribute: row }
}

/** The attribute named by id or UUID, with its event, checked for the actor. */
async function editableAttribute(ctx: PlatformContext, actor: Actor, id: string) {
  const db = ctx.store.db
  const numeric = parseId(id)
  const found = numeric !== null ? await findAttribute(db, numeric) : await findAttributeByUuid(db, id)
  const { row: attribute, event } = await withEditableEvent(db, actor, found, INVALID_ATTRIBUTE)
  return { attribute, event }
}

/** The attribute operations of the Platform. */
export function createAttributeService(ctx: PlatformContext): Platform['attributes'] {
  const db = ctx.store.db
  return {
    async add(actor, eventId, body) {
      const event = await editableEvent(db, actor, eventId)
      const input = checkAttributeInput(body)
      await requireUsableSharingGroups(db, actor, 'Attribute', [input.sharing_group_id])
      if (await findAttributeByUuid(db, input.uuid)) {
        throw new ValidationError('Attribute', 'uuid', 'An attribute with this uuid already exists.')
      }
      const now = nowSeconds(ctx)
      const links: SavedTagLink[] = []
      const id = await ctx.store.transaction(async (trx) => {
        const { tags, ...columns } = input
        const attributeId = await insertAttribute(trx, { ...columns, event_id: event.id, timestamp: now })
        await attachAttributeTags(trx, actor, { eventId: event.id, attributeId }, tags, links)
        await refreshAttributeCount(trx, event.id)
        await updateEvent(trx, event.id, { timestamp: Math.max(now, event.timestamp), published: 0 })
        await auditLog(ctx, trx, actor, {
          action: 'add',
          model: 'Attribute',
          modelId: attributeId,
          title: `Attribute (${attributeId}) from Event (${event.id}): ${input.type}/${input.category} ${attributeValue({ ...input } as never)}`,
        })
        // In the transaction: the deferred run's job commits with the attribute (docs/queue.md).
        await fireAttributeAfterSave(ctx, attributeId, 'add', actor.chain, trx)
        for (const link of links) await fireTagAttached(ctx, link, actor.chain, trx)
        return attributeId
      })
      return attributeBody(ctx, id)
    },

    async edit(actor, id, body) {
      const { attribute, event } = await editableAttribute(ctx, actor, id)
      const input = typeof body.Attribute === 'object' && body.Attribute !== null ? body.Attribute : body
      const changes: Record<string, unknown> = {}
      const type = input.type ?? attribute.type
      if (input.type !== undefined || input.value !== undefined) {
        const checked = checkAttributeInput({
          type,
          category:
            input.category ?? (categoriesForType(type).includes(attribute.category) ? attribute.category : undefined),
          value: input.value ?? attributeValue(attribute),
        })
        Object.assign(changes, {
          type: checked.type,
          category: checked.category,
          value1: checked.value1,
          value2: checked.value2,
        })
      } else if (input.category !== undefined) {
        if (!categoriesForType(type).includes(input.category)) {
          throw new ValidationError('Attribute', 'category', `Options: ${categoriesForType(type).join(', ')}`)
        }
        changes.category = input.category
      }
      if (input.value !== undefined) {
        const problem = validateAttributeValue(type, input.value)
        if (problem !== null) throw new ValidationError('Attribute', 'value', problem)
      }
      if (input.comment !== undefined) changes.comment = String(input.comment)
      if (input.to_ids !== undefined) changes.to_ids = flag(input.to_ids) ? 1 : 0
      if (input.disable_correlation !== undefined) changes.disable_correlation = flag(input.disable_correlation) ? 1 : 0
      if (input.distribution !== undefined || input.sharing_group_id !== undefined) {
        const options = 'Options: 0, 1, 2, 3, 4, 5'
        const distribution =
          input.distribution !== undefined
            ? intField('Attribute', 'distribution', input.distribution, 0, 5, 5, options)
            : attribute.distribution
        if (input.distribution !== undefined) changes.distribution = distribution
        // Distribution 4 keeps the attribute's group unless another is named; any other level clears it.
        const group = sharingGroupInput('Attribute', distribution, input.sharing_group_id, attribute.sharing_group_id)
        if (group !== attribute.sharing_group_id) {
          await requireUsableSharingGroups(db, actor, 'Attribute', [group])
          changes.sharing_group_id = group
        }
      }
      const now = Math.max(nowSeconds(ctx), attribute.timestamp)
      changes.timestamp = now
      await ctx.store.transaction(async (trx) => {
        await updateAttribute(trx, attribute.id, changes)
        await updateEvent(trx, event.id, { timestamp: Math.max(now, event.timestamp), published: 0 })
        await auditLog(ctx, trx, actor, {
          action: 'edit',
          model: 'Attribute',
          modelId: attribute.id,
          title: `Attribute (${attribute.id}) from Event (${event.id})`,
          change: changeText(attribute as unknown as Record<string, unknown>, changes),
        })
        await fireAttributeAfterSave(ctx, attribute.id, 'edit', actor.chain, trx)
      })
      return attributeBody(ctx, attribute.id)
    },

    async delete(actor, id, hard = false) {
      const { attribute, event } = await editableAttribute(ctx, actor, id)
      await ctx.store.transaction(async (trx) => {
        if (hard) await deleteAttributeRow(trx, attribute.id)
        else
          await updateAttribute(trx, attribute.id, {
            deleted: 1,
            timestamp: Math.max(nowSeconds(ctx), attribute.timestamp),
          })
        await refreshAttributeCount(trx, event.id)
        await auditLog(ctx, trx, actor, {
          action: hard ? 'delete' : 'soft-delete',
          model: 'Attribute',
          modelId: attribute.id,
          title: `Attribute (${attribute.id}) from Event (${event.id})`,
        })
        if (!hard) await fireAttributeAfterSave(ctx, attribute.id, 'soft-delete', actor.chain, trx)
      })
    },
  }
}

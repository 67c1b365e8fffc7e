/**
 * Tag operations (issue #3): add, index, attach and detach on events and attributes by UUID,
 * firing `tag-attached-after-save` for every new link with its real `local` flag (Q4, Q5 fixed).
 */
import { UserError, ValidationError } from '../../errors.ts'
import type { Insertable } from 'kysely'
import {
  type Executor,
  findAttributeByUuid,
  findEventByUuid,
  findTag,
  findTagByName,
  insertTag,
  linkAttributeTag,
  linkEventTag,
  searchTags,
  type TagRecord,
  type TagTable,
  unlinkAttributeTag,
  unlinkEventTag,
  updateEvent,
} from '../../store/index.ts'
import { flag, intField, tagName } from '../attributes/attribute-input.ts'
import { parseId } from '../local-backend.ts'
import { tagColumns } from '../misp-rows.ts'
import {
  auditLog,
  forbidden,
  nowSeconds,
  type PlatformContext,
  requireEditableEvent,
  withEditableEvent,
} from '../platform-context.ts'
import type { Actor, MispJson, Platform } from '../types.ts'
import { mayCreateTags, TAG_NOT_CREATABLE } from './tag-editors.ts'
import { fireTagAttached } from './tag-links.ts'

const COLOUR = /^#[0-9a-f]{6}$/i
/** MISP's text for a UUID naming no event or attribute the actor sees. */
const INVALID_TARGET = 'Invalid target.'

/** The tag `tag` names: an id, else a name; undefined when there is none. */
async function findNamedTag(ctx: PlatformContext, tag: string): Promise<TagRecord | undefined> {
  const id = parseId(tag)
  return id !== null ? await findTag(ctx.store.db, id) : await findTagByName(ctx.store.db, String(tag).trim())
}

function invalidTag(): UserError {
  return new UserError('SLC_NOT_FOUND', 'Invalid Tag.')
}

async function resolveTag(ctx: PlatformContext, tag: string): Promise<TagRecord> {
  const found = await findNamedTag(ctx, tag)
  if (!found) throw invalidTag()
  return found
}

/**
 * The tag to attach for `/tags/attachTagToObject`: the one `tag` names, or, for a name no tag
 * has yet, null when `actor` may create it (it is created with the link). An unknown id is
 * `Invalid Tag.`; an unknown name for anyone without `perm_tag_editor` MISP's refusal (403).
 */
async function tagToAttach(ctx: PlatformContext, actor: Actor, tag: string): Promise<TagRecord | null> {
  const found = await findNamedTag(ctx, tag)
  if (found) return found
  if (parseId(tag) !== null || String(tag).trim() === '') throw invalidTag()
  if (!(await mayCreateTags(ctx.store.db, actor))) throw new UserError('SLC_FORBIDDEN', TAG_NOT_CREATABLE)
  tagName(tag)
  return null
}

/** Inserts tag `row` and writes its audit row (`/tags/add`, or a tag created by attaching it by name). */
async function insertNewTag(
  ctx: PlatformContext,
  trx: Executor,
  actor: Actor,
  row: Insertable<TagTable> & { name: string },
): Promise<TagRecord> {
  const tagId = await insertTag(trx, row)
  await auditLog(ctx, trx, actor, { action: 'add', model: 'Tag', modelId: tagId, title: `Tag (${tagId}): ${row.name}` })
  return (await findTag(trx, tagId))!
}

/** The event or attribute a UUID names, checked for the actor (SLC_NOT_FOUND / SLC_FORBIDDEN). */
async function resolveTarget(ctx: PlatformContext, actor: Actor, uuid: string) {
  const db = ctx.store.db
  const key = String(uuid).toLowerCase()
  const event = await findEventByUuid(db, key)
  if (event) {
    const editable = await requireEditableEvent(db, actor, event, INVALID_TARGET)
    return { kind: 'event' as const, event: editable, attributeId: undefined }
  }
  const { row: attribute, event: owner } = await withEditableEvent(
    db,
    actor,
    await findAttributeByUuid(db, key),
    INVALID_TARGET,
  )
  return { kind: 'attribute' as const, event: owner, attributeId: attribute.id }
}

/** The tag operations of the Platform. */
export function createTagService(ctx: PlatformContext): Platform['tags'] {
  const db = ctx.store.db
  return {
    async add(actor, body) {
      // MISP's ACL comes before the body is read.
      if (!(await mayCreateTags(db, actor))) throw forbidden()
      const input: MispJson = typeof body.Tag === 'object' && body.Tag !== null ? body.Tag : body
      const name = tagName(input.name)
      if (await findTagByName(db, name)) throw new ValidationError('Tag', 'name', 'A similar name already exists.')
      const colour = input.colour ?? '#ffffff'
      if (typeof colour !== 'string' || !COLOUR.test(colour))
        throw new ValidationError('Tag', 'colour', 'Colour must be #RRGGBB.')
      const tag = await ctx.store.transaction((trx) =>
        insertNewTag(ctx, trx, actor, {
          name,
          colour,
          exportable: input.exportable === undefined ? 1 : flag(input.exportable) ? 1 : 0,
          hide_tag: flag(input.hide_tag) ? 1 : 0,
          local_only: flag(input.local_only) ? 1 : 0,
          numerical_value:
            input.numerical_value === undefined || input.numerical_value === null
              ? null
              : intField(
                  'Tag',
                  'numerical_value',
                  input.numerical_value,
                  -2147483648,
                  2147483647,
                  0,
                  'Must be an integer.',
                ),
          org_id: 0,
          user_id: 0,
        }),
      )
      return { Tag: tagColumns(tag) }
    },

    async index(_actor, search, limit) {
      return (await searchTags(db, search, limit)).map(tagColumns)
    },

    async attach(actor, target) {
      const known = await tagToAttach(ctx, actor, target.tag)
      const resolved = await resolveTarget(ctx, actor, target.uuid)
      const local = target.local === true
      const relationshipType = typeof target.relationship_type === 'string' ? target.relationship_type.trim() : ''
      const name = String(target.tag).trim()
      const link = await ctx.store.transaction(async (trx) => {
        // A tag created by a request racing this one is used, not created twice.
        const tag =
          known ??
          (await findTagByName(trx, name)) ??
          (await insertNewTag(ctx, trx, actor, { name, colour: '#ffffff', user_id: actor.userId }))
        const saved =
          resolved.kind === 'event'
            ? await linkEventTag(trx, resolved.event.id, tag.id, local, relationshipType)
            : await linkAttributeTag(trx, resolved.attributeId!, resolved.event.id, tag.id, local, relationshipType)
        if (saved.created) {
          if (!local)
            await updateEvent(trx, resolved.event.id, {
              timestamp: Math.max(nowSeconds(ctx), resolved.event.timestamp),
              published: 0,
            })
          await auditLog(ctx, trx, actor, {
            action: 'tag',
            model: resolved.kind === 'event' ? 'Event' : 'Attribute',
            modelId: resolved.kind === 'event' ? resolved.event.id : resolved.attributeId!,
            title: `Attached ${local ? 'local ' : ''}tag (${tag.id}) "${tag.name}" to ${resolved.kind} (${resolved.kind === 'event' ? resolved.event.id : resolved.attributeId})`,
          })
          // In the transaction: the deferred run's job commits with the link (docs/queue.md).
          await fireTagAttached(
            ctx,
            {
              kind: resolved.kind,
              linkId: saved.id,
              tag,
              eventId: resolved.event.id,
              attributeId: resolved.attributeId,
              local,
            },
            actor.chain,
            trx,
          )
        }
        return saved
      })
      if (!link.created) {
        return { saved: false, success: false, errors: `Tag is already attached to this ${resolved.kind}.` }
      }
      return { saved: true, success: 'Tag(s) attached.', check_publish: true }
    },

    async detach(actor, target) {
      const tag = await resolveTag(ctx, target.tag)
      const resolved = await resolveTarget(ctx, actor, target.uuid)
      const removed = await ctx.store.transaction(async (trx) => {
        const done =
          resolved.kind === 'event'
            ? await unlinkEventTag(trx, resolved.event.id, tag.id)
            : await unlinkAttributeTag(trx, resolved.attributeId!, tag.id)
        if (done) {
          await auditLog(ctx, trx, actor, {
            action: 'tag',
            model: resolved.kind === 'event' ? 'Event' : 'Attribute',
            modelId: resolved.kind === 'event' ? resolved.event.id : resolved.attributeId!,
            title: `Removed tag (${tag.id}) "${tag.name}" from ${resolved.kind} (${resolved.kind === 'event' ? resolved.event.id : resolved.attributeId})`,
          })
        }
        return done
      })
      if (!removed) throw new UserError('SLC_NOT_FOUND', 'Invalid tag or tag not attached.')
      return { saved: true, success: 'Tag removed.', check_publish: true }
    },
  }
}

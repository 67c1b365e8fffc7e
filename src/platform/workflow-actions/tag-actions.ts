/**
 * Tag attach and detach for workflow actions (spec/ENGINE.md §4.3 `tag_operation`, the tag
 * replacements, `assign_country`), through the platform's tag operations, so that attaching
 * fires `tag-attached-after-save` like any other attachment.
 */
import type { TagAttachment, TagDetachment, TagTarget } from '../../engine/index.ts'
import { hasErrorCode } from '../../errors.ts'
import {
  type Executor,
  findAttribute,
  findEvent,
  findTagByName,
  listAttributeTags,
  listEventTags,
  type TagLinkRecord,
  type TagRecord,
} from '../../store/index.ts'
import { parseId } from '../local-backend.ts'
import type { Actor, Platform } from '../types.ts'

/** What the tag actions need. */
export interface TagActionDeps {
  db: Executor
  tags: Platform['tags']
  actor: () => Actor
}

/** The UUID of the target and its tag links; null when the event or attribute is gone. */
async function resolveTarget(db: Executor, target: TagTarget) {
  if (target.kind === 'event') {
    const id = parseId(target.eventId)
    const event = id === null ? undefined : await findEvent(db, id)
    if (!event) return null
    return { uuid: event.uuid, links: (await listEventTags(db, event.id)) as TagLinkRecord[] }
  }
  const id = parseId(target.attributeId)
  const attribute = id === null ? undefined : await findAttribute(db, id)
  if (!attribute) return null
  return {
    uuid: attribute.uuid,
    links: (await listAttributeTags(db, { attributeId: attribute.id })) as TagLinkRecord[],
  }
}

function describe(target: TagTarget): string {
  return target.kind === 'event' ? `event ${target.eventId}` : `attribute ${target.attributeId}`
}

/** The tag named `name`, created through the platform when missing (MISP's `captureTag`). */
async function ensureTag(deps: TagActionDeps, name: string): Promise<TagRecord> {
  const existing = await findTagByName(deps.db, name)
  if (existing) return existing
  try {
    await deps.tags.add(deps.actor(), { Tag: { name } })
  } catch (error) {
    // Another run created it meanwhile: use that one.
    if (!hasErrorCode(error, 'SLC_VALIDATION')) throw error
  }
  const created = await findTagByName(deps.db, name)
  if (!created) throw new Error(`tag "${name}" could not be created`)
  return created
}

/** `attachTag` and `detachTag` of the DataBackend port. */
export function createTagActions(deps: TagActionDeps) {
  return {
    async attachTag(target: TagTarget, tag: TagAttachment): Promise<boolean> {
      const name = tag.name.trim()
      if (name === '') return false
      const resolved = await resolveTarget(deps.db, target)
      if (!resolved) throw new Error(`cannot tag ${describe(target)}: it does not exist`)
      const record = await ensureTag(deps, name)
      // By id: a tag whose name looks like a number must not be taken for an id.
      await deps.tags.attach(deps.actor(), {
        uuid: resolved.uuid,
        tag: String(record.id),
        local: tag.local,
        relationship_type: tag.relationshipType ?? '',
      })
      return true
    },

    async detachTag(target: TagTarget, tag: TagDetachment): Promise<boolean> {
      const record = await findTagByName(deps.db, tag.name.trim())
      if (!record) return true
      const resolved = await resolveTarget(deps.db, target)
      if (!resolved) throw new Error(`cannot untag ${describe(target)}: it does not exist`)
      const link = resolved.links.find((candidate) => candidate.id === record.id)
      if (!link) return true
      if (tag.local !== null && (link.link_local === 1) !== tag.local) return false
      await deps.tags.detach(deps.actor(), { uuid: resolved.uuid, tag: String(record.id) })
      return true
    },
  }
}

/**
 * Writing a planned `/events/edit` contents (event-contents-plan.ts) inside the edit's
 * transaction, with the audit rows the single operations write, and collecting the triggers the
 * single operations fire: `object-after-save` per saved object, `attribute-after-save` per saved
 * attribute (`add` / `edit` / `soft-delete`), `tag-attached-after-save` per new tag link
 * (spec/ENGINE.md §4.1.1). They fire after the event's own `event-after-save`, in the same
 * transaction, so their jobs commit with the edit (docs/queue.md).
 */
import {
  type EventRecord,
  type Executor,
  findTagByName,
  insertAttribute,
  insertObject,
  linkEventTag,
  refreshAttributeCount,
  unlinkAttributeTag,
  unlinkEventTag,
  updateAttribute,
  updateObject,
} from '../../store/index.ts'
import { fireAttributeAfterSave } from '../attributes/attribute-triggers.ts'
import { attributeValue } from '../misp-rows.ts'
import { softDeleteObjectRows } from '../objects/object-deletion.ts'
import { fireObjectAfterSave } from '../objects/object-service.ts'
import { auditLog, changeText, type PlatformContext } from '../platform-context.ts'
import { attachAttributeTags, ensureTag, fireTagAttached, type SavedTagLink } from '../tags/tag-links.ts'
import type { Actor } from '../types.ts'
import type { AttributeStep, EventContentsPlan, ObjectStep, TagChange } from './event-contents-plan.ts'

/** What one edit saved, for its triggers. */
interface Saved {
  objects: Array<{ id: number; action: 'add' | 'edit' }>
  attributes: Array<{ id: number; action: 'add' | 'edit' | 'soft-delete' }>
  links: SavedTagLink[]
}

/** The writing state one edit shares between its steps. */
interface Writer {
  ctx: PlatformContext
  trx: Executor
  actor: Actor
  event: EventRecord
  now: number
  saved: Saved
}

/** Detaches tags by name (MISP's `deleted` tag entries), with the tag service's audit row. */
async function detachTags(
  w: Writer,
  names: string[],
  target: { kind: 'event' } | { kind: 'attribute'; id: number },
): Promise<void> {
  for (const name of names) {
    const tag = await findTagByName(w.trx, name)
    if (!tag) continue
    const isEvent = target.kind === 'event'
    const removed = isEvent
      ? await unlinkEventTag(w.trx, w.event.id, tag.id)
      : await unlinkAttributeTag(w.trx, target.id, tag.id)
    if (!removed) continue
    const modelId = isEvent ? w.event.id : target.id
    await auditLog(w.ctx, w.trx, w.actor, {
      action: 'tag',
      model: isEvent ? 'Event' : 'Attribute',
      modelId,
      title: `Removed tag (${tag.id}) "${tag.name}" from ${target.kind} (${modelId})`,
    })
  }
}

async function writeEventTags(w: Writer, tags: TagChange): Promise<void> {
  for (const tag of tags.attach) {
    const record = await ensureTag(w.trx, tag.name, w.actor)
    if (!record) continue
    const link = await linkEventTag(w.trx, w.event.id, record.id, tag.local)
    if (link.created)
      w.saved.links.push({ kind: 'event', linkId: link.id, tag: record, eventId: w.event.id, local: tag.local })
  }
  await detachTags(w, tags.detach, { kind: 'event' })
}

/** One attribute step, of the event (`objectId` 0) or of an object. */
async function writeAttribute(w: Writer, step: AttributeStep, objectId: number): Promise<void> {
  const { trx, event, now } = w
  if (step.kind === 'add') {
    const { tags, ...columns } = step.input
    const id = await insertAttribute(trx, { ...columns, event_id: event.id, object_id: objectId, timestamp: now })
    await attachAttributeTags(trx, w.actor, { eventId: event.id, attributeId: id }, tags, w.saved.links)
    await auditLog(w.ctx, trx, w.actor, {
      action: 'add',
      model: 'Attribute',
      modelId: id,
      title: `Attribute (${id}) from Event (${event.id}): ${columns.type}/${columns.category} ${attributeValue({ ...columns } as never)}`,
    })
    w.saved.attributes.push({ id, action: 'add' })
    return
  }
  const { record } = step
  if (step.kind === 'soft-delete') {
    await updateAttribute(trx, record.id, { deleted: 1, timestamp: Math.max(now, record.timestamp) })
    await auditLog(w.ctx, trx, w.actor, {
      action: 'soft-delete',
      model: 'Attribute',
      modelId: record.id,
      title: `Attribute (${record.id}) from Event (${event.id})`,
    })
    w.saved.attributes.push({ id: record.id, action: 'soft-delete' })
    return
  }
  const links = { eventId: event.id, attributeId: record.id }
  await attachAttributeTags(trx, w.actor, links, step.tags.attach, w.saved.links)
  await detachTags(w, step.tags.detach, { kind: 'attribute', id: record.id })
  await updateAttribute(trx, record.id, { ...step.changes, timestamp: Math.max(now, record.timestamp) })
  await auditLog(w.ctx, trx, w.actor, {
    action: 'edit',
    model: 'Attribute',
    modelId: record.id,
    title: `Attribute (${record.id}) from Event (${event.id})`,
    change: changeText(record as unknown as Record<string, unknown>, step.changes),
  })
  w.saved.attributes.push({ id: record.id, action: 'edit' })
}

async function writeObject(w: Writer, step: ObjectStep): Promise<void> {
  const { trx, event, now } = w
  const audit = (action: string, id: number, name: string) =>
    auditLog(w.ctx, trx, w.actor, {
      action,
      model: 'Object',
      modelId: id,
      title: `Object (${id}) from Event (${event.id}): ${name}`,
    })
  if (step.kind === 'add') {
    const id = await insertObject(trx, { ...step.input, event_id: event.id, timestamp: now })
    await audit('add', id, `${step.input.meta_category}/${step.input.name}`)
    w.saved.objects.push({ id, action: 'add' })
    for (const input of step.attributes) await writeAttribute(w, { kind: 'add', input }, id)
    return
  }
  const { record } = step
  if (step.kind === 'soft-delete') {
    // As /objects/delete does: the object and its attributes are flagged deleted.
    const ids = await softDeleteObjectRows(w.ctx, trx, w.actor, { object: record, event }, now)
    w.saved.objects.push({ id: record.id, action: 'edit' })
    for (const id of ids) w.saved.attributes.push({ id, action: 'soft-delete' })
    return
  }
  await updateObject(trx, record.id, { ...step.changes, timestamp: Math.max(now, record.timestamp) })
  await audit('edit', record.id, `${record.meta_category}/${record.name}`)
  w.saved.objects.push({ id: record.id, action: 'edit' })
  for (const attribute of step.attributes) await writeAttribute(w, attribute, record.id)
}

/**
 * Writes `plan` for `event` in `trx` and answers the function that fires its triggers, to be
 * called after the event's own `event-after-save`, still in `trx`.
 */
export async function writeEventContents(
  ctx: PlatformContext,
  trx: Executor,
  actor: Actor,
  event: EventRecord,
  plan: EventContentsPlan,
  now: number,
): Promise<() => Promise<void>> {
  const w: Writer = { ctx, trx, actor, event, now, saved: { objects: [], attributes: [], links: [] } }
  await writeEventTags(w, plan.tags)
  for (const step of plan.attributes) await writeAttribute(w, step, 0)
  for (const step of plan.objects) await writeObject(w, step)
  await refreshAttributeCount(trx, event.id)
  return async () => {
    const { objects, attributes, links } = w.saved
    for (const object of objects) await fireObjectAfterSave(ctx, object.id, object.action, actor.chain, trx)
    for (const attribute of attributes)
      await fireAttributeAfterSave(ctx, attribute.id, attribute.action, actor.chain, trx)
    for (const link of links) await fireTagAttached(ctx, link, actor.chain, trx)
  }
}

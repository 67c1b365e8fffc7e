/**
 * Planning an `/events/edit` with nested contents, as MISP's `Event::_edit` takes them: the
 * event's `Tag` list, its `Attribute` list and its `Object` list (each object with its own
 * `Attribute` list). Everything is checked and matched here, before `event-before-save` fires and
 * before anything is written, so a bad entry or a veto leaves the store as it was.
 *
 *   Attribute / Object entry ──▶ uuid (or id) of one of this event's rows? ──▶ timestamp not newer: skipped
 *                            │                                                 `deleted` set: soft-delete
 *                            │                                                 else: edit (saved, changed columns written)
 *                            └─▶ unknown ──▶ add (a uuid another event holds is refused)
 *   Tag entry ──▶ attach, or detach when `deleted` is set
 *
 * Unlike `/objects/edit` (deltaMerge), rows the request does not name stay as they are.
 */
import { ValidationError } from '../../errors.ts'
import { categoriesForType, isMap } from '../../format/index.ts'
import {
  type AttributeRecord,
  type EventRecord,
  type Executor,
  findAttribute,
  findAttributeByUuid,
  findObject,
  findObjectByUuid,
  type ObjectRecord,
} from '../../store/index.ts'
import { type AttributeInput, checkAttributeInput, flag, tagInputs } from '../attributes/attribute-input.ts'
import { parseId } from '../local-backend.ts'
import { attributeValue } from '../misp-rows.ts'
import {
  checkObjectAttributes,
  checkObjectInput,
  type ObjectAttributeInput,
  type ObjectInput,
  objectChanges,
} from '../objects/object-input.ts'
import { requireUsableSharingGroups } from '../sharing-groups/sharing-group-access.ts'
import type { Actor, MispJson } from '../types.ts'

/** Tags to attach and tag names to detach. */
export interface TagChange {
  attach: Array<{ name: string; local: boolean }>
  detach: string[]
}

/** One planned attribute save. */
export type AttributeStep =
  | { kind: 'add'; input: AttributeInput & { object_relation?: string } }
  | { kind: 'edit'; record: AttributeRecord; changes: Record<string, unknown>; tags: TagChange }
  | { kind: 'soft-delete'; record: AttributeRecord }

/** One planned object save. */
export type ObjectStep =
  | { kind: 'add'; input: ObjectInput; attributes: ObjectAttributeInput[] }
  | { kind: 'edit'; record: ObjectRecord; changes: Record<string, unknown>; attributes: AttributeStep[] }
  | { kind: 'soft-delete'; record: ObjectRecord }

/** What an edit does to the event's contents. */
export interface EventContentsPlan {
  tags: TagChange
  attributes: AttributeStep[]
  objects: ObjectStep[]
}

/** MISP's texts for rows that belong elsewhere. */
export const CONTENT_MESSAGES = {
  attributeElsewhere: 'An attribute with this uuid already exists in another event.',
  objectElsewhere: 'An object with this uuid already exists in another event.',
  attributeTwice: 'This attribute appears more than once in the request.',
  objectTwice: 'This object appears more than once in the request.',
  notInObject: 'This attribute belongs to another object.',
} as const

/** The columns an attribute edit compares. */
const ATTRIBUTE_COLUMNS = [
  'type',
  'category',
  'value1',
  'value2',
  'to_ids',
  'distribution',
  'sharing_group_id',
  'comment',
  'disable_correlation',
  'first_seen',
  'last_seen',
] as const

function list(model: string, field: string, value: unknown): unknown[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw new ValidationError(model, field, `${field} must be a list`)
  return value
}

/** A `Tag` list split into attachments and detachments (`deleted: true`, MISP's handleEventTag). */
export function tagChange(model: string, value: unknown): TagChange {
  const inputs = tagInputs(model, value)
  const entries = list(model, 'Tag', value)
  const change: TagChange = { attach: [], detach: [] }
  inputs.forEach((tag, index) => {
    const entry = entries[index]
    if (isMap(entry) && flag(entry.deleted)) change.detach.push(tag.name)
    else change.attach.push(tag)
  })
  return change
}

/** The row an entry names: by uuid first, else by numeric id. */
async function findNamed<Row>(
  entry: MispJson,
  byUuid: (uuid: string) => Promise<Row | undefined>,
  byId: (id: number) => Promise<Row | undefined>,
): Promise<Row | undefined> {
  if (typeof entry.uuid === 'string' && entry.uuid !== '') return byUuid(entry.uuid.toLowerCase())
  const id = entry.id === undefined || entry.id === null ? null : parseId(String(entry.id))
  return id === null ? undefined : byId(id)
}

/** The changed columns of `record` when `entry` is merged onto it (unsent fields keep their value). */
function attributeDelta(record: AttributeRecord, entry: MispJson): Record<string, unknown> {
  const type = entry.type ?? record.type
  const keep = (field: string, current: unknown) => (entry[field] === undefined ? current : entry[field])
  const checked = checkAttributeInput({
    uuid: record.uuid,
    type,
    category: entry.category ?? (categoriesForType(type).includes(record.category) ? record.category : undefined),
    value: entry.value ?? attributeValue(record),
    to_ids: keep('to_ids', record.to_ids),
    distribution: keep('distribution', record.distribution),
    // A distribution-4 edit keeps the attribute's group unless it names another.
    sharing_group_id: keep('sharing_group_id', record.sharing_group_id),
    comment: keep('comment', record.comment),
    disable_correlation: keep('disable_correlation', record.disable_correlation),
    first_seen: keep('first_seen', record.first_seen),
    last_seen: keep('last_seen', record.last_seen),
  })
  const changes: Record<string, unknown> = {}
  for (const column of ATTRIBUTE_COLUMNS) if (checked[column] !== record[column]) changes[column] = checked[column]
  if (entry.deleted !== undefined && !flag(entry.deleted) && record.deleted === 1) changes.deleted = 0
  return changes
}

/** Plans one attribute entry of the event (`objectId` null) or of object `objectId`; null: nothing to do. */
async function planAttribute(
  db: Executor,
  event: EventRecord,
  entry: unknown,
  seen: Set<string>,
  objectId: number | null,
): Promise<AttributeStep | null> {
  if (!isMap(entry)) throw new ValidationError('Attribute', 'Attribute', 'Each attribute must be a JSON object')
  const record = await findNamed(
    entry,
    (uuid) => findAttributeByUuid(db, uuid),
    (id) => findAttribute(db, id),
  )
  if (record && record.event_id !== event.id)
    throw new ValidationError('Attribute', 'uuid', CONTENT_MESSAGES.attributeElsewhere)
  if (record && objectId !== null && record.object_id !== objectId)
    throw new ValidationError('Attribute', 'uuid', CONTENT_MESSAGES.notInObject)
  const isDeleted = flag(entry.deleted)
  if (!record) {
    // A new attribute sent already deleted would be stored only to be hidden: nothing to do.
    if (isDeleted) return null
    const input =
      objectId === null
        ? checkAttributeInput(entry)
        : checkObjectAttributes([entry], { first_seen: null, last_seen: null })[0]
    remember(seen, input.uuid, CONTENT_MESSAGES.attributeTwice)
    return { kind: 'add', input }
  }
  remember(seen, record.uuid, CONTENT_MESSAGES.attributeTwice)
  if (isStale('Attribute', entry, record)) return null
  if (isDeleted) return record.deleted === 1 ? null : { kind: 'soft-delete', record }
  const changes = attributeDelta(record, entry)
  if (objectId !== null && typeof entry.object_relation === 'string' && entry.object_relation.trim() !== '') {
    if (entry.object_relation.trim() !== record.object_relation) changes.object_relation = entry.object_relation.trim()
  }
  // Saved even when nothing differs, as MISP's editAttribute saves every attribute it is sent.
  return { kind: 'edit', record, changes, tags: tagChange('Attribute', entry.Tag) }
}

/**
 * MISP quirk kept: an entry carrying a `timestamp` no newer than the stored row's is skipped
 * whole (editAttribute / editObject), so a client sending back an event it fetched saves only
 * what it touched (PyMISP drops the timestamp of what it edited).
 */
function isStale(model: string, entry: MispJson, record: { timestamp: number }): boolean {
  const value = entry.timestamp
  if (value === undefined || value === null || value === '') return false
  if (!/^[0-9]+$/.test(String(value))) throw new ValidationError(model, 'timestamp', 'Expected a Unix timestamp')
  return Number(value) <= record.timestamp
}

function remember(seen: Set<string>, uuid: string, message: string): void {
  if (seen.has(uuid)) throw new ValidationError('Attribute', 'uuid', message)
  seen.add(uuid)
}

/** Plans one object entry (`{...object, Attribute: [...]}` or `{Object: {...}}`); null: nothing to do. */
async function planObject(
  db: Executor,
  event: EventRecord,
  raw: unknown,
  seen: { attributes: Set<string>; objects: Set<string> },
): Promise<ObjectStep | null> {
  if (!isMap(raw)) throw new ValidationError('Object', 'Object', 'Each object must be a JSON object')
  const entry = isMap(raw.Object) ? raw.Object : raw
  const submitted = entry.Attribute ?? raw.Attribute
  const record = await findNamed(
    entry,
    (uuid) => findObjectByUuid(db, uuid),
    (id) => findObject(db, id),
  )
  if (record && record.event_id !== event.id)
    throw new ValidationError('Object', 'uuid', CONTENT_MESSAGES.objectElsewhere)
  if (!record) {
    if (flag(entry.deleted)) return null
    const input = checkObjectInput(entry)
    if (seen.objects.has(input.uuid)) throw new ValidationError('Object', 'uuid', CONTENT_MESSAGES.objectTwice)
    seen.objects.add(input.uuid)
    const attributes = checkObjectAttributes(submitted, input)
    for (const attribute of attributes) {
      if (await findAttributeByUuid(db, attribute.uuid))
        throw new ValidationError('Attribute', 'uuid', CONTENT_MESSAGES.attributeElsewhere)
      remember(seen.attributes, attribute.uuid, CONTENT_MESSAGES.attributeTwice)
    }
    return { kind: 'add', input, attributes }
  }
  if (seen.objects.has(record.uuid)) throw new ValidationError('Object', 'uuid', CONTENT_MESSAGES.objectTwice)
  seen.objects.add(record.uuid)
  if (isStale('Object', entry, record)) return null
  if (flag(entry.deleted)) {
    return record.deleted === 1 ? null : { kind: 'soft-delete', record }
  }
  const { changes } = objectChanges(record, entry)
  // A client sending the whole event back resends unchanged fields: only differences are saved.
  for (const [column, value] of Object.entries(changes))
    if (record[column as keyof ObjectRecord] === value) delete changes[column]
  if (entry.deleted !== undefined && record.deleted === 1) changes.deleted = 0
  const attributes: AttributeStep[] = []
  for (const attribute of list('Object', 'Attribute', submitted)) {
    const step = await planAttribute(db, event, attribute, seen.attributes, record.id)
    if (step) attributes.push(step)
  }
  return { kind: 'edit', record, changes, attributes }
}

/** The sharing groups the plan's saves name (0 when none), by model, for the usability check. */
function namedGroups(plan: EventContentsPlan): { Attribute: number[]; Object: number[] } {
  const groups = { Attribute: [] as number[], Object: [] as number[] }
  const ofAttribute = (step: AttributeStep) => {
    if (step.kind === 'add') groups.Attribute.push(step.input.sharing_group_id)
    else if (step.kind === 'edit' && typeof step.changes.sharing_group_id === 'number')
      groups.Attribute.push(step.changes.sharing_group_id)
  }
  plan.attributes.forEach(ofAttribute)
  for (const step of plan.objects) {
    if (step.kind === 'add') {
      groups.Object.push(step.input.sharing_group_id)
      groups.Attribute.push(...step.attributes.map((attribute) => attribute.sharing_group_id))
    } else if (step.kind === 'edit') {
      if (typeof step.changes.sharing_group_id === 'number') groups.Object.push(step.changes.sharing_group_id)
      step.attributes.forEach(ofAttribute)
    }
  }
  return groups
}

/**
 * Checks and matches the nested contents of `actor`'s edit of `event`; null when the request
 * names no `Tag`, `Attribute` or `Object` list. Throws a ValidationError naming the field on the
 * first bad entry, or on a sharing group the actor may not use.
 */
export async function planEventContents(
  db: Executor,
  actor: Actor,
  event: EventRecord,
  input: MispJson,
): Promise<EventContentsPlan | null> {
  if (input.Tag === undefined && input.Attribute === undefined && input.Object === undefined) return null
  const seen = { attributes: new Set<string>(), objects: new Set<string>() }
  const plan: EventContentsPlan = { tags: tagChange('Event', input.Tag), attributes: [], objects: [] }
  for (const entry of list('Event', 'Attribute', input.Attribute)) {
    const step = await planAttribute(db, event, entry, seen.attributes, null)
    if (step) plan.attributes.push(step)
  }
  for (const entry of list('Event', 'Object', input.Object)) {
    const step = await planObject(db, event, entry, seen)
    if (step) plan.objects.push(step)
  }
  const groups = namedGroups(plan)
  await requireUsableSharingGroups(db, actor, 'Attribute', groups.Attribute)
  await requireUsableSharingGroups(db, actor, 'Object', groups.Object)
  return plan
}

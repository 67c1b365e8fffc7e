/**
 * What a misp_standard enrichment answer adds besides plain attributes: its objects and their
 * references, saved as MISP's event enrichment saves them (spec/ENGINE.md §4.3 `enrich-event`;
 * MISP's `Event::processModuleResultsData`):
 *
 *   results.Object[i] ─▶ read + check ─▶ in the event already? ─┬─ yes ─▶ not added; its uuid stands in for the answer's
 *                                                               └─ no ──▶ objects.add ─▶ its attributes are counted
 *   then each object's ObjectReference ─▶ objectReferences.add (to a new object, or to anything
 *   of the event named by uuid, the enriched attribute included)
 *
 * Answers come from outside, so they are read item by item: an object without a name or an
 * attribute list, or an attribute without relation, type or value, or one describeTypes refuses,
 * is dropped alone and the rest is still saved.
 */
import { isMap } from '../../format/index.ts'
import { checkObjectAttributes } from '../objects/object-input.ts'
import type { Actor, MispJson, Platform } from '../types.ts'

/** A reference an answer asks for, from the object it is listed under. */
interface AnswerReference {
  referenced_uuid: string
  relationship_type: string
  comment?: string
}

/** One checked object of an answer: the body for `objects.add`, and its references. */
export interface AnswerObject {
  body: MispJson
  references: AnswerReference[]
}

/** An object of the event as saving sees it, to recognise an answer that repeats it. */
export interface KnownObject {
  uuid: string
  name: string
  /** Its attributes as `relation, type, value` keys. */
  triples: Set<string>
  /** Its references as `referenced uuid, relationship` keys. */
  references: Set<string>
}

/** The platform operations the objects of an answer go through. */
export interface AnswerObjectDeps {
  objects: Pick<Platform['objects'], 'add'>
  objectReferences: Pick<Platform['objectReferences'], 'add'>
}

/** The object fields an answer may set; ids, event ids and timestamps are the platform's. */
const OBJECT_FIELDS = [
  'uuid',
  'meta-category',
  'description',
  'template_uuid',
  'template_version',
  'distribution',
  'sharing_group_id',
  'comment',
  'first_seen',
  'last_seen',
] as const

/** The attribute fields an answer may set besides type, value and relation. */
const ATTRIBUTE_FIELDS = [
  'uuid',
  'category',
  'to_ids',
  'distribution',
  'sharing_group_id',
  'comment',
  'disable_correlation',
  'first_seen',
  'last_seen',
] as const

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
}

function copyFields(from: MispJson, to: MispJson, fields: readonly string[]): void {
  for (const field of fields) if (from[field] !== undefined && from[field] !== null) to[field] = from[field]
}

/**
 * An answer's `Tag` list reduced to what the attribute and object services take (`{name, local}`
 * with a name), so that one odd tag does not cost the attribute it sits on.
 */
function answerTags(value: unknown): MispJson[] {
  if (!Array.isArray(value)) return []
  return value.flatMap((tag) => {
    const name = typeof tag === 'string' ? tag : isMap(tag) ? tag.name : undefined
    if (typeof name !== 'string' || name.trim() === '') return []
    const local = isMap(tag) && (tag.local === true || tag.local === 1 || tag.local === '1')
    return [{ name: name.trim(), local }]
  })
}

/**
 * One misp_standard attribute as the body of a new attribute, or null without a type or a plain
 * value. An empty comment becomes `defaultComment`, as MISP fills it.
 */
export function answerAttribute(raw: unknown, defaultComment?: string): MispJson | null {
  if (!isMap(raw) || typeof raw.type !== 'string' || !isScalar(raw.value)) return null
  const attribute: MispJson = { type: raw.type, value: String(raw.value) }
  copyFields(raw, attribute, ATTRIBUTE_FIELDS)
  if (defaultComment !== undefined && (typeof attribute.comment !== 'string' || attribute.comment === ''))
    attribute.comment = defaultComment
  const tags = answerTags(raw.Tag)
  if (tags.length > 0) attribute.Tag = tags
  return attribute
}

/**
 * Whether the object service takes this attribute. Each is checked alone: MISP saves an object's
 * attributes one by one, so one it refuses costs only itself.
 */
function isSavable(attribute: MispJson): boolean {
  try {
    checkObjectAttributes([attribute], { first_seen: null, last_seen: null })
    return true
  } catch {
    return false
  }
}

function answerReferences(value: unknown): AnswerReference[] {
  if (!Array.isArray(value)) return []
  return value.flatMap((raw) => {
    if (!isMap(raw) || typeof raw.referenced_uuid !== 'string' || typeof raw.relationship_type !== 'string') return []
    const reference: AnswerReference = {
      referenced_uuid: raw.referenced_uuid.trim().toLowerCase(),
      relationship_type: raw.relationship_type,
    }
    if (typeof raw.comment === 'string') reference.comment = raw.comment
    return [reference]
  })
}

/** One object of an answer, checked; null when it has no name or no attribute the service takes. */
function answerObject(raw: unknown, defaultComment?: string): AnswerObject | null {
  if (!isMap(raw) || typeof raw.name !== 'string' || raw.name.trim() === '' || !Array.isArray(raw.Attribute))
    return null
  const attributes = raw.Attribute.flatMap((item: unknown) => {
    const attribute = answerAttribute(item, defaultComment)
    if (!attribute || typeof (item as MispJson).object_relation !== 'string') return []
    attribute.object_relation = (item as MispJson).object_relation
    return isSavable(attribute) ? [attribute] : []
  })
  if (attributes.length === 0) return null
  const body: MispJson = { name: raw.name }
  copyFields(raw, body, OBJECT_FIELDS)
  // MISP accepts the underscore spelling too (processModuleResultsData renames it).
  if (body['meta-category'] === undefined && typeof raw.meta_category === 'string')
    body['meta-category'] = raw.meta_category
  if (defaultComment !== undefined && (typeof body.comment !== 'string' || body.comment === ''))
    body.comment = defaultComment
  body.Attribute = attributes
  return { body, references: answerReferences(raw.ObjectReference) }
}

/** The objects of a misp_standard answer (`results.Object`), each checked; none for the old format. */
export function objectsFromAnswer(answer: unknown, defaultComment?: string): AnswerObject[] {
  const results = isMap(answer) ? answer.results : undefined
  if (!isMap(results) || !Array.isArray(results.Object)) return []
  return results.Object.flatMap((raw: unknown) => {
    const object = answerObject(raw, defaultComment)
    return object ? [object] : []
  })
}

function triple(attribute: MispJson): string {
  return `${attribute.object_relation}\u0000${attribute.type}\u0000${String(attribute.value)}`
}

function referenceKey(referencedUuid: string, relationship: string): string {
  return `${referencedUuid}\u0000${relationship}`
}

function knownObject(object: MispJson): KnownObject {
  const attributes = Array.isArray(object.Attribute) ? (object.Attribute as MispJson[]) : []
  const references = Array.isArray(object.ObjectReference) ? (object.ObjectReference as MispJson[]) : []
  return {
    uuid: String(object.uuid),
    name: String(object.name),
    triples: new Set(attributes.map(triple)),
    references: new Set(
      references.map((row) => referenceKey(String(row.referenced_uuid), String(row.relationship_type))),
    ),
  }
}

/** The live objects of a fetched event (`fetchFullEvent`), to recognise the ones an answer repeats. */
export function knownObjects(event: MispJson): KnownObject[] {
  return Array.isArray(event.Object) ? (event.Object as MispJson[]).map(knownObject) : []
}

/**
 * Saves an answer's objects into event `eventId` as `actor`, then the references they list, and
 * answers how many attributes the new objects hold (MISP counts attributes, not objects). An
 * object whose attributes an object of the event with its name already holds is not added again
 * (MISP's `__findCurrentObjectId`, which ignores the name; docs/differences-from-misp.md); one
 * the service refuses (a uuid taken, a sharing group the workflow
 * user may not use) is skipped. `known` grows with each new object, so later answers see it.
 */
export async function saveAnswerObjects(
  deps: AnswerObjectDeps,
  actor: Actor,
  eventId: string,
  objects: AnswerObject[],
  known: KnownObject[],
): Promise<number> {
  let added = 0
  const saved: Array<{ object: KnownObject; references: AnswerReference[] }> = []
  // The answer's uuids → the stored ones, so that references between answered objects land.
  const stored = new Map<string, string>()
  for (const { body, references } of objects) {
    const attributes = body.Attribute as MispJson[]
    const answeredUuid = typeof body.uuid === 'string' ? body.uuid.toLowerCase() : undefined
    let object = known.find(
      (candidate) =>
        candidate.name === body.name && attributes.every((attribute) => candidate.triples.has(triple(attribute))),
    )
    if (!object) {
      let view: MispJson
      try {
        view = (await deps.objects.add(actor, eventId, body)).Object
      } catch {
        continue
      }
      object = knownObject(view)
      known.push(object)
      added += Array.isArray(view.Attribute) ? view.Attribute.length : 0
    }
    if (answeredUuid !== undefined) stored.set(answeredUuid, object.uuid)
    saved.push({ object, references })
  }
  for (const { object, references } of saved) await addReferences(deps, actor, object, references, stored)
  return added
}

/** Adds the references of one saved object; a target outside the event or one already there is skipped, as MISP. */
async function addReferences(
  deps: AnswerObjectDeps,
  actor: Actor,
  object: KnownObject,
  references: AnswerReference[],
  stored: Map<string, string>,
): Promise<void> {
  for (const reference of references) {
    const target = stored.get(reference.referenced_uuid) ?? reference.referenced_uuid
    const key = referenceKey(target, reference.relationship_type)
    if (object.references.has(key)) continue
    try {
      await deps.objectReferences.add(actor, object.uuid, {
        referenced_uuid: target,
        relationship_type: reference.relationship_type,
        ...(reference.comment !== undefined ? { comment: reference.comment } : {}),
      })
      object.references.add(key)
    } catch {
      // MISP's getReferencedInfo finds nothing: the reference is left out.
    }
  }
}

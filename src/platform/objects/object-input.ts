/**
 * Checking a submitted MISP object (`/objects/add`, `/objects/edit`): the object fields MISP's
 * `MispObject` validation requires, and each attribute through describeTypes with its
 * `object_relation` (spec/CORE-FORMAT.md §5.3, §9). Every problem names its field.
 */
import { ValidationError } from '../../errors.ts'
import { type AttributeInput, checkAttributeInput, intField, uuidField } from '../attributes/attribute-input.ts'
import type { ObjectRecord } from '../../store/index.ts'
import { sharingGroupInput } from '../sharing-groups/sharing-group-access.ts'
import type { MispJson } from '../types.ts'

/** MISP's texts (MispObject / ObjectsController). */
export const OBJECT_MESSAGES = {
  blank: 'This field cannot be left blank',
  noAttributes: 'Could not save the object as no attributes were set.',
  uuid: 'Please provide a valid RFC 4122 UUID',
  notUnique: 'The UUID provided is not unique',
  version: 'Please provide a natural number',
  distribution:
    'Options: Your organisation only, This community only, Connected communities, All communities, Sharing group, Inherit event',
} as const

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The checked columns of a new object (no event id yet). */
export interface ObjectInput {
  uuid: string
  name: string
  meta_category: string
  description: string
  template_uuid: string
  template_version: number
  distribution: number
  /** The group of distribution 4, else 0; whether the actor may use it is checked by the service. */
  sharing_group_id: number
  comment: string
  first_seen: string | null
  last_seen: string | null
}

/** An object attribute: the checked attribute plus its relation inside the object. */
export type ObjectAttributeInput = AttributeInput & { object_relation: string }

/** `{Object: {..., Attribute}}`, `{Object, Attribute}` or the bare object → the object and its attribute list. */
export function splitObjectBody(body: MispJson): { object: MispJson; attributes: unknown } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError('Object', 'Object', 'The body must be a JSON object')
  }
  const object =
    typeof body.Object === 'object' && body.Object !== null && !Array.isArray(body.Object) ? body.Object : body
  return { object, attributes: body.Attribute ?? object.Attribute }
}

function text(field: string, value: unknown, required: boolean): string {
  if (value === undefined || value === null) {
    if (required) throw new ValidationError('Object', field, OBJECT_MESSAGES.blank)
    return ''
  }
  if (typeof value !== 'string') throw new ValidationError('Object', field, 'Must be a string')
  if (required && value.trim() === '') throw new ValidationError('Object', field, OBJECT_MESSAGES.blank)
  return value
}

/** A `first_seen` / `last_seen` value: null, or a date MISP can parse. */
export function seenField(model: string, field: string, value: unknown): string | null | undefined {
  if (value === undefined) return undefined
  if (value === null || value === '') return null
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
    throw new ValidationError(model, field, 'Invalid ISO 8601 format')
  return value
}

/** A template version: a natural number, 1 when missing (MispObject::beforeValidate). */
function templateVersion(value: unknown): number {
  if (value === undefined || value === null || value === '' || value === 0 || value === '0') return 1
  return intField('Object', 'template_version', value, 1, 2147483647, 1, OBJECT_MESSAGES.version)
}

/** Checks the object fields of an add. */
export function checkObjectInput(object: MispJson): ObjectInput {
  const templateUuid = object.template_uuid ?? ''
  if (templateUuid !== '' && (typeof templateUuid !== 'string' || !UUID.test(templateUuid)))
    throw new ValidationError('Object', 'template_uuid', OBJECT_MESSAGES.uuid)
  const distribution = intField('Object', 'distribution', object.distribution, 0, 5, 5, OBJECT_MESSAGES.distribution)
  return {
    uuid: uuidField('Object', object.uuid),
    name: text('name', object.name, true),
    meta_category: text('meta-category', object['meta-category'], true),
    description: text('description', object.description, false),
    template_uuid: String(templateUuid).toLowerCase(),
    template_version: templateVersion(object.template_version),
    distribution,
    sharing_group_id: sharingGroupInput('Object', distribution, object.sharing_group_id),
    comment: text('comment', object.comment, false),
    first_seen: seenField('Object', 'first_seen', object.first_seen) ?? null,
    last_seen: seenField('Object', 'last_seen', object.last_seen) ?? null,
  }
}

/**
 * Checks an object's attribute list: a non-empty list, each attribute valid for describeTypes
 * with a non-empty `object_relation`; the object's first/last seen fill the attributes' gaps
 * (MispObject::saveObject).
 */
export function checkObjectAttributes(
  attributes: unknown,
  seen: { first_seen: string | null; last_seen: string | null },
  allowEmpty = false,
): ObjectAttributeInput[] {
  if (attributes === undefined || attributes === null || (Array.isArray(attributes) && attributes.length === 0)) {
    if (allowEmpty) return []
    throw new ValidationError('Object', 'Attribute', OBJECT_MESSAGES.noAttributes)
  }
  if (!Array.isArray(attributes)) throw new ValidationError('Object', 'Attribute', 'Attributes must be a list')
  return attributes.map((attribute) => {
    if (typeof attribute !== 'object' || attribute === null || Array.isArray(attribute))
      throw new ValidationError('Object', 'Attribute', 'Each attribute must be a JSON object')
    const relation = attribute.object_relation
    if (typeof relation !== 'string' || relation.trim() === '')
      throw new ValidationError('Attribute', 'object_relation', OBJECT_MESSAGES.blank)
    const checked = checkAttributeInput(attribute as MispJson)
    return {
      ...checked,
      object_relation: relation.trim(),
      first_seen: checked.first_seen ?? seen.first_seen,
      last_seen: checked.last_seen ?? seen.last_seen,
    }
  })
}

/** The object columns an edit changes (MispObject::deltaMerge), and the first/last seen after it. */
export function objectChanges(object: ObjectRecord, submitted: MispJson) {
  const changes: Record<string, unknown> = {}
  if (submitted.comment !== undefined) {
    if (typeof submitted.comment !== 'string') throw new ValidationError('Object', 'comment', 'Must be a string')
    changes.comment = submitted.comment
  }
  // Distribution 4 keeps the object's group unless another is named; any other level clears it.
  const keptGroup = submitted.sharing_group_id ?? (object.sharing_group_id > 0 ? object.sharing_group_id : undefined)
  const checked = checkObjectInput({
    ...submitted,
    distribution:
      submitted.distribution ?? (submitted.sharing_group_id !== undefined ? object.distribution : undefined),
    sharing_group_id: keptGroup,
    name: 'x',
    'meta-category': 'x',
    uuid: undefined,
  })
  if (submitted.distribution !== undefined) changes.distribution = checked.distribution
  if (
    (submitted.distribution !== undefined || submitted.sharing_group_id !== undefined) &&
    checked.sharing_group_id !== object.sharing_group_id
  )
    changes.sharing_group_id = checked.sharing_group_id
  if (submitted.template_version !== undefined) changes.template_version = checked.template_version
  const firstSeen = seenField('Object', 'first_seen', submitted.first_seen)
  const lastSeen = seenField('Object', 'last_seen', submitted.last_seen)
  if (firstSeen !== undefined) changes.first_seen = firstSeen
  if (lastSeen !== undefined) changes.last_seen = lastSeen
  const seen = {
    first_seen: firstSeen === undefined ? object.first_seen : firstSeen,
    last_seen: lastSeen === undefined ? object.last_seen : lastSeen,
  }
  return { changes, seen }
}

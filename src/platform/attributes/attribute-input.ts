/**
 * Checking a submitted attribute against describeTypes (spec/CORE-FORMAT.md §5.2, §9) and turning
 * it into a row: unknown type → error on `type`, a category the type does not allow → error on
 * `category`, a value that does not fit → error on `value`; category and IDS flag defaulted.
 */
import { randomUUID } from 'node:crypto'
import { ValidationError } from '../../errors.ts'
import {
  categoriesForType,
  defaultCategory,
  defaultToIds,
  isCompositeType,
  isKnownType,
  validateAttributeValue,
} from '../../format/index.ts'
import { sharingGroupInput } from '../sharing-groups/sharing-group-access.ts'
import type { MispJson } from '../types.ts'

/** The checked columns of a new attribute (no event id yet). */
export interface AttributeInput {
  uuid: string
  type: string
  category: string
  value1: string
  value2: string
  to_ids: number
  distribution: number
  /** The group of distribution 4, else 0; whether the actor may use it is checked by the service. */
  sharing_group_id: number
  comment: string
  disable_correlation: number
  first_seen: string | null
  last_seen: string | null
  /** Tag names submitted under `Tag` (`[{name}]`), with their `local` flag. */
  tags: Array<{ name: string; local: boolean }>
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** PHP-ish truthiness of a submitted flag. */
export function flag(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true'
}

/** A submitted small integer within `[min, max]`, or the default; ValidationError otherwise. */
export function intField(
  model: string,
  field: string,
  value: unknown,
  min: number,
  max: number,
  fallback: number,
  message: string,
): number {
  if (value === undefined || value === null || value === '') return fallback
  const number = typeof value === 'number' ? value : /^-?[0-9]+$/.test(String(value)) ? Number(value) : Number.NaN
  if (!Number.isInteger(number) || number < min || number > max) throw new ValidationError(model, field, message)
  return number
}

/** A submitted UUID, or a new one. */
export function uuidField(model: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return randomUUID()
  if (typeof value !== 'string' || !UUID.test(value))
    throw new ValidationError(model, 'uuid', 'Please provide a valid RFC 4122 UUID')
  return value.toLowerCase()
}

/** The longest tag name a record may name (MISP's `tags.name` is a varchar(255)). */
export const TAG_NAME_MAX_LENGTH = 255

/**
 * A submitted tag name, trimmed; throws a ValidationError naming `Tag.name` when it is not text,
 * is empty, or is longer than MISP's column (PostgreSQL's index on the name refuses long ones).
 */
export function tagName(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new ValidationError('Tag', 'name', 'Name cannot be empty.')
  const name = value.trim()
  if (name.length > TAG_NAME_MAX_LENGTH)
    throw new ValidationError('Tag', 'name', `Name must be at most ${TAG_NAME_MAX_LENGTH} characters.`)
  return name
}

/** Submitted tags: `Tag: [{name, local?}]` or `Tag: [name…]`. */
export function tagInputs(model: string, value: unknown): Array<{ name: string; local: boolean }> {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw new ValidationError(model, 'Tag', 'Tags must be a list')
  return value.map((tag) => {
    const name =
      typeof tag === 'string' ? tag : typeof tag === 'object' && tag !== null ? (tag as MispJson).name : undefined
    return { name: tagName(name), local: typeof tag === 'object' && tag !== null && flag((tag as MispJson).local) }
  })
}

/** Checks one submitted attribute (`{Attribute: {...}}` or bare). */
export function checkAttributeInput(body: MispJson): AttributeInput {
  // An entry of an imported event's list arrives as sent: null or a scalar is no attribute.
  if (typeof body !== 'object' || body === null)
    throw new ValidationError('Attribute', 'Attribute', 'An attribute must be an object.')
  const attribute =
    typeof body.Attribute === 'object' && body.Attribute !== null && !Array.isArray(body.Attribute)
      ? body.Attribute
      : body
  const type = attribute.type
  if (typeof type !== 'string' || type === '') throw new ValidationError('Attribute', 'type', 'Type cannot be empty.')
  if (!isKnownType(type)) throw new ValidationError('Attribute', 'type', 'Options depend on the selected category.')
  let category = attribute.category
  if (category === undefined || category === null || category === '') category = defaultCategory(type)
  if (typeof category !== 'string' || !categoriesForType(type).includes(category)) {
    throw new ValidationError('Attribute', 'category', `Options: ${categoriesForType(type).join(', ')}`)
  }
  const problem = validateAttributeValue(type, attribute.value)
  if (problem !== null) throw new ValidationError('Attribute', 'value', problem)
  const value = String(attribute.value).trim()
  let value1 = value
  let value2 = ''
  if (isCompositeType(type)) {
    const cut = value.indexOf('|')
    if (cut >= 0) {
      value1 = value.slice(0, cut)
      value2 = value.slice(cut + 1)
    }
  }
  const comment = attribute.comment ?? ''
  if (typeof comment !== 'string') throw new ValidationError('Attribute', 'comment', 'The comment must be a string')
  const distribution = intField(
    'Attribute',
    'distribution',
    attribute.distribution,
    0,
    5,
    5,
    'Options: Your organisation only, This community only, Connected communities, All communities, Sharing group, Inherit event',
  )
  return {
    uuid: uuidField('Attribute', attribute.uuid),
    type,
    category,
    value1,
    value2,
    to_ids: (attribute.to_ids === undefined ? defaultToIds(type) : flag(attribute.to_ids)) ? 1 : 0,
    distribution,
    sharing_group_id: sharingGroupInput('Attribute', distribution, attribute.sharing_group_id),
    comment,
    disable_correlation: flag(attribute.disable_correlation) ? 1 : 0,
    first_seen: typeof attribute.first_seen === 'string' && attribute.first_seen !== '' ? attribute.first_seen : null,
    last_seen: typeof attribute.last_seen === 'string' && attribute.last_seen !== '' ? attribute.last_seen : null,
    tags: tagInputs('Attribute', attribute.Tag),
  }
}

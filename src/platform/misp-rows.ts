/**
 * Store rows in MISP's row shapes (spec/CORE-FORMAT.md §5): integer columns as strings,
 * tinyint(1) columns as booleans, keys in the order MISP's models return them.
 */
import type {
  AttributeRecord,
  EventRecord,
  ObjectRecord,
  OrganisationRecord,
  TagLinkRecord,
  TagRecord,
} from '../store/index.ts'

const str = (value: number | string | null | undefined): string => String(value ?? 0)
const bool = (value: number | null | undefined): boolean => value === 1

/** Every `events` column, in the table's order (`fetchSimpleEvent`, `quickFetchEvent`, bare finds). */
export function eventColumns(event: EventRecord): Record<string, unknown> {
  return {
    id: str(event.id),
    org_id: str(event.org_id),
    date: event.date,
    info: event.info,
    user_id: str(event.user_id),
    uuid: event.uuid,
    published: bool(event.published),
    analysis: str(event.analysis),
    attribute_count: str(event.attribute_count),
    orgc_id: str(event.orgc_id),
    timestamp: str(event.timestamp),
    distribution: str(event.distribution),
    sharing_group_id: str(event.sharing_group_id),
    proposal_email_lock: bool(event.proposal_email_lock),
    locked: bool(event.locked),
    threat_level_id: str(event.threat_level_id),
    publish_timestamp: str(event.publish_timestamp),
    sighting_timestamp: str(event.sighting_timestamp),
    disable_correlation: bool(event.disable_correlation),
    extends_uuid: event.extends_uuid,
    protected: event.protected === null ? null : bool(event.protected),
  }
}

/** The `Event` of `fetchEvent` (spec/CORE-FORMAT.md §8.1): its own field order, no `sighting_timestamp`. */
export function fetchEventColumns(event: EventRecord, creatorEmail?: string): Record<string, unknown> {
  const row: Record<string, unknown> = {
    id: str(event.id),
    orgc_id: str(event.orgc_id),
    org_id: str(event.org_id),
    date: event.date,
    threat_level_id: str(event.threat_level_id),
    info: event.info,
    published: bool(event.published),
    uuid: event.uuid,
    attribute_count: str(event.attribute_count),
    analysis: str(event.analysis),
    timestamp: str(event.timestamp),
    distribution: str(event.distribution),
    proposal_email_lock: bool(event.proposal_email_lock),
    user_id: str(event.user_id),
    locked: bool(event.locked),
    publish_timestamp: str(event.publish_timestamp),
    sharing_group_id: str(event.sharing_group_id),
    disable_correlation: bool(event.disable_correlation),
    extends_uuid: event.extends_uuid,
    protected: event.protected === null ? null : bool(event.protected),
  }
  if (creatorEmail !== undefined) row.event_creator_email = creatorEmail
  return row
}

/** An organisation as `fetchEvent` shows it: `{id, name, uuid, local}` (spec/CORE-FORMAT.md §5.6). */
export function orgShort(org: OrganisationRecord | undefined): Record<string, unknown> {
  return org ? { id: str(org.id), name: org.name, uuid: org.uuid, local: bool(org.local) } : {}
}

/** An organisation as `quickFetchEvent` shows it: `{id, uuid, name}`. */
export function orgQuick(org: OrganisationRecord | undefined): Record<string, unknown> {
  return org ? { id: str(org.id), uuid: org.uuid, name: org.name } : {}
}

/** Every `tags` column (spec/CORE-FORMAT.md §5.5). */
export function tagColumns(tag: TagRecord): Record<string, unknown> {
  return {
    id: str(tag.id),
    name: tag.name,
    colour: tag.colour,
    exportable: bool(tag.exportable),
    org_id: str(tag.org_id),
    user_id: str(tag.user_id),
    hide_tag: bool(tag.hide_tag),
    numerical_value: tag.numerical_value === null ? null : str(tag.numerical_value),
    is_galaxy: bool(tag.is_galaxy),
    is_custom_galaxy: bool(tag.is_custom_galaxy),
    local_only: bool(tag.local_only),
  }
}

/** A tag in the short form `{id, name, colour, exportable}` (`quickFetchEvent`). */
export function tagShort(tag: TagRecord): Record<string, unknown> {
  return { id: str(tag.id), name: tag.name, colour: tag.colour, exportable: bool(tag.exportable) }
}

/** An `EventTag` / `AttributeTag` link row with its `Tag`. */
export function tagLinkRow(link: TagLinkRecord, kind: 'event' | 'attribute', tag: Record<string, unknown>) {
  const row: Record<string, unknown> = { id: str(link.link_id) }
  if (kind === 'attribute') row.attribute_id = str(link.link_attribute_id)
  row.event_id = str(link.link_event_id)
  row.tag_id = str(link.id)
  row.local = bool(link.link_local)
  row.relationship_type = link.link_relationship_type ?? ''
  row.Tag = tag
  return row
}

/** A tag as `fetchEvent` nests it in a link (every column, plus `local` and `relationship_type`). */
export function fetchEventTag(link: TagLinkRecord): Record<string, unknown> {
  return { ...tagColumns(link), local: bool(link.link_local), relationship_type: null }
}

/** A tag as MISP's event view shows it (no `org_id`; `local` and `relationship_type` of the link). */
export function viewTag(link: TagLinkRecord): Record<string, unknown> {
  const { org_id: _orgId, ...columns } = tagColumns(link)
  return { ...columns, local: bool(link.link_local), relationship_type: link.link_relationship_type ?? '' }
}

/** The value of an attribute: `value1`, or `value1|value2` for composite types. */
export function attributeValue(attribute: AttributeRecord): string {
  return attribute.value2 === '' ? attribute.value1 : `${attribute.value1}|${attribute.value2}`
}

/** Every `attributes` column plus `value`, in `fetchAttribute`'s order (spec/CORE-FORMAT.md §8.2). */
export function attributeColumns(attribute: AttributeRecord): Record<string, unknown> {
  return {
    id: str(attribute.id),
    event_id: str(attribute.event_id),
    object_id: str(attribute.object_id),
    object_relation: attribute.object_relation,
    category: attribute.category,
    type: attribute.type,
    value1: attribute.value1,
    value2: attribute.value2,
    to_ids: bool(attribute.to_ids),
    uuid: attribute.uuid,
    timestamp: str(attribute.timestamp),
    distribution: str(attribute.distribution),
    sharing_group_id: str(attribute.sharing_group_id),
    comment: attribute.comment,
    deleted: bool(attribute.deleted),
    disable_correlation: bool(attribute.disable_correlation),
    first_seen: attribute.first_seen,
    last_seen: attribute.last_seen,
    value: attributeValue(attribute),
  }
}

/** An attribute in `fetchEvent`'s order (spec/CORE-FORMAT.md §8.1), also MISP's REST attribute shape. */
export function fetchEventAttribute(attribute: AttributeRecord): Record<string, unknown> {
  return {
    id: str(attribute.id),
    type: attribute.type,
    category: attribute.category,
    value: attributeValue(attribute),
    to_ids: bool(attribute.to_ids),
    uuid: attribute.uuid,
    event_id: str(attribute.event_id),
    distribution: str(attribute.distribution),
    timestamp: str(attribute.timestamp),
    comment: attribute.comment,
    sharing_group_id: str(attribute.sharing_group_id),
    deleted: bool(attribute.deleted),
    disable_correlation: bool(attribute.disable_correlation),
    object_id: str(attribute.object_id),
    object_relation: attribute.object_relation,
    first_seen: attribute.first_seen,
    last_seen: attribute.last_seen,
  }
}

/** Every `objects` column (`meta-category` with MISP's hyphen), spec/CORE-FORMAT.md §5.3. */
export function objectColumns(object: ObjectRecord): Record<string, unknown> {
  return {
    id: str(object.id),
    name: object.name,
    'meta-category': object.meta_category,
    description: object.description,
    template_uuid: object.template_uuid,
    template_version: str(object.template_version),
    event_id: str(object.event_id),
    uuid: object.uuid,
    timestamp: str(object.timestamp),
    distribution: str(object.distribution),
    sharing_group_id: str(object.sharing_group_id),
    comment: object.comment,
    deleted: bool(object.deleted),
    first_seen: object.first_seen,
    last_seen: object.last_seen,
  }
}

/**
 * MISP's full event fetch (`Event::fetchEvent` as a site admin, attachments included) and the
 * REST view built from it (spec/CORE-FORMAT.md §5, §8.1; ENGINE.md §4.1.1 for `event-publish`
 * and `event-after-save-new`).
 */
import {
  type AttributeRecord,
  type EventRecord,
  type EventSideInfo,
  type Executor,
  findEvent,
  findEventSideInfo,
  findOrganisations,
  listEventAttributes,
  listEventObjectReferences,
  listEventObjects,
  listEventTagLinks,
  type ObjectRecord,
  type OrganisationRecord,
  type TagLinkRecord,
} from '../../store/index.ts'
import {
  fetchEventAttribute,
  fetchEventColumns,
  fetchEventTag,
  objectColumns,
  orgShort,
  tagLinkRow,
  viewTag,
} from '../misp-rows.ts'
import { attachFeedCorrelations } from '../feeds/feed-correlations.ts'
import { referencesByObject } from '../object-references/reference-rows.ts'
import {
  type EventSharingGroups,
  readEventSharingGroups,
  sharingGroupOf,
} from '../sharing-groups/event-sharing-groups.ts'
import type { DistributedRow, RowFilter } from '../sharing-groups/row-visibility.ts'
import { type EventExtras, readEventExtras } from './event-extras.ts'

const THREAT_LEVELS: Record<number, string> = { 1: 'High', 2: 'Medium', 3: 'Low', 4: 'Undefined' }

/** The pieces of one event, read once, from which either shape is built. */
interface EventParts {
  event: EventRecord
  side: EventSideInfo
  orgs: Map<number, OrganisationRecord>
  eventTags: TagLinkRecord[]
  tagsByAttribute: Map<number, TagLinkRecord[]>
  /** Attributes outside objects. */
  eventAttributes: AttributeRecord[]
  /** Objects with at least one live attribute, with those attributes. */
  objects: Array<{ object: ObjectRecord; attributes: AttributeRecord[] }>
  /** Live object references by the object they start from (`Object.ObjectReference`). */
  references: Map<number, Record<string, unknown>[]>
  extras: EventExtras
  /** The sharing groups the event's distribution-4 rows name (empty, unread, when none has 4). */
  sharingGroups: EventSharingGroups
}

/**
 * Reads event `id` (`known`: its row, when the caller has just read it) in four queries: side
 * information, organisations, tag links, attributes; then objects, proposals, reports and
 * sightings only when the event has some.
 */
async function readParts(db: Executor, id: number, known?: EventRecord): Promise<EventParts | null> {
  const event = known ?? (await findEvent(db, id))
  if (!event) return null
  const side = await findEventSideInfo(db, event)
  const orgs = await findOrganisations(db, [event.org_id, event.orgc_id])
  const { eventTags, attributeTags } = await listEventTagLinks(db, id)
  const attributes = await listEventAttributes(db, id)
  const objectRows = side.hasObjects ? await listEventObjects(db, id) : []
  // One query for every object's references, and none for an event without objects.
  const references = referencesByObject(objectRows.length > 0 ? await listEventObjectReferences(db, id) : [])
  const extras = await readEventExtras(db, id, attributes, side)
  const tagsByAttribute = new Map<number, TagLinkRecord[]>()
  for (const link of attributeTags) {
    const list = tagsByAttribute.get(link.link_attribute_id as number)
    if (list) list.push(link)
    else tagsByAttribute.set(link.link_attribute_id as number, [link])
  }
  const byObject = new Map<number, AttributeRecord[]>()
  for (const attribute of attributes) {
    const list = byObject.get(attribute.object_id)
    if (list) list.push(attribute)
    else byObject.set(attribute.object_id, [attribute])
  }
  const objects = objectRows
    .filter((object) => byObject.has(object.id))
    .map((object) => ({ object, attributes: byObject.get(object.id) as AttributeRecord[] }))
  const sharingGroups = await readEventSharingGroups(db, [event, ...attributes, ...objectRows])
  return {
    event,
    side,
    orgs,
    eventTags,
    tagsByAttribute,
    eventAttributes: byObject.get(0) ?? [],
    objects,
    references,
    extras,
    sharingGroups,
  }
}

/** `fetchEvent`'s shape (spec/CORE-FORMAT.md §8.1). */
function rawShape(parts: EventParts): Record<string, any> {
  const { event, side, orgs, eventTags, tagsByAttribute, extras } = parts
  const rawAttribute = (attribute: AttributeRecord) => ({
    ...fetchEventAttribute(attribute),
    AttributeTag: (tagsByAttribute.get(attribute.id) ?? []).map((link) =>
      tagLinkRow(link, 'attribute', fetchEventTag(link)),
    ),
    Galaxy: [],
    ShadowAttribute: extras.proposalsFor(attribute.id),
    ...sharingGroupOf(parts.sharingGroups, attribute),
  })
  return {
    Event: fetchEventColumns(event, side.creatorEmail),
    ThreatLevel: { name: THREAT_LEVELS[event.threat_level_id] ?? 'Undefined' },
    Org: orgShort(orgs.get(event.org_id)),
    Orgc: orgShort(orgs.get(event.orgc_id)),
    ...sharingGroupOf(parts.sharingGroups, event),
    EventTag: eventTags.map((link) => tagLinkRow(link, 'event', fetchEventTag(link))),
    Attribute: parts.eventAttributes.map(rawAttribute),
    ShadowAttribute: extras.newProposals,
    Object: parts.objects.map(({ object, attributes }) => ({
      ...objectColumns(object),
      ...sharingGroupOf(parts.sharingGroups, object),
      ObjectReference: parts.references.get(object.id) ?? [],
      Attribute: attributes.map(rawAttribute),
    })),
    EventReport: extras.reports,
    CryptographicKey: [],
    Galaxy: [],
    User: { email: side.creatorEmail },
    RelatedEvent: [],
    Sighting: extras.sightings,
  }
}

/** MISP's `/events/view` shape. */
function viewShape(parts: EventParts): Record<string, any> {
  const { event, side, orgs, eventTags, tagsByAttribute, extras } = parts
  const viewAttribute = (attribute: AttributeRecord) => {
    const row: Record<string, unknown> = {
      ...fetchEventAttribute(attribute),
      Galaxy: [],
      ShadowAttribute: extras.proposalsFor(attribute.id),
      ...sharingGroupOf(parts.sharingGroups, attribute),
    }
    const sightings = extras.sightingsFor(attribute.id)
    if (sightings.length > 0) row.Sighting = sightings
    const tags = tagsByAttribute.get(attribute.id) ?? []
    if (tags.length > 0) row.Tag = tags.map(viewTag)
    return row
  }
  const view: Record<string, any> = {
    ...fetchEventColumns(event, side.creatorEmail),
    Org: orgShort(orgs.get(event.org_id)),
    Orgc: orgShort(orgs.get(event.orgc_id)),
    ...sharingGroupOf(parts.sharingGroups, event),
    Attribute: parts.eventAttributes.map(viewAttribute),
    ShadowAttribute: extras.newProposals,
    RelatedEvent: [],
    Galaxy: [],
    Object: parts.objects.map(({ object, attributes }) => ({
      ...objectColumns(object),
      ...sharingGroupOf(parts.sharingGroups, object),
      ObjectReference: parts.references.get(object.id) ?? [],
      Attribute: attributes.map(viewAttribute),
    })),
    EventReport: extras.reports,
    CryptographicKey: [],
  }
  if (eventTags.length > 0) view.Tag = eventTags.map(viewTag)
  return { Event: view }
}

/** Options of the full fetch: `includeFeedCorrelations` as MISP's fetchEvent names it (docs/feeds.md). */
export interface FullEventOptions {
  includeFeedCorrelations?: boolean
}

/**
 * `fetchEvent(...)[0]` for event `id` as a site admin: the raw data of `event-publish` and
 * `event-after-save-new`. Pass `known`, the event's row, when it was just read (no second read).
 */
export async function fetchFullEvent(
  db: Executor,
  id: number,
  known?: EventRecord,
  options: FullEventOptions = {},
): Promise<Record<string, any> | null> {
  const parts = await readParts(db, id, known)
  if (!parts) return null
  const event = rawShape(parts)
  if (options.includeFeedCorrelations === true) await attachFeedCorrelations(db, event)
  return event
}

/**
 * MISP's `/events/view` body: `{Event: {…columns, Org, Orgc, Attribute[…Tag], Object, Tag…}}`.
 * `visible` keeps the attributes, objects and reports a viewer outside the event's organisation
 * may see (sharing-groups/row-visibility.ts); without it every row is shown.
 */
export async function viewEvent(db: Executor, id: number, visible?: RowFilter): Promise<Record<string, any> | null> {
  const parts = await readParts(db, id)
  if (!parts) return null
  if (!visible) return viewShape(parts)
  // Reports come as MISP's JSON: distribution and group as strings, which the filter reads alike.
  const reports = parts.extras.reports.filter((report) => visible(report as unknown as DistributedRow))
  return viewShape({
    ...parts,
    eventAttributes: parts.eventAttributes.filter(visible),
    objects: parts.objects
      .filter(({ object }) => visible(object))
      .map(({ object, attributes }) => ({ object, attributes: attributes.filter(visible) }))
      .filter(({ attributes }) => attributes.length > 0),
    extras: { ...parts.extras, reports },
  })
}

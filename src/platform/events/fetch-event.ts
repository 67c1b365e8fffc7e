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
  extras: EventExtras
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
  return {
    event,
    side,
    orgs,
    eventTags,
    tagsByAttribute,
    eventAttributes: byObject.get(0) ?? [],
    objects,
    extras,
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
  })
  return {
    Event: fetchEventColumns(event, side.creatorEmail),
    ThreatLevel: { name: THREAT_LEVELS[event.threat_level_id] ?? 'Undefined' },
    Org: orgShort(orgs.get(event.org_id)),
    Orgc: orgShort(orgs.get(event.orgc_id)),
    EventTag: eventTags.map((link) => tagLinkRow(link, 'event', fetchEventTag(link))),
    Attribute: parts.eventAttributes.map(rawAttribute),
    ShadowAttribute: extras.newProposals,
    Object: parts.objects.map(({ object, attributes }) => ({
      ...objectColumns(object),
      ObjectReference: [],
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
    Attribute: parts.eventAttributes.map(viewAttribute),
    ShadowAttribute: extras.newProposals,
    RelatedEvent: [],
    Galaxy: [],
    Object: parts.objects.map(({ object, attributes }) => ({
      ...objectColumns(object),
      ObjectReference: [],
      Attribute: attributes.map(viewAttribute),
    })),
    EventReport: extras.reports,
    CryptographicKey: [],
  }
  if (eventTags.length > 0) view.Tag = eventTags.map(viewTag)
  return { Event: view }
}

/**
 * `fetchEvent(...)[0]` for event `id` as a site admin: the raw data of `event-publish` and
 * `event-after-save-new`. Pass `known`, the event's row, when it was just read (no second read).
 */
export async function fetchFullEvent(
  db: Executor,
  id: number,
  known?: EventRecord,
): Promise<Record<string, any> | null> {
  const parts = await readParts(db, id, known)
  return parts ? rawShape(parts) : null
}

/** MISP's `/events/view` body: `{Event: {…columns, Org, Orgc, Attribute[…Tag], Object, Tag…}}`. */
export async function viewEvent(db: Executor, id: number): Promise<Record<string, any> | null> {
  const parts = await readParts(db, id)
  return parts ? viewShape(parts) : null
}

/**
 * MISP's full event fetch (`Event::fetchEvent` as a site admin, attachments included) and the
 * REST view built from it (spec/CORE-FORMAT.md §5, §8.1; ENGINE.md §4.1.1 for `event-publish`
 * and `event-after-save-new`).
 */
import {
  type Executor,
  findEvent,
  findOrganisations,
  findUser,
  listAttributeTags,
  listEventAttributes,
  listEventObjects,
  listEventTags,
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
import { readEventExtras } from './event-extras.ts'

const THREAT_LEVELS: Record<number, string> = { 1: 'High', 2: 'Medium', 3: 'Low', 4: 'Undefined' }

/** The pieces of one event, read once, from which both shapes are built. */
interface EventParts {
  raw: Record<string, any>
  view: Record<string, any>
}

async function readParts(db: Executor, id: number): Promise<EventParts | null> {
  const event = await findEvent(db, id)
  if (!event) return null
  const orgs = await findOrganisations(db, [event.org_id, event.orgc_id])
  const creator = await findUser(db, event.user_id)
  const eventTags = (await listEventTags(db, id)) as TagLinkRecord[]
  const attributeTags = (await listAttributeTags(db, { eventId: id })) as TagLinkRecord[]
  const attributes = await listEventAttributes(db, id)
  const objects = await listEventObjects(db, id)
  const extras = await readEventExtras(db, id, attributes)
  const tagsByAttribute = new Map<number, TagLinkRecord[]>()
  for (const link of attributeTags) {
    const list = tagsByAttribute.get(link.link_attribute_id as number) ?? []
    list.push(link)
    tagsByAttribute.set(link.link_attribute_id as number, list)
  }
  const rawAttribute = (attribute: (typeof attributes)[number]) => ({
    ...fetchEventAttribute(attribute),
    AttributeTag: (tagsByAttribute.get(attribute.id) ?? []).map((link) =>
      tagLinkRow(link, 'attribute', fetchEventTag(link)),
    ),
    Galaxy: [],
    ShadowAttribute: extras.proposalsFor(attribute.id),
  })
  const viewAttribute = (attribute: (typeof attributes)[number]) => {
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
  const eventAttributes = attributes.filter((attribute) => attribute.object_id === 0)
  const objectAttributes = (objectId: number) => attributes.filter((attribute) => attribute.object_id === objectId)
  const liveObjects = objects.filter((object) => objectAttributes(object.id).length > 0)
  const columns = fetchEventColumns(event, creator?.email ?? '')
  const raw = {
    Event: columns,
    ThreatLevel: { name: THREAT_LEVELS[event.threat_level_id] ?? 'Undefined' },
    Org: orgShort(orgs.get(event.org_id)),
    Orgc: orgShort(orgs.get(event.orgc_id)),
    EventTag: eventTags.map((link) => tagLinkRow(link, 'event', fetchEventTag(link))),
    Attribute: eventAttributes.map(rawAttribute),
    ShadowAttribute: extras.newProposals,
    Object: liveObjects.map((object) => ({
      ...objectColumns(object),
      ObjectReference: [],
      Attribute: objectAttributes(object.id).map(rawAttribute),
    })),
    EventReport: extras.reports,
    CryptographicKey: [],
    Galaxy: [],
    User: { email: creator?.email ?? '' },
    RelatedEvent: [],
    Sighting: extras.sightings,
  }
  const view: Record<string, any> = {
    ...columns,
    Org: orgShort(orgs.get(event.org_id)),
    Orgc: orgShort(orgs.get(event.orgc_id)),
    Attribute: eventAttributes.map(viewAttribute),
    ShadowAttribute: extras.newProposals,
    RelatedEvent: [],
    Galaxy: [],
    Object: liveObjects.map((object) => ({
      ...objectColumns(object),
      ObjectReference: [],
      Attribute: objectAttributes(object.id).map(viewAttribute),
    })),
    EventReport: extras.reports,
    CryptographicKey: [],
  }
  if (eventTags.length > 0) view.Tag = eventTags.map(viewTag)
  return { raw, view: { Event: view } }
}

/** `fetchEvent(...)[0]` for event `id` as a site admin: the raw data of `event-publish` and `event-after-save-new`. */
export async function fetchFullEvent(db: Executor, id: number): Promise<Record<string, any> | null> {
  return (await readParts(db, id))?.raw ?? null
}

/** MISP's `/events/view` body: `{Event: {…columns, Org, Orgc, Attribute[…Tag], Object, Tag…}}`. */
export async function viewEvent(db: Executor, id: number): Promise<Record<string, any> | null> {
  return (await readParts(db, id))?.view ?? null
}

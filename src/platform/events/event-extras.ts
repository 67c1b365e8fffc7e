/**
 * What `fetchEvent` and the event view carry beside attributes and objects: open proposals
 * (new ones under `Event.ShadowAttribute`, edits under their attribute), live event reports and
 * sightings (spec/CORE-FORMAT.md §5.4, §5.7, §5.10, §8.1).
 */
import {
  type AttributeRecord,
  type EventSideInfo,
  type Executor,
  findOrganisations,
  listEventReports,
  listEventShadowAttributes,
  listEventSightings,
} from '../../store/index.ts'
import { reportColumns } from '../event-reports/report-rows.ts'
import { fetchEventProposal } from '../shadow-attributes/proposal-rows.ts'
import { fetchEventSighting } from '../sightings/sighting-rows.ts'

/** An event's proposals, reports and sightings in MISP's `fetchEvent` shapes. */
export interface EventExtras {
  /** Proposals for new attributes (`old_id` 0): `Event.ShadowAttribute`. */
  newProposals: Record<string, unknown>[]
  /** Proposals to change attribute `attributeId`: its `ShadowAttribute`. */
  proposalsFor(attributeId: number): Record<string, unknown>[]
  /** Live reports: `EventReport`. */
  reports: Record<string, unknown>[]
  /** Every sighting of the event's live attributes: `fetchEvent`'s top-level `Sighting`. */
  sightings: Record<string, unknown>[]
  /** The sightings of attribute `attributeId`, as the event view nests them. */
  sightingsFor(attributeId: number): Record<string, unknown>[]
}

/**
 * Reads the extras of event `eventId`, whose live attributes are `attributes`; `has` says which
 * kinds the event has at all (the others are not queried).
 */
export async function readEventExtras(
  db: Executor,
  eventId: number,
  attributes: AttributeRecord[],
  has: Pick<EventSideInfo, 'hasProposals' | 'hasReports' | 'hasSightings'>,
): Promise<EventExtras> {
  const proposals = has.hasProposals ? await listEventShadowAttributes(db, eventId) : []
  const reports = has.hasReports ? await listEventReports(db, eventId) : []
  const uuids = new Map(attributes.map((attribute) => [attribute.id, attribute.uuid]))
  const sightingRows = has.hasSightings
    ? (await listEventSightings(db, eventId)).filter((row) => uuids.has(row.attribute_id))
    : []
  const orgs = await findOrganisations(db, [
    ...proposals.map((row) => row.org_id),
    ...sightingRows.map((row) => row.org_id),
  ])
  const sightings = sightingRows.map((row) => ({
    attributeId: row.attribute_id,
    json: fetchEventSighting(row, uuids.get(row.attribute_id) ?? '', orgs.get(row.org_id)),
  }))
  return {
    newProposals: proposals
      .filter((row) => row.old_id === 0)
      .map((row) => fetchEventProposal(row, orgs.get(row.org_id))),
    proposalsFor: (attributeId) =>
      proposals.filter((row) => row.old_id === attributeId).map((row) => fetchEventProposal(row, orgs.get(row.org_id))),
    reports: reports.map(reportColumns),
    sightings: sightings.map((entry) => entry.json),
    sightingsFor: (attributeId) =>
      sightings.filter((entry) => entry.attributeId === attributeId).map((entry) => entry.json),
  }
}

/** Sightings as MISP rows (spec/CORE-FORMAT.md §5.7, §8.1). */
import type { Executor, OrganisationRecord, SightingRecord } from '../../store/index.ts'
import type { PlatformContext } from '../platform-context.ts'

/** Every `sightings` column in the table's order: MISP's `{Sighting: {...}}` answer. */
export function sightingColumns(row: SightingRecord): Record<string, unknown> {
  return {
    id: String(row.id),
    attribute_id: String(row.attribute_id),
    event_id: String(row.event_id),
    org_id: String(row.org_id),
    date_sighting: String(row.date_sighting),
    uuid: row.uuid,
    source: row.source,
    type: String(row.type),
  }
}

/** A sighting as `fetchEvent` lists it: the columns, `attribute_uuid` and the `Organisation` {id, uuid, name}. */
export function fetchEventSighting(
  row: SightingRecord,
  attributeUuid: string,
  org: OrganisationRecord | undefined,
): Record<string, unknown> {
  const sighting: Record<string, unknown> = { ...sightingColumns(row), attribute_uuid: attributeUuid }
  if (org) sighting.Organisation = { id: String(org.id), uuid: org.uuid, name: org.name }
  return sighting
}

/** The sightings of attribute `attributeId` as MISP rows, in id order (an attribute's `Sighting` list). */
export async function listSightingRows(
  ctx: PlatformContext,
  attributeId: number,
  db: Executor = ctx.store.db,
): Promise<Record<string, unknown>[]> {
  const rows = await db
    .selectFrom('sightings')
    .selectAll()
    .where('attribute_id', '=', attributeId)
    .orderBy('id')
    .execute()
  return rows.map(sightingColumns)
}

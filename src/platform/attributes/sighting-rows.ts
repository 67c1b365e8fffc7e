/** An attribute's sightings as MISP rows (spec/CORE-FORMAT.md §5.7). */
import type { PlatformContext } from '../platform-context.ts'

/** The sightings of attribute `attributeId`, in id order. */
export async function listSightingRows(ctx: PlatformContext, attributeId: number): Promise<Record<string, unknown>[]> {
  const rows = await ctx.store.db
    .selectFrom('sightings')
    .selectAll()
    .where('attribute_id', '=', attributeId)
    .orderBy('id')
    .execute()
  return rows.map((row) => ({
    id: String(row.id),
    attribute_id: String(row.attribute_id),
    event_id: String(row.event_id),
    org_id: String(row.org_id),
    date_sighting: String(row.date_sighting),
    uuid: row.uuid,
    source: row.source,
    type: String(row.type),
  }))
}

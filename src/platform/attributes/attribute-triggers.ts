/** The `attribute-after-save` site: `fetchAttribute(id)` plus `Attribute.Sighting` (spec/ENGINE.md §4.1.1). */
import { listSightingRows } from '../sightings/sighting-rows.ts'
import type { PlatformContext } from '../platform-context.ts'

/** Fires `attribute-after-save` for a saved attribute. */
export async function fireAttributeAfterSave(ctx: PlatformContext, attributeId: number, action: string): Promise<void> {
  if (!(await ctx.dispatcher.isCallable('attribute-after-save'))) return
  const row = await ctx.backend.fetchAttribute(String(attributeId))
  if (!row) return
  row.Attribute.Sighting = await listSightingRows(ctx, attributeId)
  await ctx.dispatcher.fire('attribute-after-save', row, { action, model: 'Attribute', id: attributeId })
}

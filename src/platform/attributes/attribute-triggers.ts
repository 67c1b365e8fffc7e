/** The `attribute-after-save` site: `fetchAttribute(id)` plus `Attribute.Sighting` (spec/ENGINE.md §4.1.1). */
import type { Executor } from '../../store/index.ts'
import { createLocalBackend } from '../local-backend.ts'
import { listSightingRows } from '../sightings/sighting-rows.ts'
import type { PlatformContext } from '../platform-context.ts'
import type { RunChain } from '../runs/run-chain.ts'

/**
 * Fires `attribute-after-save` for a saved attribute. Pass the transaction that saved it as `db`:
 * the data is read through it and the job commits with the attribute (the queue's outbox).
 */
export async function fireAttributeAfterSave(
  ctx: PlatformContext,
  attributeId: number,
  action: string,
  chain?: RunChain,
  db?: Executor,
): Promise<void> {
  if (!(await ctx.dispatcher.isCallable('attribute-after-save', db))) return
  const backend = db ? createLocalBackend(db, () => ctx.settings.hostOrgId()) : ctx.backend
  const row = await backend.fetchAttribute(String(attributeId))
  if (!row) return
  row.Attribute.Sighting = await listSightingRows(ctx, attributeId, db)
  await ctx.dispatcher.fire(
    'attribute-after-save',
    row,
    { action, model: 'Attribute', id: attributeId },
    { isRawTransferred: true, chain, db },
  )
}

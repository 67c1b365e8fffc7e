/**
 * MISP's `reloadRoamingData` (spec/ENGINE.md §4.3 `reload-full-event`, `proposal-action`): the
 * event is fetched again in full and converted to the core format.
 */
import type { ModuleContext } from '../../../engine/index.ts'
import { normaliseEventTrigger } from '../../../format/index.ts'
import { requireOperation } from './operations.ts'

/** The event `eventId` afresh, in core format; throws when it is gone or cannot be converted. */
export async function reloadEvent(ctx: ModuleContext, eventId: string): Promise<unknown> {
  const fetchFullEvent = requireOperation(ctx, 'fetchFullEvent')
  const raw = await fetchFullEvent(eventId)
  if (raw === null) throw new Error(`event ${eventId} could not be reloaded: it no longer exists`)
  const converted = await normaliseEventTrigger(raw, ctx.backend!)
  if (converted === false) throw new Error(`event ${eventId} could not be converted to the core format`)
  return converted
}

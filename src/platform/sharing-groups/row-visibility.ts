/**
 * Which attributes, objects and reports of a visible event a user sees (docs/access.md), as
 * MISP's `fetchEvent` filters them for a user outside the event's organisation: distribution 0
 * rows are hidden, distribution 4 rows shown only when the user's organisation owns or belongs
 * to the row's sharing group; 1, 2, 3 and 5 (inherit) rows are shown.
 */
import { type EventRecord, type Executor, findObject, readableSharingGroupIds } from '../../store/index.ts'
import type { Actor } from '../types.ts'

/** A row with a distribution, as the store holds it or as MISP's JSON carries it. */
export interface DistributedRow {
  distribution: number | string
  sharing_group_id: number | string
}

/** Whether a row may be shown. */
export type RowFilter = (row: DistributedRow) => boolean

/**
 * The filter for `actor` viewing `event`, or undefined when the actor sees every row (a site
 * admin, or the event's organisation). Reads the actor's groups in one query otherwise.
 */
export async function rowFilterFor(db: Executor, actor: Actor, event: EventRecord): Promise<RowFilter | undefined> {
  if (actor.role === 'site_admin' || event.org_id === actor.orgId || event.orgc_id === actor.orgId) return undefined
  const readable = new Set(await readableSharingGroupIds(db, actor.orgId))
  return (row) => {
    const distribution = Number(row.distribution)
    if (distribution === 0) return false
    if (distribution === 4) return readable.has(Number(row.sharing_group_id))
    return true
  }
}

/**
 * Whether `actor` sees `attribute` of `event` (an event it sees): the attribute's own
 * distribution and, for an object attribute, its object's, as the event fetch filters them. An
 * operation that names an attribute by id (a sighting, a proposal, an enrichment) answers a hidden
 * one as it answers an unknown one, so that its value and existence do not leak.
 */
export async function canSeeAttributeOf(
  db: Executor,
  actor: Actor,
  event: EventRecord,
  attribute: DistributedRow & { object_id: number },
): Promise<boolean> {
  const isShown = await rowFilterFor(db, actor, event)
  if (!isShown) return true
  if (!isShown(attribute)) return false
  if (attribute.object_id === 0) return true
  const object = await findObject(db, attribute.object_id)
  return object !== undefined && isShown(object)
}

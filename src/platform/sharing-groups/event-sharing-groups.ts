/**
 * The `SharingGroup` that MISP's `fetchEvent` attaches to an event, attribute or object of
 * distribution 4 (spec/CORE-FORMAT.md §5.9). The full fetch is on the publish path, so the
 * groups are read in one query, and only when some row of the event has distribution 4.
 */
import { type Executor, listSharingGroupsWithOrgs } from '../../store/index.ts'
import { nestedSharingGroup } from './sharing-group-rows.ts'

/** A row that may name a sharing group. */
interface Distributed {
  distribution: number
  sharing_group_id: number
}

/** The groups an event's rows name, by id, in `fetchEvent`'s nested shape. */
export type EventSharingGroups = Map<number, Record<string, unknown>>

/** Reads the groups that `rows` (the event, its attributes and objects) of distribution 4 name. */
export async function readEventSharingGroups(db: Executor, rows: Iterable<Distributed>): Promise<EventSharingGroups> {
  const ids = new Set<number>()
  for (const row of rows) if (row.distribution === 4 && row.sharing_group_id > 0) ids.add(row.sharing_group_id)
  if (ids.size === 0) return new Map()
  const entries = await listSharingGroupsWithOrgs(db, [...ids])
  return new Map(entries.map((entry) => [entry.group.id, nestedSharingGroup(entry)]))
}

/** `{SharingGroup}` for `row` when it has distribution 4 and its group exists; `{}` otherwise. */
export function sharingGroupOf(
  groups: EventSharingGroups,
  row: Distributed,
): { SharingGroup?: Record<string, unknown> } {
  if (row.distribution !== 4) return {}
  const group = groups.get(row.sharing_group_id)
  return group ? { SharingGroup: group } : {}
}

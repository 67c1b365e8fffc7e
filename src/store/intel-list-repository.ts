/**
 * Queries on the intelligence lists (issue #5): `event_blocklists`, `warninglists` with their
 * `warninglist_entries`, and `galaxies` with their `galaxy_clusters` and `galaxy_elements`.
 */
import type { Insertable, Selectable } from 'kysely'
import type { Executor } from './database.ts'
import type { EventBlocklistTable, GalaxyClusterTable, WarninglistTable } from './schema.ts'

/** An event blocklist row. */
export type EventBlocklistRecord = Selectable<EventBlocklistTable>
/** A warninglist row. */
export type WarninglistRecord = Selectable<WarninglistTable>
/** A galaxy cluster row. */
export type GalaxyClusterRecord = Selectable<GalaxyClusterTable>

/** The blocklist entry of an event UUID, or undefined. */
export function findEventBlocklistEntry(db: Executor, eventUuid: string): Promise<EventBlocklistRecord | undefined> {
  return db.selectFrom('event_blocklists').selectAll().where('event_uuid', '=', eventUuid).executeTakeFirst()
}

/** Adds a blocklist entry; its id. */
export async function insertEventBlocklistEntry(db: Executor, row: Insertable<EventBlocklistTable>): Promise<number> {
  const { id } = await db.insertInto('event_blocklists').values(row).returning('id').executeTakeFirstOrThrow()
  return id
}

/** Every warninglist, by name. */
export function listWarninglists(db: Executor): Promise<WarninglistRecord[]> {
  return db.selectFrom('warninglists').selectAll().orderBy('name').orderBy('id').execute()
}

/** The warninglist with `id`, or undefined. */
export function findWarninglist(db: Executor, id: number): Promise<WarninglistRecord | undefined> {
  return db.selectFrom('warninglists').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Adds a warninglist with its entries; its id. */
export async function insertWarninglist(
  db: Executor,
  row: Insertable<WarninglistTable>,
  entries: readonly string[] = [],
): Promise<number> {
  const { id } = await db.insertInto('warninglists').values(row).returning('id').executeTakeFirstOrThrow()
  await insertWarninglistEntries(db, id, entries)
  return id
}

/** Changes warninglist columns. */
export async function updateWarninglist(
  db: Executor,
  id: number,
  changes: Partial<Insertable<WarninglistTable>>,
): Promise<void> {
  await db.updateTable('warninglists').set(changes).where('id', '=', id).execute()
}

/** The entry values of warninglist `id`, in insertion order. */
export async function listWarninglistEntries(db: Executor, id: number): Promise<string[]> {
  const rows = await db
    .selectFrom('warninglist_entries')
    .select('value')
    .where('warninglist_id', '=', id)
    .orderBy('id')
    .execute()
  return rows.map((row) => row.value)
}

/** Every entry of the warninglists `ids`, as `{warninglist_id, value}`. */
export function listEntriesOf(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([])
  return db
    .selectFrom('warninglist_entries')
    .select(['warninglist_id', 'value'])
    .where('warninglist_id', 'in', ids)
    .orderBy('id')
    .execute()
}

/** Adds entries to warninglist `id`, in batches. */
export async function insertWarninglistEntries(db: Executor, id: number, values: readonly string[]): Promise<void> {
  for (let start = 0; start < values.length; start += 200) {
    const batch = values.slice(start, start + 200).map((value) => ({ warninglist_id: id, value }))
    await db.insertInto('warninglist_entries').values(batch).execute()
  }
}

/** The clusters of the galaxy named `name` (case-insensitive), not deleted. */
export function listGalaxyClustersByGalaxyName(db: Executor, name: string): Promise<GalaxyClusterRecord[]> {
  return db
    .selectFrom('galaxy_clusters')
    .innerJoin('galaxies', 'galaxies.id', 'galaxy_clusters.galaxy_id')
    .selectAll('galaxy_clusters')
    .where((eb) => eb(eb.fn('lower', ['galaxies.name']), '=', name.toLowerCase()))
    .where('galaxy_clusters.deleted', '=', 0)
    .orderBy('galaxy_clusters.id')
    .execute()
}

/** The meta data of the clusters `ids`: `{galaxy_cluster_id, key, value}` rows. */
export function listGalaxyElements(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([])
  return db
    .selectFrom('galaxy_elements')
    .select(['galaxy_cluster_id', 'key', 'value'])
    .where('galaxy_cluster_id', 'in', ids)
    .orderBy('id')
    .execute()
}

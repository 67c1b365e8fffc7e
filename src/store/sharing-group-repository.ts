/** Queries on `sharing_groups` and `sharing_group_orgs` (migration 0008, docs/sharing-groups.md). */
import type { Insertable, Selectable, Updateable } from 'kysely'
import { compiledQuery } from './compiled-query.ts'
import type { Executor } from './database.ts'
import { MAX_ID, type SharingGroupTable } from './schema.ts'

/** A sharing group row. */
export type SharingGroupRecord = Selectable<SharingGroupTable>

/** A member organisation of a group, with what MISP shows of it. */
export interface SharingGroupMember {
  /** The `sharing_group_orgs` row id. */
  id: number
  sharing_group_id: number
  org_id: number
  extend: number
  org_name: string | null
  org_uuid: string | null
}

/** A group with its owner organisation's name and UUID and its members, read in one query. */
export interface SharingGroupWithOrgs {
  group: SharingGroupRecord
  owner: { name: string | null; uuid: string | null }
  members: SharingGroupMember[]
}

/** The group with `id`, or undefined. */
export function findSharingGroup(db: Executor, id: number): Promise<SharingGroupRecord | undefined> {
  return db.selectFrom('sharing_groups').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The group with `uuid`, or undefined. */
export function findSharingGroupByUuid(db: Executor, uuid: string): Promise<SharingGroupRecord | undefined> {
  return db.selectFrom('sharing_groups').selectAll().where('uuid', '=', uuid).executeTakeFirst()
}

/** The group named `name`, or undefined (names are unique, as in MISP). */
export function findSharingGroupByName(db: Executor, name: string): Promise<SharingGroupRecord | undefined> {
  return db.selectFrom('sharing_groups').selectAll().where('name', '=', name).executeTakeFirst()
}

/**
 * The ids of the groups organisation `orgId` may read: those it owns and those it is a member
 * of (MISP's `SharingGroup::authorizedIds` without servers). Sorted.
 */
export async function readableSharingGroupIds(db: Executor, orgId: number): Promise<number[]> {
  const rows = await readableIdsQuery(db, orgId)
  return [...new Set(rows.map((row) => row.id))].sort((a, b) => a - b)
}

const readableIdsQuery = compiledQuery((db: Executor, orgId: number) =>
  db
    .selectFrom('sharing_groups')
    .select('id')
    .where((eb) =>
      eb.or([
        eb('org_id', '=', orgId),
        eb(
          'id',
          'in',
          eb.selectFrom('sharing_group_orgs').select('sharing_group_orgs.sharing_group_id').where('org_id', '=', orgId),
        ),
      ]),
    ),
)

/** Whether organisation `orgId` owns group `groupId` or is one of its members. */
export async function canOrgReadSharingGroup(db: Executor, groupId: number, orgId: number): Promise<boolean> {
  return (await readerQuery(db, groupId, orgId, orgId)).length > 0
}

// Compiled once: a member's read of a distribution-4 event asks this.
const readerQuery = compiledQuery((db: Executor, groupId: number, ownerId: number, memberId: number) =>
  db
    .selectFrom('sharing_groups')
    .select('id')
    .where('id', '=', groupId)
    .where((eb) =>
      eb.or([
        eb('org_id', '=', ownerId),
        eb.exists(
          eb
            .selectFrom('sharing_group_orgs')
            .select('sharing_group_orgs.id')
            .whereRef('sharing_group_orgs.sharing_group_id', '=', 'sharing_groups.id')
            .where('sharing_group_orgs.org_id', '=', memberId),
        ),
      ]),
    ),
)

/** Every group, or those with these ids; by id. */
export function listSharingGroups(db: Executor, ids?: number[]): Promise<SharingGroupRecord[]> {
  let select = db.selectFrom('sharing_groups').selectAll()
  if (ids !== undefined) select = select.where('id', 'in', ids.length > 0 ? ids : [-1])
  return select.orderBy('id').execute()
}

/**
 * The groups with these ids, each with its owner's name and UUID and its member organisations,
 * in one query (the event fetch asks this when a row has distribution 4).
 */
export async function listSharingGroupsWithOrgs(db: Executor, ids: number[]): Promise<SharingGroupWithOrgs[]> {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return []
  const rows = await db
    .selectFrom('sharing_groups')
    .leftJoin('organisations as owner', 'owner.id', 'sharing_groups.org_id')
    .leftJoin('sharing_group_orgs', 'sharing_group_orgs.sharing_group_id', 'sharing_groups.id')
    .leftJoin('organisations as member', 'member.id', 'sharing_group_orgs.org_id')
    .selectAll('sharing_groups')
    .select([
      'owner.name as owner_name',
      'owner.uuid as owner_uuid',
      'sharing_group_orgs.id as link_id',
      'sharing_group_orgs.org_id as link_org_id',
      'sharing_group_orgs.extend as link_extend',
      'member.name as member_name',
      'member.uuid as member_uuid',
    ])
    .where('sharing_groups.id', 'in', unique)
    .orderBy('sharing_groups.id')
    .orderBy('sharing_group_orgs.id')
    .execute()
  const groups = new Map<number, SharingGroupWithOrgs>()
  for (const row of rows) {
    const { owner_name, owner_uuid, link_id, link_org_id, link_extend, member_name, member_uuid, ...group } = row
    let entry = groups.get(group.id)
    if (!entry) {
      entry = { group, owner: { name: owner_name ?? null, uuid: owner_uuid ?? null }, members: [] }
      groups.set(group.id, entry)
    }
    if (link_id !== null && link_id !== undefined) {
      entry.members.push({
        id: link_id,
        sharing_group_id: group.id,
        org_id: link_org_id as number,
        extend: link_extend as number,
        org_name: member_name ?? null,
        org_uuid: member_uuid ?? null,
      })
    }
  }
  return [...groups.values()]
}

/** Inserts a group and returns its id. */
export async function insertSharingGroup(db: Executor, row: Insertable<SharingGroupTable>): Promise<number> {
  const { id } = await db.insertInto('sharing_groups').values(row).returning('id').executeTakeFirstOrThrow()
  return id
}

/** Updates a group's columns. */
export async function updateSharingGroup(
  db: Executor,
  id: number,
  changes: Updateable<SharingGroupTable>,
): Promise<void> {
  await db.updateTable('sharing_groups').set(changes).where('id', '=', id).execute()
}

/** Deletes a group and its member rows. */
export async function deleteSharingGroup(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('sharing_group_orgs').where('sharing_group_id', '=', id).execute()
  await db.deleteFrom('sharing_groups').where('id', '=', id).execute()
}

/** Adds organisation `orgId` to group `groupId`; false when it is a member already. */
export async function addSharingGroupOrg(db: Executor, groupId: number, orgId: number, extend: boolean) {
  const existing = await db
    .selectFrom('sharing_group_orgs')
    .select('id')
    .where('sharing_group_id', '=', groupId)
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  if (existing) return false
  await db
    .insertInto('sharing_group_orgs')
    .values({ sharing_group_id: groupId, org_id: orgId, extend: extend ? 1 : 0 })
    .execute()
  return true
}

/** Removes organisation `orgId` from group `groupId`; false when it was not a member. */
export async function removeSharingGroupOrg(db: Executor, groupId: number, orgId: number): Promise<boolean> {
  const result = await db
    .deleteFrom('sharing_group_orgs')
    .where('sharing_group_id', '=', groupId)
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

/**
 * The kinds of rows that use group `id` (events, attributes, objects, event reports, threads),
 * deleted rows included: they still name it. Empty when nothing does.
 */
export async function sharingGroupUsers(db: Executor, id: number): Promise<string[]> {
  const tables = ['events', 'attributes', 'objects', 'event_reports', 'threads'] as const
  const used: string[] = []
  for (const table of tables) {
    const row = await db.selectFrom(table).select('id').where('sharing_group_id', '=', id).limit(1).executeTakeFirst()
    if (row) used.push(table)
  }
  return used
}

/**
 * The organisation with this numeric id or UUID (how `addOrg` names it), or undefined. An id
 * past the id column's range names none: PostgreSQL would refuse to compare it.
 */
export async function findOrganisationByRef(db: Executor, ref: string) {
  const query = db.selectFrom('organisations').selectAll()
  if (!/^[0-9]+$/.test(ref)) return query.where('uuid', '=', ref.toLowerCase()).executeTakeFirst()
  const id = Number(ref)
  return id > MAX_ID ? undefined : query.where('id', '=', id).executeTakeFirst()
}

/**
 * Sharing groups in MISP's shapes (spec/CORE-FORMAT.md §5.9): the `SharingGroup` columns with
 * `Organisation` (the owner) and `SharingGroupOrg[]` beside them, as `/sharing_groups/view`
 * answers, or nested under `SharingGroup`, as `fetchEvent` attaches it to an event, attribute or
 * object. Integer columns are strings, tinyint(1) columns booleans. Sluice models no sync
 * servers, so `SharingGroupServer` is always empty.
 */
import type { SharingGroupMember, SharingGroupRecord, SharingGroupWithOrgs } from '../../store/index.ts'

const str = (value: number | null | undefined): string => String(value ?? 0)

/** `/sharing_groups/view`'s body. */
export interface SharingGroupJson {
  SharingGroup: Record<string, unknown>
  Organisation: Record<string, unknown>
  SharingGroupOrg: Record<string, unknown>[]
  SharingGroupServer: Record<string, unknown>[]
}

/** A `/sharing_groups/index` entry: the view with what the user may do to the group. */
export interface SharingGroupIndexEntry extends SharingGroupJson {
  editable: boolean
  deletable: boolean
}

/** The `sharing_groups` columns in MISP's order and types. */
export function sharingGroupColumns(group: SharingGroupRecord): Record<string, unknown> {
  return {
    id: str(group.id),
    uuid: group.uuid,
    name: group.name,
    description: group.description,
    releasability: group.releasability,
    organisation_uuid: group.organisation_uuid,
    org_id: str(group.org_id),
    sync_user_id: str(group.sync_user_id),
    active: group.active === 1,
    created: group.created,
    modified: group.modified,
    local: group.local === 1,
    roaming: group.roaming === 1,
  }
}

/** A member row: `{id, sharing_group_id, org_id, extend, Organisation: {id, name, uuid}}`. */
function memberRow(member: SharingGroupMember): Record<string, unknown> {
  return {
    id: str(member.id),
    sharing_group_id: str(member.sharing_group_id),
    org_id: str(member.org_id),
    extend: member.extend === 1,
    Organisation: { id: str(member.org_id), name: member.org_name ?? '', uuid: member.org_uuid ?? '' },
  }
}

/** The owner organisation: `{id, name, uuid}`. */
function ownerRow(entry: SharingGroupWithOrgs): Record<string, unknown> {
  return { id: str(entry.group.org_id), name: entry.owner.name ?? '', uuid: entry.owner.uuid ?? '' }
}

/** `/sharing_groups/view`'s body: `{SharingGroup, Organisation, SharingGroupOrg, SharingGroupServer}`. */
export function sharingGroupView(entry: SharingGroupWithOrgs): SharingGroupJson {
  return {
    SharingGroup: sharingGroupColumns(entry.group),
    Organisation: ownerRow(entry),
    SharingGroupOrg: entry.members.map(memberRow),
    SharingGroupServer: [],
  }
}

/** The `SharingGroup` that `fetchEvent` nests in a distribution-4 event, attribute or object. */
export function nestedSharingGroup(entry: SharingGroupWithOrgs): Record<string, unknown> {
  return {
    ...sharingGroupColumns(entry.group),
    Organisation: ownerRow(entry),
    SharingGroupOrg: entry.members.map(memberRow),
    SharingGroupServer: [],
  }
}

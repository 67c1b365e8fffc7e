/**
 * Who may see, use and change a sharing group (docs/sharing-groups.md), and the check of a
 * record's `sharing_group_id` for distribution 4. MISP's rules (`SharingGroup::checkIfAuthorised`,
 * `checkIfAuthorisedExtend`, `checkIfOwner`) reduced to Sluice's three roles: MISP's
 * `perm_sharing_group` is held by org admins (as in MISP's default "Org Admin" role) and site
 * admins, not by plain users.
 */
import { ValidationError } from '../../errors.ts'
import { canOrgReadSharingGroup, type Executor, type SharingGroupWithOrgs, MAX_ID } from '../../store/index.ts'
import type { Actor } from '../types.ts'

/** MISP's texts (SharingGroup and Attribute validation, SharingGroupsController). */
export const SHARING_GROUP_MESSAGES = {
  required: 'If the distribution is set to "Sharing Group", a sharing group has to be selected.',
  unusable: 'Invalid Sharing Group or not authorised.',
  invalid: 'Invalid sharing group.',
  notVisible: "Sharing group doesn't exist or you do not have permission to access it.",
  invalidOrganisation: 'Invalid organisation.',
} as const

/** Whether `actor` may read group `groupId`: site admin, or its organisation owns it or is a member. */
export async function canReadSharingGroup(db: Executor, actor: Actor, groupId: number): Promise<boolean> {
  return actor.role === 'site_admin' || canOrgReadSharingGroup(db, groupId, actor.orgId)
}

/** Whether `actor` may create sharing groups (MISP's `perm_sharing_group`). */
export function canCreateSharingGroups(actor: Actor): boolean {
  return actor.role === 'site_admin' || actor.role === 'org_admin'
}

/**
 * Whether `actor` may edit `entry` and add or remove its organisations (MISP's
 * `checkIfAuthorisedExtend`): a site admin, or an org admin of the owner organisation or of a
 * member organisation with `extend`.
 */
export function canExtendSharingGroup(actor: Actor, entry: SharingGroupWithOrgs): boolean {
  if (actor.role === 'site_admin') return true
  if (actor.role !== 'org_admin') return false
  if (entry.group.org_id === actor.orgId) return true
  return entry.members.some((member) => member.org_id === actor.orgId && member.extend === 1)
}

/** Whether `actor` may delete `entry` (MISP's `checkIfOwner`): a site admin, or an org admin of the owner. */
export function canDeleteSharingGroup(actor: Actor, entry: SharingGroupWithOrgs): boolean {
  if (actor.role === 'site_admin') return true
  return actor.role === 'org_admin' && entry.group.org_id === actor.orgId
}

/**
 * The `sharing_group_id` column of a record with `distribution` (the shape only; whether the
 * actor may use the group is `requireUsableSharingGroups`'s job): 0 unless the distribution is
 * 4, as MISP resets it; for 4 a positive id, taken from `value` or else from `current` (an edit
 * that keeps the record's group), or a ValidationError naming `sharing_group_id`.
 */
export function sharingGroupInput(model: string, distribution: number, value: unknown, current = 0): number {
  if (distribution !== 4) return 0
  if (value === undefined || value === null || value === '' || value === 0 || value === '0') {
    if (current > 0) return current
    throw new ValidationError(model, 'sharing_group_id', SHARING_GROUP_MESSAGES.required)
  }
  const id = typeof value === 'number' ? value : /^[0-9]+$/.test(String(value)) ? Number(value) : Number.NaN
  // Past the 32-bit id column no group exists (and PostgreSQL would refuse the comparison).
  if (!Number.isSafeInteger(id) || id <= 0 || id > MAX_ID)
    throw new ValidationError(model, 'sharing_group_id', SHARING_GROUP_MESSAGES.unusable)
  return id
}

/**
 * Refuses, naming `<model>.sharing_group_id`, any of `ids` (0 = none) that is not a group
 * `actor` may read: an unknown group and one of other organisations answer alike, so that
 * group ids do not leak (MISP's `checkIfAuthorised` before an event or attribute save).
 */
export async function requireUsableSharingGroups(
  db: Executor,
  actor: Actor,
  model: string,
  ids: Iterable<number>,
): Promise<void> {
  for (const id of new Set(ids)) {
    if (id === 0) continue
    const usable =
      actor.role === 'site_admin' ? await groupExists(db, id) : await canOrgReadSharingGroup(db, id, actor.orgId)
    if (!usable) throw new ValidationError(model, 'sharing_group_id', SHARING_GROUP_MESSAGES.unusable)
  }
}

async function groupExists(db: Executor, id: number): Promise<boolean> {
  const row = await db.selectFrom('sharing_groups').select('id').where('id', '=', id).executeTakeFirst()
  return row !== undefined
}

/**
 * Sharing groups (distribution 4; docs/sharing-groups.md): MISP's `/sharing_groups/index`,
 * `view`, `add`, `edit`, `delete`, `addOrg` and `removeOrg` (SharingGroupsController), with the
 * access rules of sharing-group-access.ts. A group that an event, attribute, object, report or
 * thread names cannot be deleted. Each change writes MISP's audit row in its transaction.
 */
import { randomUUID } from 'node:crypto'
import { UserError, ValidationError } from '../../errors.ts'
import {
  addSharingGroupOrg,
  deleteSharingGroup,
  type Executor,
  findOrganisationByRef,
  findOrganisations,
  findSharingGroup,
  findSharingGroupByName,
  findSharingGroupByUuid,
  insertSharingGroup,
  listSharingGroups,
  listSharingGroupsWithOrgs,
  readableSharingGroupIds,
  removeSharingGroupOrg,
  type SharingGroupWithOrgs,
  sharingGroupUsers,
  updateSharingGroup,
} from '../../store/index.ts'
import { flag } from '../attributes/attribute-input.ts'
import { parseId } from '../local-backend.ts'
import { auditLog, changeText, forbidden, type PlatformContext } from '../platform-context.ts'
import type { Actor, MispJson } from '../types.ts'
import {
  canCreateSharingGroups,
  canDeleteSharingGroup,
  canExtendSharingGroup,
  canReadSharingGroup,
  SHARING_GROUP_MESSAGES,
} from './sharing-group-access.ts'
import { type SharingGroupIndexEntry, type SharingGroupJson, sharingGroupView } from './sharing-group-rows.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** What the table names in the "still used" refusal. */
const USER_NAMES: Record<string, string> = {
  events: 'events',
  attributes: 'attributes',
  objects: 'objects',
  event_reports: 'event reports',
  threads: 'discussion threads',
}

/** The sharing-group operations (`/sharing_groups/*`). */
export interface SharingGroupService {
  /** The groups the actor may read, each with `editable` and `deletable` as MISP's index says. */
  index(actor: Actor): Promise<SharingGroupIndexEntry[]>
  /** `{SharingGroup, Organisation, SharingGroupOrg, SharingGroupServer}` of a group by id or UUID. */
  view(actor: Actor, id: string): Promise<SharingGroupJson>
  /** Creates a group owned by the actor's organisation; `SharingGroupOrg` lists its other members. */
  add(actor: Actor, body: MispJson): Promise<SharingGroupJson>
  /** Changes a group's name, description, releasability, `active` or `roaming`. */
  edit(actor: Actor, id: string, body: MispJson): Promise<SharingGroupJson>
  /** Deletes an unused group; answers its id. */
  delete(actor: Actor, id: string): Promise<string>
  /** Adds organisation `orgId` (id or UUID) to the group; `extend` as MISP reads it (PHP truthiness). */
  addOrg(actor: Actor, id: string, orgId: string, extend?: unknown): Promise<void>
  /** Removes organisation `orgId` (id or UUID) from the group. */
  removeOrg(actor: Actor, id: string, orgId: string): Promise<void>
}

/** `YYYY-MM-DD HH:MM:SS` in UTC, MISP's datetime column format. */
function datetime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ')
}

function unwrapGroup(body: MispJson | undefined): MispJson {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ValidationError('SharingGroup', 'SharingGroup', 'The body must be a JSON object')
  const inner = body.SharingGroup
  return typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? { ...body, ...inner } : body
}

function optionalText(field: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw new ValidationError('SharingGroup', field, 'Must be a string')
  return value
}

function checkName(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new ValidationError('SharingGroup', 'name', 'This field cannot be left blank')
  if (value.length > 255)
    throw new ValidationError('SharingGroup', 'name', 'The name is too long (255 characters at most)')
  return value.trim()
}

function flagField(field: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'object') throw new ValidationError('SharingGroup', field, 'Must be a boolean')
  return flag(value) ? 1 : 0
}

/** The submitted members: `SharingGroupOrg: [{org_id | Organisation: {id | uuid}, extend}]`. */
function memberInputs(value: unknown): Array<{ ref: string; extend: boolean }> {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw new ValidationError('SharingGroupOrg', 'SharingGroupOrg', 'Must be a list')
  return value.map((entry) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw new ValidationError('SharingGroupOrg', 'org_id', SHARING_GROUP_MESSAGES.invalidOrganisation)
    const org = entry.Organisation
    const ref = entry.org_id ?? (typeof org === 'object' && org !== null ? (org.id ?? org.uuid) : undefined)
    if ((typeof ref !== 'string' && typeof ref !== 'number') || String(ref).trim() === '')
      throw new ValidationError('SharingGroupOrg', 'org_id', SHARING_GROUP_MESSAGES.invalidOrganisation)
    return { ref: String(ref).trim(), extend: flag(entry.extend) }
  })
}

/** The sharing-group operations of the platform. */
export function createSharingGroupService(ctx: PlatformContext): SharingGroupService {
  const db = ctx.store.db

  /** The group by id or UUID with its organisations, or undefined. */
  const load = async (exec: Executor, id: string): Promise<SharingGroupWithOrgs | undefined> => {
    const ref = String(id)
    const numeric = parseId(ref)
    const group = /^[0-9]+$/.test(ref)
      ? numeric === null
        ? undefined
        : await findSharingGroup(exec, numeric)
      : UUID.test(ref)
        ? await findSharingGroupByUuid(exec, ref.toLowerCase())
        : undefined
    return group ? (await listSharingGroupsWithOrgs(exec, [group.id]))[0] : undefined
  }

  /** The group when the actor may read it; otherwise SLC_NOT_FOUND, alike for unknown and hidden. */
  const readable = async (actor: Actor, id: string, notFound: string): Promise<SharingGroupWithOrgs> => {
    const entry = await load(db, id)
    if (!entry || !(await canReadSharingGroup(db, actor, entry.group.id)))
      throw new UserError('SLC_NOT_FOUND', notFound)
    return entry
  }

  /** The group when the actor may change it (edit, addOrg, removeOrg). */
  const extendable = async (actor: Actor, id: string): Promise<SharingGroupWithOrgs> => {
    const entry = await readable(actor, id, SHARING_GROUP_MESSAGES.invalid)
    if (!canExtendSharingGroup(actor, entry)) throw forbidden()
    return entry
  }

  const view = async (id: number): Promise<SharingGroupJson> => {
    const [entry] = await listSharingGroupsWithOrgs(db, [id])
    return sharingGroupView(entry)
  }

  const uniqueName = async (name: string, except?: number): Promise<void> => {
    const clash = await findSharingGroupByName(db, name)
    if (clash && clash.id !== except)
      throw new ValidationError('SharingGroup', 'name', 'A sharing group with this name already exists.')
  }

  /**
   * Adds or removes one organisation (`/sharing_groups/addOrg|removeOrg`): `change` answers
   * false when the membership already was as asked, which is refused naming `org_id`.
   */
  const changeMembership = async (
    actor: Actor,
    id: string,
    orgRef: unknown,
    verb: 'added' | 'removed',
    change: (trx: Executor, groupId: number, orgId: number) => Promise<boolean>,
  ) => {
    const entry = await extendable(actor, id)
    const org = await findOrganisationByRef(db, String(orgRef))
    if (!org) throw new UserError('SLC_NOT_FOUND', SHARING_GROUP_MESSAGES.invalidOrganisation)
    await ctx.store.transaction(async (trx) => {
      if (!(await change(trx, entry.group.id, org.id))) {
        const state = verb === 'added' ? 'already in' : 'not in'
        throw new ValidationError('SharingGroup', 'org_id', `Organisation is ${state} the sharing group.`)
      }
      await updateSharingGroup(trx, entry.group.id, { modified: datetime(ctx.clock.now()) })
      await auditLog(ctx, trx, actor, {
        action: 'edit',
        model: 'SharingGroup',
        modelId: entry.group.id,
        title: `SharingGroup (${entry.group.id}): organisation ${org.name} ${verb}`,
      })
    })
  }
  return {
    async index(actor) {
      const ids = actor.role === 'site_admin' ? undefined : await readableSharingGroupIds(db, actor.orgId)
      const groups = await listSharingGroups(db, ids)
      const entries = await listSharingGroupsWithOrgs(
        db,
        groups.map((group) => group.id),
      )
      return entries.map((entry) => {
        const body = sharingGroupView(entry)
        return {
          ...body,
          SharingGroup: { ...body.SharingGroup, org_count: String(entry.members.length) },
          editable: canExtendSharingGroup(actor, entry),
          deletable: canDeleteSharingGroup(actor, entry),
        }
      })
    },

    async view(actor, id) {
      const entry = await readable(actor, id, SHARING_GROUP_MESSAGES.notVisible)
      return sharingGroupView(entry)
    },

    async add(actor, body) {
      if (!canCreateSharingGroups(actor)) throw forbidden()
      const input = unwrapGroup(body)
      const name = checkName(input.name)
      // As MISP: only a site admin may choose the UUID; others' is ignored.
      let uuid: string = randomUUID()
      if (actor.role === 'site_admin' && input.uuid !== undefined && input.uuid !== null && input.uuid !== '') {
        if (typeof input.uuid !== 'string' || !UUID.test(input.uuid))
          throw new ValidationError('SharingGroup', 'uuid', 'Please provide a valid RFC 4122 UUID')
        uuid = input.uuid.toLowerCase()
        if (await findSharingGroupByUuid(db, uuid))
          throw new ValidationError('SharingGroup', 'uuid', 'The UUID provided is not unique')
      }
      const members = memberInputs(input.SharingGroupOrg)
      const memberIds = new Map<number, boolean>()
      for (const member of members) {
        const org = await findOrganisationByRef(db, member.ref)
        if (!org) throw new ValidationError('SharingGroupOrg', 'org_id', SHARING_GROUP_MESSAGES.invalidOrganisation)
        memberIds.set(org.id, member.extend)
      }
      // The owner is listed as a member with `extend`, as MISP's editor lists the creating organisation.
      memberIds.set(actor.orgId, true)
      await uniqueName(name)
      const owner = (await findOrganisations(db, [actor.orgId])).get(actor.orgId)
      if (!owner) throw forbidden()
      const now = datetime(ctx.clock.now())
      const row = {
        uuid,
        name,
        description: optionalText('description', input.description) ?? '',
        releasability: optionalText('releasability', input.releasability) ?? '',
        organisation_uuid: owner.uuid,
        org_id: owner.id,
        active: flagField('active', input.active) ?? 1,
        roaming: flagField('roaming', input.roaming) ?? 0,
        local: 1,
        created: now,
        modified: now,
      }
      const id = await ctx.store.transaction(async (trx) => {
        const groupId = await insertSharingGroup(trx, row)
        for (const [orgId, extend] of memberIds) await addSharingGroupOrg(trx, groupId, orgId, extend)
        await auditLog(ctx, trx, actor, {
          action: 'add',
          model: 'SharingGroup',
          modelId: groupId,
          title: `SharingGroup (${groupId}): ${name}`,
          change: changeText({}, { name, uuid, releasability: row.releasability }),
        })
        return groupId
      })
      return view(id)
    },

    async edit(actor, id, body) {
      const entry = await extendable(actor, id)
      const input = unwrapGroup(body)
      const changes: Record<string, string | number> = {}
      if (input.name !== undefined) {
        changes.name = checkName(input.name)
        await uniqueName(changes.name, entry.group.id)
      }
      const description = optionalText('description', input.description)
      if (description !== undefined) changes.description = description
      const releasability = optionalText('releasability', input.releasability)
      if (releasability !== undefined) changes.releasability = releasability
      const active = flagField('active', input.active)
      if (active !== undefined) changes.active = active
      const roaming = flagField('roaming', input.roaming)
      if (roaming !== undefined) changes.roaming = roaming
      changes.modified = datetime(ctx.clock.now())
      await ctx.store.transaction(async (trx) => {
        await updateSharingGroup(trx, entry.group.id, changes)
        await auditLog(ctx, trx, actor, {
          action: 'edit',
          model: 'SharingGroup',
          modelId: entry.group.id,
          title: `SharingGroup (${entry.group.id}): ${changes.name ?? entry.group.name}`,
          change: changeText(entry.group as unknown as Record<string, unknown>, changes),
        })
      })
      return view(entry.group.id)
    },

    async delete(actor, id) {
      const entry = await readable(actor, id, SHARING_GROUP_MESSAGES.invalid)
      if (!canDeleteSharingGroup(actor, entry)) throw forbidden()
      await ctx.store.transaction(async (trx) => {
        // Checked in the transaction, so that no record starts using the group between check and delete.
        const users = await sharingGroupUsers(trx, entry.group.id)
        if (users.length > 0) {
          throw new ValidationError(
            'SharingGroup',
            'id',
            `The sharing group could not be deleted: it is used by ${users.map((table) => USER_NAMES[table]).join(', ')}. Move them to another distribution first.`,
          )
        }
        await deleteSharingGroup(trx, entry.group.id)
        await auditLog(ctx, trx, actor, {
          action: 'delete',
          model: 'SharingGroup',
          modelId: entry.group.id,
          title: `SharingGroup (${entry.group.id}): ${entry.group.name}`,
        })
      })
      return String(entry.group.id)
    },

    addOrg: (actor, id, orgRef, extend) =>
      changeMembership(actor, id, orgRef, 'added', (trx, groupId, orgId) =>
        addSharingGroupOrg(trx, groupId, orgId, flag(extend)),
      ),

    removeOrg: (actor, id, orgRef) => changeMembership(actor, id, orgRef, 'removed', removeSharingGroupOrg),
  }
}

/**
 * Users (issue #3): API-key authentication (keys stored as SHA-256 digests; disabled users
 * refused) and MISP's `/admin/users/add|edit|index|view|delete`. Add and edit have trigger sites
 * (spec/ENGINE.md §2.10, §4.1.1): `user-before-save` (blocking, before anything is written) and
 * `user-after-save` (after the commit), both with the flat user fields being saved, secrets
 * stripped. Sluice has no login or logout bookkeeping saves, so nothing here is exempt. A delete
 * is no save: it writes its audit row (log-after-save) and fires no user trigger.
 */
import { randomInt } from 'node:crypto'
import type { Insertable } from 'kysely'
import { UserError, ValidationError } from '../../errors.ts'
import {
  deleteUserRow,
  deleteUserSessions,
  findOrganisation,
  findRole,
  findUser,
  findUserByEmail,
  findUserByKeyHash,
  insertUser,
  listUsersWithRoles,
  type UserRecord,
  type UserTable,
  updateUser,
} from '../../store/index.ts'
import { generateApiKey } from '../bootstrap.ts'
import { parseId } from '../local-backend.ts'
import {
  auditLog,
  BlockedByWorkflowError,
  forbidden,
  nowSeconds,
  type PlatformContext,
  sha256,
} from '../platform-context.ts'
import type { RunChain } from '../runs/run-chain.ts'
import type { Actor, MispJson, Platform } from '../types.ts'
import { hashPassword, randomPassword, verifyPassword } from './password.ts'
import { readUserInput, USER_MESSAGES, type UserInput, unwrapUser } from './user-input.ts'
import { isUserSecret, userColumns, userIndexEntry, withoutSecrets } from './user-rows.ts'

/** The actor's role word from its role's permission flags. */
export function roleOf(row: { perm_site_admin: number; perm_admin: number }): Actor['role'] {
  return row.perm_site_admin === 1 ? 'site_admin' : row.perm_admin === 1 ? 'org_admin' : 'user'
}

/** MISP's mask for the password in REST answers (UsersController). */
const PASSWORD_MASK = '******'

/** Why `/admin/users/delete` refuses (the first is Sluice's own guard, docs/differences-from-misp.md). */
export const USER_DELETE_MESSAGES = {
  self: 'You cannot delete your own user.',
  notAllowed: 'You are not authorised to delete this user.',
} as const

/** MISP's text when an org admin picks a role above its own reach (UsersController, verbatim). */
export const ROLE_NOT_ALLOWED = 'You are not authorised to assign that role to a user.'

/** MISP's log title for a vetoed user save (spec/ENGINE.md §2.10). */
export function userVetoMessage(id: number | string): string {
  return `The workflow \`user-before-save\` prevented the saving of user ${id}`
}

function invalidUser(): UserError {
  return new UserError('SLC_NOT_FOUND', 'Invalid user')
}

/** Fires user-before-save; a veto has written its log row (§2.10) and throws: nothing is saved. */
async function beforeSave(
  ctx: PlatformContext,
  saving: Record<string, unknown>,
  action: 'add' | 'edit',
  id: number,
  chain?: RunChain,
) {
  const result = await ctx.dispatcher.fire(
    'user-before-save',
    withoutSecrets(saving),
    { action, model: 'User', id, message: userVetoMessage(id) },
    { chain },
  )
  if (!result.success) throw new BlockedByWorkflowError(userVetoMessage(id), result.errors)
}

/** The plain columns of an input (everything but the secrets and the ids checked separately). */
function plainColumns(input: UserInput): Record<string, unknown> {
  const columns: Record<string, unknown> = {}
  if (input.email !== undefined) columns.email = input.email
  if (input.nids_sid !== undefined) columns.nids_sid = input.nids_sid
  for (const field of ['gpgkey', 'certif_public', 'external_auth_key'] as const) {
    if (input[field] !== undefined) columns[field] = input[field]
  }
  return { ...columns, ...input.flags }
}

/**
 * MISP's change text for a user edit; secrets are masked as `Log::createLogEntry` masks the
 * password: the row says a secret changed, never what it was or became.
 */
function editChange(before: UserRecord, changes: Record<string, unknown>): string {
  return Object.entries(changes)
    .filter(([key]) => key !== 'date_modified' && key !== 'id')
    .filter(([key, value]) => key === 'password' || String(before[key as keyof UserRecord] ?? '') !== String(value))
    .map(([key, value]) =>
      isUserSecret(key)
        ? `${key} (*****) => (*****)`
        : `${key} (${before[key as keyof UserRecord] ?? ''}) => (${value})`,
    )
    .join(', ')
}

/** MISP's change text for a new user; a secret that was set shows as set, masked (see editChange). */
function addChange(saving: Record<string, unknown>): string {
  return Object.entries(saving)
    .filter(([key, value]) => !isUserSecret(key) || (value !== '' && value !== undefined))
    .map(([key, value]) => `${key} () => (${isUserSecret(key) ? '*****' : value})`)
    .join(', ')
}

/** The user operations of the Platform. */
export function createUserService(ctx: PlatformContext): Platform['users'] {
  const db = ctx.store.db
  // Compared against when the e-mail address is unknown (web sign-in), made on first use.
  let unknownDigest: Promise<string> | undefined
  const unknownUserDigest = () => {
    unknownDigest ??= hashPassword(randomPassword())
    return unknownDigest
  }

  /** The role `roleId` if `actor` may give it (org admins never give a site-admin role they did not find). */
  const assignableRole = async (actor: Actor, roleId: number, current?: number) => {
    const role = await findRole(db, roleId)
    if (!role) throw new ValidationError('User', 'role_id', USER_MESSAGES.invalidRole)
    if (actor.role !== 'site_admin' && role.perm_site_admin === 1 && role.id !== current) {
      throw new UserError('SLC_FORBIDDEN', ROLE_NOT_ALLOWED)
    }
    return role
  }

  const checkEmailFree = async (email: string, ownId?: number) => {
    const existing = await findUserByEmail(db, email)
    if (existing && existing.id !== ownId) throw new ValidationError('User', 'email', USER_MESSAGES.emailTaken)
  }

  /** The user `id` when `actor` administers it: site admins any, org admins their organisation's. */
  const administeredUser = async (actor: Actor, id: string): Promise<UserRecord> => {
    if (actor.role === 'user') throw forbidden()
    const userId = parseId(id)
    const user = userId === null ? undefined : await findUser(db, userId)
    if (!user || (actor.role !== 'site_admin' && user.org_id !== actor.orgId)) throw invalidUser()
    return user
  }

  const checkOrg = async (orgId: number) => {
    if (!(await findOrganisation(db, orgId))) throw new ValidationError('User', 'org_id', USER_MESSAGES.invalidOrg)
  }

  return {
    async authenticate(apiKey) {
      if (typeof apiKey !== 'string' || apiKey.trim() === '') return null
      const row = await findUserByKeyHash(ctx.store.db, sha256(apiKey.trim()))
      if (!row || row.disabled === 1) return null
      return { userId: row.id, orgId: row.org_id, email: row.email, role: roleOf(row) }
    },

    async authenticatePassword(email, password) {
      if (typeof email !== 'string' || typeof password !== 'string' || email === '' || password === '') return null
      const row = await findUserByEmail(ctx.store.db, email.trim())
      // The digest is checked even for an unknown address, so timing does not tell which addresses exist.
      const isMatch = await verifyPassword(password, row?.password || (await unknownUserDigest()))
      if (!row || !isMatch || row.disabled === 1) return null
      const role = await findRole(db, row.role_id)
      return role ? { userId: row.id, orgId: row.org_id, email: row.email, role: roleOf(role) } : null
    },

    async add(actor, body) {
      if (actor.role === 'user') throw forbidden()
      const fields = unwrapUser(body)
      for (const field of ['email', 'role_id'] as const) {
        if (fields[field] === undefined || fields[field] === null || fields[field] === '')
          throw new ValidationError('User', field, USER_MESSAGES.mandatory)
      }
      const input = readUserInput(fields)
      // Org admins create users of their own organisation only, whatever the body says.
      const orgId = actor.role === 'site_admin' ? (input.org_id ?? actor.orgId) : actor.orgId
      const role = await assignableRole(actor, input.role_id!)
      await checkOrg(orgId)
      await checkEmailFree(input.email!)
      const now = nowSeconds(ctx)
      // The fields MISP saves for a REST add, with its defaults, in its order; date_modified last (beforeSave).
      const saving: Record<string, unknown> = {
        email: input.email,
        org_id: orgId,
        role_id: role.id,
        nids_sid: input.nids_sid ?? randomInt(1_000_000, 10_000_000),
        server_id: 0,
        gpgkey: '',
        certif_public: '',
        autoalert: 1,
        contactalert: 0,
        disabled: 0,
        invited_by: actor.userId,
        change_pw: 1,
        termsaccepted: 0,
        newsread: 0,
        external_auth_required: 0,
        external_auth_key: '',
        ...plainColumns(input),
        date_created: now,
        last_pw_change: now,
        date_modified: now,
      }
      await beforeSave(ctx, saving, 'add', 0, actor.chain)

      const apiKey = input.authkey ?? generateApiKey()
      const password = await hashPassword(input.password ?? randomPassword())
      const id = await ctx.store.transaction(async (trx) => {
        const userId = await insertUser(trx, {
          ...(saving as Partial<Insertable<UserTable>>),
          email: input.email!,
          org_id: orgId,
          role_id: role.id,
          password,
          authkey_hash: sha256(apiKey),
          authkey_start: apiKey.slice(0, 4),
        })
        await auditLog(ctx, trx, actor, {
          action: 'add',
          model: 'User',
          modelId: userId,
          title: `User (${userId}): ${input.email}`,
          change: addChange(saving),
        })
        // Cake appends the new id to the saved data before afterSave runs. In the transaction:
        // the deferred run's job commits with the user (docs/queue.md).
        const saved = { ...withoutSecrets(saving), id: String(userId) }
        await ctx.dispatcher.fire(
          'user-after-save',
          saved,
          { action: 'add', model: 'User', id: userId },
          { isRawTransferred: true, chain: actor.chain, db: trx },
        )
        return userId
      })
      const user = (await findUser(db, id))!
      // MISP shows the new key in the answer to add, once; it is stored only as a digest.
      return { User: userColumns(user, { password: PASSWORD_MASK, authkey: apiKey }) }
    },

    async edit(actor, id, body) {
      if (actor.role === 'user') throw forbidden()
      const userId = parseId(id)
      const before = userId === null ? undefined : await findUser(db, userId)
      if (!before || (actor.role !== 'site_admin' && before.org_id !== actor.orgId)) throw invalidUser()
      // As MISP's admin_edit: an org admin does not find a site admin of its organisation, or it
      // could set that admin's key or password and sign in as a site admin.
      if (actor.role !== 'site_admin' && (await findRole(db, before.role_id))?.perm_site_admin === 1)
        throw invalidUser()
      const input = readUserInput(unwrapUser(body))
      const changes: Record<string, unknown> = plainColumns(input)
      if (input.email !== undefined) await checkEmailFree(input.email, before.id)
      // MISP drops org_id from an org admin's edit (a blocked field), it does not refuse it.
      if (input.org_id !== undefined && actor.role === 'site_admin') {
        await checkOrg(input.org_id)
        changes.org_id = input.org_id
      }
      if (input.role_id !== undefined) changes.role_id = (await assignableRole(actor, input.role_id, before.role_id)).id
      const now = nowSeconds(ctx)
      const saving: Record<string, unknown> = { ...changes, id: String(before.id) }
      if (input.password !== undefined) saving.last_pw_change = now
      saving.date_modified = now
      await beforeSave(ctx, saving, 'edit', before.id, actor.chain)

      const columns: Record<string, unknown> = { ...saving }
      delete columns.id
      if (input.password !== undefined) columns.password = await hashPassword(input.password)
      if (input.authkey !== undefined) {
        columns.authkey_hash = sha256(input.authkey)
        columns.authkey_start = input.authkey.slice(0, 4)
      }
      await ctx.store.transaction(async (trx) => {
        await updateUser(trx, before.id, columns)
        // New credentials (a leaked key or password replaced) sign the user's browsers out too.
        if (input.password !== undefined || input.authkey !== undefined) await deleteUserSessions(trx, before.id)
        await auditLog(ctx, trx, actor, {
          action: 'edit',
          model: 'User',
          modelId: before.id,
          title: `User (${before.id}): ${(changes.email as string | undefined) ?? before.email}`,
          change: editChange(before, input.password !== undefined ? { ...changes, password: '' } : changes),
        })
        await ctx.dispatcher.fire(
          'user-after-save',
          withoutSecrets(saving),
          { action: 'edit', model: 'User', id: before.id },
          { isRawTransferred: true, chain: actor.chain, db: trx },
        )
      })
      const user = (await findUser(db, before.id))!
      return { User: userColumns(user, { password: PASSWORD_MASK }) }
    },

    async index(actor) {
      if (actor.role === 'user') throw forbidden()
      const rows = await listUsersWithRoles(db, actor.role === 'site_admin' ? undefined : actor.orgId)
      return rows.map((row): MispJson => userIndexEntry(row))
    },

    async view(actor, id) {
      const user = await administeredUser(actor, id)
      const row = (await listUsersWithRoles(db, user.org_id)).find((entry) => entry.id === user.id)
      if (!row) throw invalidUser()
      return userIndexEntry(row)
    },

    async delete(actor, id) {
      const user = await administeredUser(actor, id)
      // Sluice's guard: deleting oneself could leave the instance without a site admin.
      if (user.id === actor.userId) throw new UserError('SLC_FORBIDDEN', USER_DELETE_MESSAGES.self)
      const role = await findRole(db, user.role_id)
      if (actor.role !== 'site_admin' && role?.perm_site_admin === 1)
        throw new UserError('SLC_FORBIDDEN', USER_DELETE_MESSAGES.notAllowed)
      await ctx.store.transaction(async (trx) => {
        await deleteUserRow(trx, user.id)
        // MISP's __extralog("delete", "User (<id>): <email>"); a delete is no save, so no user trigger fires.
        await auditLog(ctx, trx, actor, {
          action: 'delete',
          model: 'User',
          modelId: user.id,
          title: `User (${user.id}): ${user.email}`,
        })
      })
    },
  }
}

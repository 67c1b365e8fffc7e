/** Queries on `users` and `roles` (issue #3). */
import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Executor } from './database.ts'
import type { RoleTable, UserTable } from './schema.ts'

/** A user row. */
export type UserRecord = Selectable<UserTable>
/** A role row. */
export type RoleRecord = Selectable<RoleTable>

/** The user whose API key hashes to `hash`, with the role, or undefined. */
export function findUserByKeyHash(db: Executor, hash: string) {
  return db
    .selectFrom('users')
    .innerJoin('roles', 'roles.id', 'users.role_id')
    .select([
      'users.id',
      'users.email',
      'users.org_id',
      'users.disabled',
      'roles.perm_site_admin',
      'roles.perm_admin',
      'roles.name as role_name',
    ])
    .where('users.authkey_hash', '=', hash)
    .executeTakeFirst()
}

/** The user with `id`, or undefined. */
export function findUser(db: Executor, id: number): Promise<UserRecord | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The number of users. */
export async function countUsers(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/** Inserts a user and returns its id. */
export async function insertUser(db: Executor, row: Insertable<UserTable>): Promise<number> {
  const { id } = await db.insertInto('users').values(row).returning('id').executeTakeFirstOrThrow()
  return id
}

/** The role named `name`, or undefined. */
export function findRoleByName(db: Executor, name: string): Promise<RoleRecord | undefined> {
  return db.selectFrom('roles').selectAll().where('name', '=', name).executeTakeFirst()
}

/** Inserts a role and returns its id. */
export async function insertRole(db: Executor, row: Insertable<RoleTable>): Promise<number> {
  const { id } = await db.insertInto('roles').values(row).returning('id').executeTakeFirstOrThrow()
  return id
}

/** The user with this e-mail address (case-insensitive, as MySQL compares), or undefined. */
export function findUserByEmail(db: Executor, email: string): Promise<UserRecord | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst()
}

/** Users with their role and organisation, by id; only `orgId`'s users when given. */
export function listUsersWithRoles(db: Executor, orgId?: number) {
  let select = db
    .selectFrom('users')
    .innerJoin('roles', 'roles.id', 'users.role_id')
    .leftJoin('organisations', 'organisations.id', 'users.org_id')
    .selectAll('users')
    .select(['roles.name as role_name', 'roles.perm_site_admin', 'roles.perm_admin', 'organisations.name as org_name'])
  if (orgId !== undefined) select = select.where('users.org_id', '=', orgId)
  return select.orderBy('users.id').execute()
}

/** Changes columns of user `id`. */
export async function updateUser(db: Executor, id: number, changes: Updateable<UserTable>): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute()
}

/** The role with `id`, or undefined. */
export function findRole(db: Executor, id: number): Promise<RoleRecord | undefined> {
  return db.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Queries on `sessions`: browser sessions keyed by the digest of their id (migration 0012, docs/web.md). */
import type { Insertable } from 'kysely'
import type { Executor } from './database.ts'
import type { SessionTable } from './schema.ts'

/** Stores a new session. */
export async function insertSession(db: Executor, row: Insertable<SessionTable>): Promise<void> {
  await db.insertInto('sessions').values(row).execute()
}

/**
 * The session under `digest` with its user and role as they are now, or undefined (unknown
 * digest, or the user is gone): one primary-key read, joined by primary keys.
 */
export function findSessionWithUser(db: Executor, digest: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('roles', 'roles.id', 'users.role_id')
    .select([
      'sessions.csrf_token',
      'sessions.last_seen',
      'users.id as user_id',
      'users.email',
      'users.org_id',
      'users.disabled',
      'roles.perm_site_admin',
      'roles.perm_admin',
    ])
    .where('sessions.digest', '=', digest)
    .executeTakeFirst()
}

/** Sets the session's `last_seen` to `at` (ms), unless another process already set it later. */
export async function touchSession(db: Executor, digest: string, at: number): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen: at })
    .where('digest', '=', digest)
    .where('last_seen', '<', at)
    .execute()
}

/** Removes the session under `digest`. */
export async function deleteSession(db: Executor, digest: string): Promise<void> {
  await db.deleteFrom('sessions').where('digest', '=', digest).execute()
}

/** Removes the sessions last seen before `cutoff` (ms). */
export async function deleteIdleSessions(db: Executor, cutoff: number): Promise<void> {
  await db.deleteFrom('sessions').where('last_seen', '<', cutoff).execute()
}

/** Removes every session of user `userId` (its password or API key changed). */
export async function deleteUserSessions(db: Executor, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute()
}

/**
 * Browser sessions in the database (migration 0012, docs/web.md): the platform side of the API's
 * session store (src/api/sessions.ts), which makes the ids, digests them and decides about idle
 * time. Here a stored session is read with its user's actor *as it is now*: a session keeps only
 * the user id, so a role change shows on the next request, a disabled user's session ends, and a
 * deleted user's sessions went with the user row (`ON DELETE CASCADE`).
 */
import {
  deleteIdleSessions,
  deleteSession,
  findSessionWithUser,
  insertSession,
  type Store,
  touchSession,
} from '../../store/index.ts'
import type { Actor } from '../types.ts'
import { roleOf } from './user-service.ts'

/** A stored session as the API reads it. */
export interface StoredSession {
  /** The session's user as it is now. */
  actor: Actor
  csrfToken: string
  /** ms since the epoch. */
  lastSeen: number
}

/** The stored browser sessions, keyed by the SHA-256 digest of the session id (never the id). */
export interface SessionRecords {
  /** Stores a new session of user `userId`, seen at `at` (ms). */
  add(digest: string, session: { userId: number; csrfToken: string; at: number }): Promise<void>
  /** The session under `digest`, or undefined (unknown, or its user deleted or disabled): one read. */
  find(digest: string): Promise<StoredSession | undefined>
  /** Records that the session was seen at `at` (ms). */
  touch(digest: string, at: number): Promise<void>
  /** Ends the session under `digest`. */
  remove(digest: string): Promise<void>
  /** Ends every session last seen before `cutoff` (ms). */
  removeIdle(cutoff: number): Promise<void>
}

/** The session records over `store`. */
export function createSessionRecords(store: Pick<Store, 'db'>): SessionRecords {
  const { db } = store
  return {
    async add(digest, { userId, csrfToken, at }) {
      await insertSession(db, { digest, user_id: userId, csrf_token: csrfToken, created: at, last_seen: at })
    },
    async find(digest) {
      const row = await findSessionWithUser(db, digest)
      if (!row) return undefined
      // Ended, not only refused: re-enabling the user does not bring an old browser back in.
      if (row.disabled === 1) {
        await deleteSession(db, digest)
        return undefined
      }
      return {
        actor: { userId: row.user_id, orgId: row.org_id, email: row.email, role: roleOf(row) },
        csrfToken: row.csrf_token,
        lastSeen: Number(row.last_seen),
      }
    },
    touch: (digest, at) => touchSession(db, digest, at),
    remove: (digest) => deleteSession(db, digest),
    removeIdle: (cutoff) => deleteIdleSessions(db, cutoff),
  }
}

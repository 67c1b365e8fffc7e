/**
 * Browser sessions (issue #6): a random session id in an HttpOnly cookie maps to the signed-in
 * actor and a CSRF token, kept in this process's memory with an idle timeout. Only the SHA-256
 * of the id is held, so a heap dump does not hand out live cookies. Sessions do not survive a
 * restart and are not shared between `sluice serve` processes (docs/web.md says so).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Actor } from '../platform/index.ts'

/** The cookie that carries the session id. */
export const SESSION_COOKIE = 'sluice_session'

/** A session is forgotten after this long without a request (8 hours). */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000

/** One signed-in browser. */
export interface Session {
  actor: Actor
  csrfToken: string
  lastSeen: number
}

/** The sessions of one app. */
export interface SessionStore {
  /** Starts a session; answers the cookie value (shown once) and the session. */
  create(actor: Actor): { id: string; session: Session }
  /** The live session for a cookie value, refreshed; undefined when unknown or expired. */
  find(id: string | undefined): Session | undefined
  /** Ends a session (sign-out). */
  end(id: string | undefined): void
}

const digest = (id: string) => createHash('sha256').update(id).digest('base64url')

/** Whether `sent` equals the session's CSRF token, in constant time. */
export function isCsrfTokenValid(session: Session, sent: unknown): boolean {
  if (typeof sent !== 'string' || sent === '') return false
  const a = Buffer.from(sent)
  const b = Buffer.from(session.csrfToken)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** An in-memory session store; `now` is injectable for tests. */
export function createSessionStore(now: () => number = Date.now): SessionStore {
  const sessions = new Map<string, Session>()
  const sweep = () => {
    const cutoff = now() - SESSION_IDLE_MS
    for (const [key, session] of sessions) if (session.lastSeen < cutoff) sessions.delete(key)
  }
  return {
    create(actor) {
      sweep()
      const id = randomBytes(32).toString('base64url')
      const session = { actor, csrfToken: randomBytes(32).toString('base64url'), lastSeen: now() }
      sessions.set(digest(id), session)
      return { id, session }
    },
    find(id) {
      if (!id) return undefined
      const key = digest(id)
      const session = sessions.get(key)
      if (!session) return undefined
      if (session.lastSeen < now() - SESSION_IDLE_MS) {
        sessions.delete(key)
        return undefined
      }
      session.lastSeen = now()
      return session
    },
    end(id) {
      if (id) sessions.delete(digest(id))
    },
  }
}

/**
 * Browser sessions (issue #6, docs/web.md): a random session id in an HttpOnly cookie maps to the
 * signed-in user and a CSRF token, stored in the database (`sessions`, migration 0012) through the
 * platform's session records. So a session survives a restart and is accepted by every `sluice
 * serve` process on the same database (the scale-out set-up, docs/queue.md). Only the SHA-256
 * of the id is stored, so the table (or a backup of it) does not hand out live cookies.
 *
 *   request cookie ─▶ SHA-256 ─▶ sessions ⋈ users ⋈ roles (one primary-key read) ─▶ actor as it is now
 *                                    └─ last_seen rewritten only when older than SESSION_TOUCH_MS
 *
 * The user id is stored, not the actor: a role change shows on the next request, a disabled
 * user's sessions end, and a deleted user's went with the user row. A session ends after
 * SESSION_IDLE_MS without a request; idle rows are swept at every sign-in, the only way rows
 * are added.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Actor, SessionRecords } from '../platform/index.ts'

/** The cookie that carries the session id. */
export const SESSION_COOKIE = 'sluice_session'

/** A session is forgotten after this long without a request (8 hours). */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000

/**
 * `last_seen` is written when older than this (1 minute), not on every request: a browser
 * polling the API costs one write a minute, and the idle timeout is at most this much early.
 */
export const SESSION_TOUCH_MS = 60 * 1000

/** One signed-in browser. */
export interface Session {
  actor: Actor
  csrfToken: string
  lastSeen: number
  /** This request moved `lastSeen` on: the cookie's lifetime is renewed with it (`renewSessionCookie`). */
  isRenewed?: boolean
}

/** The sessions of one app. */
export interface SessionStore {
  /** Starts a session; answers the cookie value (shown once) and the session. */
  create(actor: Actor): Promise<{ id: string; session: Session }>
  /** The live session for a cookie value, refreshed; undefined when unknown or expired. */
  find(id: string | undefined): Promise<Session | undefined>
  /** Ends a session (sign-out). */
  end(id: string | undefined): Promise<void>
}

/** The stored key of a session id (base64url SHA-256). */
export const sessionDigest = (id: string) => createHash('sha256').update(id).digest('base64url')

/** Whether `sent` equals the session's CSRF token, in constant time. */
export function isCsrfTokenValid(session: Session, sent: unknown): boolean {
  if (typeof sent !== 'string' || sent === '') return false
  const a = Buffer.from(sent)
  const b = Buffer.from(session.csrfToken)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** A session store over the platform's session records; `now` is injectable for tests. */
export function createSessionStore(records: SessionRecords, now: () => number = Date.now): SessionStore {
  return {
    async create(actor) {
      const at = now()
      await records.removeIdle(at - SESSION_IDLE_MS)
      const id = randomBytes(32).toString('base64url')
      const csrfToken = randomBytes(32).toString('base64url')
      await records.add(sessionDigest(id), { userId: actor.userId, csrfToken, at })
      return { id, session: { actor, csrfToken, lastSeen: at } }
    },
    async find(id) {
      if (!id) return undefined
      const digest = sessionDigest(id)
      const session = await records.find(digest)
      if (!session) return undefined
      const at = now()
      if (session.lastSeen < at - SESSION_IDLE_MS) {
        await records.remove(digest)
        return undefined
      }
      if (session.lastSeen < at - SESSION_TOUCH_MS) {
        await records.touch(digest, at)
        return { ...session, lastSeen: at, isRenewed: true }
      }
      return session
    },
    async end(id) {
      if (id) await records.remove(sessionDigest(id))
    },
  }
}

/**
 * Sets the session cookie `id` (HttpOnly, SameSite=Strict, Secure over TLS) to last as long as
 * the session may stay idle: at sign-in, and again whenever a request renews the session, so that
 * a browser in use all day keeps its cookie past the first 8 hours.
 */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, id: string): void {
  reply.setCookie(SESSION_COOKIE, id, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    maxAge: Math.floor(SESSION_IDLE_MS / 1000),
  })
}

/**
 * Who a request is for. MISP clients send `Authorization: <api key>` on every MISP route; a
 * missing or unknown key answers 403 with MISP's exact body (AppController). The web app signs
 * in once (routes/session.ts) and then sends the session cookie instead: such requests are
 * accepted when no `Authorization` header is present, and a state-changing one (anything but
 * GET/HEAD/OPTIONS) must also carry the session's CSRF token in `X-CSRF-Token`, or it gets 403.
 * The actor found for a request is kept in a per-app WeakMap, so nothing decorates Fastify. A
 * session's actor is read from the user row on every request (sessions.ts), never a stale copy.
 *
 *   Authorization header? ── yes ─▶ API key lookup (unchanged MISP behaviour, no CSRF)
 *          │ no
 *          ▼
 *   session cookie? ── yes ─▶ session ─▶ (unsafe method ⇒ CSRF header must match) ─▶ actor
 *          │ no
 *          ▼
 *   403 MISP "Authentication failed."
 */
import '@fastify/cookie'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Actor, Platform } from '../platform/index.ts'
import { exceptionBody, pathOf } from './misp-responses.ts'
import {
  createSessionStore,
  isCsrfTokenValid,
  SESSION_COOKIE,
  type SessionStore,
  setSessionCookie,
} from './sessions.ts'

/** MISP's text for a request without a usable API key (AppController, verbatim). */
export const AUTH_FAILED_MESSAGE =
  'Authentication failed. Please make sure you pass the API key of an API enabled user along in the Authorization header.'

/** The text for a cookie-authenticated change without the session's CSRF token (CakePHP's Security component). */
export const CSRF_FAILED_MESSAGE = 'The request has been black-holed'

/** The header the web app sends the CSRF token in (web/src/api/client.ts). */
export const CSRF_HEADER = 'x-csrf-token'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** The authentication of one app: its hook, a way for routes to read the actor, its sessions. */
export interface Auth {
  /** An `onRequest` hook: authenticates, or answers 403 with MISP's body. */
  hook(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined>
  /** The actor the hook found for this request (throws if the hook did not run: a wiring bug). */
  actorOf(request: FastifyRequest): Actor
  /** The browser sessions (routes/session.ts signs in and out through them); absent when the platform keeps none. */
  sessions?: SessionStore
}

async function refuse(request: FastifyRequest, reply: FastifyReply, message: string): Promise<FastifyReply> {
  await reply
    .code(403)
    .type('application/json; charset=utf-8')
    .send(exceptionBody(message, pathOf(request.url)))
  return reply
}

/**
 * Builds the authentication for one app over the platform's `users.authenticate` and `sessions`;
 * `now` is the sessions' clock (tests).
 */
export function createAuth(platform: Platform, now: () => number = Date.now): Auth {
  const sessions = platform.sessions && createSessionStore(platform.sessions, now)
  const actors = new WeakMap<FastifyRequest, Actor>()
  return {
    sessions,
    async hook(request, reply) {
      const header = request.headers.authorization
      if (header === undefined) {
        const cookie = request.cookies?.[SESSION_COOKIE]
        const session = await sessions?.find(cookie)
        if (!session || !cookie) return refuse(request, reply, AUTH_FAILED_MESSAGE)
        if (session.isRenewed) setSessionCookie(request, reply, cookie)
        if (!SAFE_METHODS.has(request.method) && !isCsrfTokenValid(session, request.headers[CSRF_HEADER])) {
          return refuse(request, reply, CSRF_FAILED_MESSAGE)
        }
        actors.set(request, { ...session.actor, isRest: true })
        return
      }
      const key = typeof header === 'string' ? header.trim() : ''
      const actor = key === '' ? null : await platform.users.authenticate(key)
      if (!actor) return refuse(request, reply, AUTH_FAILED_MESSAGE)
      // Everything that reaches the platform this way is a REST request (log rows' request_is_rest).
      actors.set(request, { ...actor, isRest: true })
    },
    actorOf(request) {
      const actor = actors.get(request)
      if (!actor) throw new Error('no authenticated actor for this request: the auth hook did not run')
      return actor
    },
  }
}

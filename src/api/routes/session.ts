/**
 * Web sign-in (issue #6): `POST /sluice/session` with `{authkey}` or `{email, password}` starts a
 * browser session (HttpOnly, SameSite=Strict cookie, Secure over TLS) and answers the user and the
 * CSRF token; `GET /sluice/session` answers them again (401 when not signed in); `DELETE
 * /sluice/session` signs out (the CSRF token is required, as for every cookie-authenticated
 * change) and deletes the stored session, in every process on the database. The API key itself
 * never goes into the cookie or any answer.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Actor, Platform } from '../../platform/index.ts'
import { CSRF_FAILED_MESSAGE, CSRF_HEADER } from '../auth.ts'
import { exceptionBody, pathOf } from '../misp-responses.ts'
import { rejectNulCharacters } from '../nul-characters.ts'
import { createSignInThrottle, type SignInThrottle } from '../sign-in-throttle.ts'
import { isCsrfTokenValid, SESSION_COOKIE, type Session, type SessionStore, setSessionCookie } from '../sessions.ts'

/** The answer when the credentials do not identify an enabled user. */
export const SIGN_IN_FAILED_MESSAGE = 'Sign-in failed: unknown API key, or wrong e-mail address or password.'

/** The answer once a client address has failed too often (sign-in-throttle.ts). */
export const TOO_MANY_ATTEMPTS_MESSAGE = 'Too many failed sign-ins from this address; try again later.'

/** The answer to a sign-in whose body is not `application/json`. */
export const JSON_ONLY_MESSAGE = 'Sign in with a JSON body (Content-Type: application/json).'

/** The answer to `GET`/`DELETE /sluice/session` without a live session. */
export const NOT_SIGNED_IN_MESSAGE = 'Not signed in.'

const ERROR = Type.Object({ name: Type.String(), message: Type.String(), url: Type.String() })
const SESSION = Type.Object({
  user: Type.Object({
    id: Type.Number(),
    email: Type.String(),
    org_id: Type.Number(),
    role: Type.Union([Type.Literal('site_admin'), Type.Literal('org_admin'), Type.Literal('user')]),
  }),
  csrf_token: Type.String(),
})
const SIGN_IN = Type.Union([
  Type.Object({ authkey: Type.String({ minLength: 1, maxLength: 200 }) }),
  Type.Object({
    email: Type.String({ minLength: 1, maxLength: 255 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  }),
])

/** Options of the session routes. */
export interface SessionRouteDeps {
  platform: Platform
  sessions: SessionStore
  /** Failed sign-ins per client address (default: 10 per 15 minutes). */
  throttle?: SignInThrottle
}

function sessionBody(session: Session) {
  const { actor } = session
  return {
    user: { id: actor.userId, email: actor.email, org_id: actor.orgId, role: actor.role },
    csrf_token: session.csrfToken,
  }
}

function fail(request: FastifyRequest, reply: FastifyReply, status: number, message: string) {
  return reply.code(status).send(exceptionBody(message, pathOf(request.url)))
}

/** Registers `/sluice/session` (GET, POST, DELETE). */
export const sessionRoutes: FastifyPluginAsyncTypebox<SessionRouteDeps> = async (app, options) => {
  const { platform, sessions } = options
  const throttle = options.throttle ?? createSignInThrottle()
  const tags = ['session']
  app.post(
    '/sluice/session',
    {
      preValidation: rejectNulCharacters,
      schema: {
        tags,
        summary: 'Sign in to the web app with an API key or an e-mail address and password',
        body: SIGN_IN,
        response: { 200: SESSION, 401: ERROR, 415: ERROR, 429: ERROR },
      },
    },
    async (request, reply) => {
      // JSON only: a cross-site HTML form cannot send it, so no other site can sign a browser in.
      if (!String(request.headers['content-type'] ?? '').startsWith('application/json')) {
        return fail(request, reply, 415, JSON_ONLY_MESSAGE)
      }
      if (!throttle.allows(request.ip)) return fail(request, reply, 429, TOO_MANY_ATTEMPTS_MESSAGE)
      // Counted as a failure before the credentials are checked (taken back when they hold):
      // concurrent attempts all passed `allows` while the first was still hashing its password.
      throttle.fail(request.ip)
      const body = request.body as { authkey?: string; email?: string; password?: string }
      let actor: Actor | null = null
      if (typeof body.authkey === 'string') actor = await platform.users.authenticate(body.authkey)
      else if (typeof body.email === 'string' && typeof body.password === 'string') {
        actor = await platform.users.authenticatePassword(body.email, body.password)
      }
      if (!actor) return fail(request, reply, 401, SIGN_IN_FAILED_MESSAGE)
      throttle.succeed(request.ip)
      // A new id on every sign-in: a cookie planted before sign-in never becomes a live session.
      await sessions.end(request.cookies?.[SESSION_COOKIE])
      const { id, session } = await sessions.create(actor)
      setSessionCookie(request, reply, id)
      return sessionBody(session)
    },
  )

  app.get(
    '/sluice/session',
    { schema: { tags, summary: 'The signed-in user and the CSRF token', response: { 200: SESSION, 401: ERROR } } },
    async (request, reply) => {
      const id = request.cookies?.[SESSION_COOKIE]
      const session = await sessions.find(id)
      if (!session) return fail(request, reply, 401, NOT_SIGNED_IN_MESSAGE)
      if (session.isRenewed && id) setSessionCookie(request, reply, id)
      return sessionBody(session)
    },
  )

  app.delete(
    '/sluice/session',
    {
      schema: {
        tags,
        summary: 'Sign out (send the CSRF token in X-CSRF-Token)',
        response: { 200: Type.Object({ message: Type.String() }), 401: ERROR, 403: ERROR },
      },
    },
    async (request, reply) => {
      const id = request.cookies?.[SESSION_COOKIE]
      const session = await sessions.find(id)
      if (!session) return fail(request, reply, 401, NOT_SIGNED_IN_MESSAGE)
      if (!isCsrfTokenValid(session, request.headers[CSRF_HEADER]))
        return fail(request, reply, 403, CSRF_FAILED_MESSAGE)
      await sessions.end(id)
      reply.clearCookie(SESSION_COOKIE, { path: '/' })
      return { message: 'Signed out.' }
    },
  )
}

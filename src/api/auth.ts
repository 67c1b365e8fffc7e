/**
 * MISP's API key authentication: `Authorization: <api key>` on every MISP route; a missing or
 * unknown key answers 403 with MISP's exact body (AppController). The actor found for a request
 * is kept in a per-app WeakMap, so that nothing decorates the Fastify instance or its requests.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Actor, Platform } from '../platform/index.ts'
import { exceptionBody, pathOf } from './misp-responses.ts'

/** MISP's text for a request without a usable API key (AppController, verbatim). */
export const AUTH_FAILED_MESSAGE =
  'Authentication failed. Please make sure you pass the API key of an API enabled user along in the Authorization header.'

/** The authentication of one app: its hook and a way for routes to read the actor. */
export interface Auth {
  /** An `onRequest` hook: authenticates, or answers 403 with MISP's body. */
  hook(request: FastifyRequest, reply: FastifyReply): Promise<void>
  /** The actor the hook found for this request (throws if the hook did not run: a wiring bug). */
  actorOf(request: FastifyRequest): Actor
}

/** Builds the authentication for one app over the platform's `users.authenticate`. */
export function createAuth(platform: Platform): Auth {
  const actors = new WeakMap<FastifyRequest, Actor>()
  return {
    async hook(request, reply) {
      const header = request.headers.authorization
      const key = typeof header === 'string' ? header.trim() : ''
      const actor = key === '' ? null : await platform.users.authenticate(key)
      if (!actor) {
        await reply
          .code(403)
          .type('application/json; charset=utf-8')
          .send(exceptionBody(AUTH_FAILED_MESSAGE, pathOf(request.url)))
        return reply
      }
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

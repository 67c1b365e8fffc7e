/**
 * `/sluice/queue` (docs/queue.md "Dead jobs"): the deferred-work queue's depth and its newest dead
 * jobs with their last errors; `POST /sluice/queue/retry` puts dead jobs back in the queue once
 * what killed them is fixed, `POST /sluice/queue/discard` removes them. Each POST takes an
 * optional `{"ids": [...]}` (ids as `GET /sluice/queue` lists them; none: every dead job) and is
 * written to the audit log by the platform.
 *
 * Site admins only, with the API key as on `/sluice/metrics` (bare or as a bearer token).
 */
import { Type } from '@fastify/type-provider-typebox'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Actor, Platform } from '../../platform/index.ts'
import { MispError } from '../schemas/common.ts'
import { refuse, siteAdminOf } from './sluice-metrics.ts'

/** Ids one request may name: a larger clean-up goes without ids (every dead job) or in several. */
export const MAX_DEAD_JOB_IDS = 1000

/** The body of `retry` and `discard`: which dead jobs, or none for all. */
const DeadJobSelection = Type.Object(
  {
    ids: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        maxItems: MAX_DEAD_JOB_IDS,
        description:
          'Dead jobs as `GET /sluice/queue` lists them; absent: every dead job. Unknown ids are not counted.',
      }),
    ),
  },
  { additionalProperties: false },
)

const refusals = { 400: MispError, 403: MispError, 404: MispError }

/** The site admin of each request, found before its body is validated (a stranger gets 403, not 400). */
const admins = new WeakMap<FastifyRequest, Actor>()

/** Registers `/sluice/queue`, `/sluice/queue/retry` and `/sluice/queue/discard`. */
export const sluiceQueueRoutes: FastifyPluginAsync<{ platform: Platform }> = async (app, { platform }) => {
  const requireSiteAdmin = async (request: FastifyRequest, reply: FastifyReply) => {
    const actor = await siteAdminOf(platform, request, reply)
    if (!actor) return reply
    admins.set(request, actor)
  }
  // The body is optional: none means every dead job, as `{}` does.
  const noBodyIsEmpty = async (request: FastifyRequest) => {
    request.body ??= {}
  }
  app.get(
    '/sluice/queue',
    {
      schema: {
        tags: ['sluice'],
        summary: 'Queue depth and dead jobs (site admins)',
        querystring: {
          type: 'object',
          properties: { limit: { type: 'string', pattern: '^[0-9]{1,3}$' } },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      if (!(await siteAdminOf(platform, request, reply))) return reply
      if (!platform.queueStatus) return refuse(request, reply, 404, 'This host has no queue.')
      const { limit } = request.query as { limit?: string }
      return platform.queueStatus(Math.min(500, Math.max(1, Number(limit ?? 50))))
    },
  )
  app.post(
    '/sluice/queue/retry',
    {
      schema: {
        tags: ['sluice'],
        summary: 'Puts dead jobs back in the queue, attempts from zero (site admins)',
        body: DeadJobSelection,
        response: { 200: Type.Object({ retried: Type.Integer() }), ...refusals },
      },
      onRequest: requireSiteAdmin,
      preValidation: noBodyIsEmpty,
    },
    async (request, reply) => {
      if (!platform.deadJobs) return refuse(request, reply, 404, 'This host has no queue.')
      return platform.deadJobs.retry(admins.get(request)!, idsOf(request.body))
    },
  )
  app.post(
    '/sluice/queue/discard',
    {
      schema: {
        tags: ['sluice'],
        summary: 'Removes dead jobs and their stored inputs no run refers to (site admins)',
        body: DeadJobSelection,
        response: { 200: Type.Object({ discarded: Type.Integer() }), ...refusals },
      },
      onRequest: requireSiteAdmin,
      preValidation: noBodyIsEmpty,
    },
    async (request, reply) => {
      if (!platform.deadJobs) return refuse(request, reply, 404, 'This host has no queue.')
      return platform.deadJobs.discard(admins.get(request)!, idsOf(request.body))
    },
  )
}

/** The ids a validated body names; no `ids`: every dead job. */
function idsOf(body: unknown): string[] | undefined {
  return (body as { ids?: string[] }).ids
}

/**
 * `GET /sluice/metrics` (issue #4 point 8, docs/queue.md "Metrics"): runs by trigger and outcome,
 * run and node duration histograms, queue depth and dead jobs, in Prometheus' text format; and
 * `GET /sluice/queue`: the queue's depth and its dead jobs with their last errors, as JSON.
 *
 * Site admins only: trigger names and volumes say what an instance automates. The API key comes
 * in the `Authorization` header as on every MISP route, bare (`Authorization: <key>`) or as a
 * bearer token (`Authorization: Bearer <key>`), which is what Prometheus' `authorization`
 * scrape setting sends. No key or an unknown one: 403 with MISP's body, like the MISP routes.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import type { Platform } from '../../platform/index.ts'
import { PROMETHEUS_CONTENT_TYPE } from '../../platform/metrics/prometheus-text.ts'
import { AUTH_FAILED_MESSAGE } from '../auth.ts'
import { exceptionBody } from '../misp-responses.ts'

/** The API key of an `Authorization` header: bare, or after `Bearer `. */
export function metricsKey(header: string | undefined): string {
  const value = (header ?? '').trim()
  return /^bearer\s+/i.test(value) ? value.replace(/^bearer\s+/i, '').trim() : value
}

function refuse(reply: FastifyReply, status: number, message: string) {
  return reply.code(status).type('application/json; charset=utf-8').send(exceptionBody(message, '/sluice/metrics'))
}

/** Registers `/sluice/metrics`. */
export const sluiceMetricsRoutes: FastifyPluginAsync<{ platform: Platform }> = async (app, { platform }) => {
  app.get(
    '/sluice/metrics',
    { schema: { tags: ['sluice'], summary: 'Run and queue metrics in Prometheus text format (site admins)' } },
    async (request, reply) => {
      const key = metricsKey(request.headers.authorization)
      const actor = key === '' ? null : await platform.users.authenticate(key)
      if (!actor) return refuse(reply, 403, AUTH_FAILED_MESSAGE)
      if (actor.role !== 'site_admin') return refuse(reply, 403, 'You do not have permission to do that.')
      if (!platform.prometheusText) return refuse(reply, 404, 'This host keeps no metrics.')
      return reply.type(PROMETHEUS_CONTENT_TYPE).send(await platform.prometheusText())
    },
  )
}

/**
 * Registers `/sluice/queue`: the deferred-work queue's depth and its newest dead jobs (`limit`,
 * default 50, at most 500) with their last errors, as JSON. Site admins only, keys as above.
 */
export const sluiceQueueRoutes: FastifyPluginAsync<{ platform: Platform }> = async (app, { platform }) => {
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
      const key = metricsKey(request.headers.authorization)
      const actor = key === '' ? null : await platform.users.authenticate(key)
      if (!actor) return refuse(reply, 403, AUTH_FAILED_MESSAGE)
      if (actor.role !== 'site_admin') return refuse(reply, 403, 'You do not have permission to do that.')
      if (!platform.queueStatus) return refuse(reply, 404, 'This host has no queue.')
      const { limit } = request.query as { limit?: string }
      return platform.queueStatus(Math.min(500, Math.max(1, Number(limit ?? 50))))
    },
  )
}

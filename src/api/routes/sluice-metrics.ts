/**
 * `GET /sluice/metrics` (issue #4 point 8, docs/queue.md "Metrics"): runs by trigger and outcome,
 * run and node duration histograms, queue depth and dead jobs, in Prometheus' text format.
 *
 * Site admins only: trigger names and volumes say what an instance automates. The API key comes
 * in the `Authorization` header as on every MISP route, bare (`Authorization: <key>`) or as a
 * bearer token (`Authorization: Bearer <key>`), which is what Prometheus' `authorization`
 * scrape setting sends. No key or an unknown one: 403 with MISP's body, like the MISP routes.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Platform } from '../../platform/index.ts'
import { PROMETHEUS_CONTENT_TYPE } from '../../platform/metrics/prometheus-text.ts'
import { AUTH_FAILED_MESSAGE } from '../auth.ts'
import { exceptionBody, pathOf } from '../misp-responses.ts'

/** The API key of an `Authorization` header: bare, or after `Bearer `. */
export function metricsKey(header: string | undefined): string {
  const value = (header ?? '').trim()
  return /^bearer\s+/i.test(value) ? value.replace(/^bearer\s+/i, '').trim() : value
}

/** Answers MISP's error body with `status` for `request`'s path. */
export function refuse(request: FastifyRequest, reply: FastifyReply, status: number, message: string) {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send(exceptionBody(message, pathOf(request.url)))
}

/**
 * The site admin whose API key `request` carries (bare or as a bearer token), or null once a 403
 * with MISP's body has been sent: no key or an unknown one, or a user who is not a site admin.
 */
export async function siteAdminOf(platform: Platform, request: FastifyRequest, reply: FastifyReply) {
  const key = metricsKey(request.headers.authorization)
  const actor = key === '' ? null : await platform.users.authenticate(key)
  if (!actor) refuse(request, reply, 403, AUTH_FAILED_MESSAGE)
  else if (actor.role !== 'site_admin') refuse(request, reply, 403, 'You do not have permission to do that.')
  else return actor
  return null
}

/** Registers `/sluice/metrics`. */
export const sluiceMetricsRoutes: FastifyPluginAsync<{ platform: Platform }> = async (app, { platform }) => {
  app.get(
    '/sluice/metrics',
    { schema: { tags: ['sluice'], summary: 'Run and queue metrics in Prometheus text format (site admins)' } },
    async (request, reply) => {
      if (!(await siteAdminOf(platform, request, reply))) return reply
      if (!platform.prometheusText) return refuse(request, reply, 404, 'This host keeps no metrics.')
      return reply.type(PROMETHEUS_CONTENT_TYPE).send(await platform.prometheusText())
    },
  )
}

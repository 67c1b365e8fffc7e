/**
 * MISP's `/admin/logs/index` (LogsController::admin_index): the audit log as `[{Log: {...}}]`,
 * filtered by `model`, `action` and `limit` from the query string or MISP's named parameters
 * (`/admin/logs/index/model:Event/action:publish`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@fastify/type-provider-typebox'
import { ERROR_RESPONSES, LooseInt } from '../schemas/common.ts'
import type { RouteDeps } from './route-deps.ts'

const FILTERS = Type.Object({
  model: Type.Optional(Type.String()),
  action: Type.Optional(Type.String()),
  limit: Type.Optional(LooseInt),
})
const LOGS = Type.Array(Type.Record(Type.String(), Type.Unknown()))

/** A percent-encoded value decoded, or as it came when its encoding is broken (`%E0%A4%A`). */
function decodedOrAsIs(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** `model:Event/action:publish` → `{model: 'Event', action: 'publish'}`. */
function namedParams(path: string | undefined): Record<string, string> {
  const named: Record<string, string> = {}
  for (const part of (path ?? '').split('/')) {
    const colon = part.indexOf(':')
    if (colon > 0) named[part.slice(0, colon)] = decodedOrAsIs(part.slice(colon + 1))
  }
  return named
}

function toFilters(source: { model?: string; action?: string; limit?: string | number }) {
  const filters: { model?: string; action?: string; limit?: number } = {}
  if (source.model) filters.model = source.model
  if (source.action) filters.action = source.action
  if (source.limit !== undefined && source.limit !== '') filters.limit = Number(source.limit)
  return filters
}

/** Registers `/admin/logs/index`. */
export const adminLogRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { platform, actorOf }) => {
  app.get(
    '/admin/logs/index',
    {
      schema: {
        tags: ['logs'],
        summary: 'The audit log, newest first (site admins)',
        querystring: FILTERS,
        response: { 200: LOGS, ...ERROR_RESPONSES },
      },
    },
    async (request) => platform.logs.index(actorOf(request), toFilters(request.query)),
  )
  app.get(
    '/admin/logs/index/*',
    {
      schema: {
        tags: ['logs'],
        summary: 'The audit log with MISP named parameters (`/admin/logs/index/model:Event/action:publish`)',
        querystring: FILTERS,
        response: { 200: LOGS, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const named = namedParams((request.params as { '*'?: string })['*'])
      return platform.logs.index(actorOf(request), toFilters({ ...named, ...request.query }))
    },
  )
  app.post(
    '/admin/logs/index',
    {
      schema: {
        tags: ['logs'],
        summary: 'The audit log, filters in the body',
        body: Type.Optional(FILTERS),
        response: { 200: LOGS, ...ERROR_RESPONSES },
      },
    },
    async (request) => platform.logs.index(actorOf(request), toFilters(request.body ?? {})),
  )
}

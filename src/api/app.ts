/**
 * The HTTP app: MISP-compatible routes over the platform, MISP's API key authentication and
 * error bodies, and the OpenAPI document (ARCHITECTURE.md §4–§5, issue #3). `buildApp` takes
 * everything it needs as arguments; `cli/main.ts` does the wiring.
 *
 *   request ─▶ JSON parser (body limit) ─▶ auth hook (MISP routes only) ─▶ schema ─▶ route ─▶ platform
 *                      └──────────── any error ─▶ error-handler.ts (MISP's body and status)
 */
import cookie from '@fastify/cookie'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import type { Platform } from '../platform/index.ts'
import { createAuth } from './auth.ts'
import { createErrorHandler, notFoundHandler } from './error-handler.ts'
import { pathOf } from './misp-responses.ts'
import { rejectNulCharacters } from './nul-characters.ts'
import { adminLogRoutes } from './routes/admin-logs.ts'
import { adminUserRoutes } from './routes/admin-users.ts'
import { debugListenerReceiver, debugListenerRoutes } from './routes/debug-listener.ts'
import { attributeRoutes } from './routes/attributes.ts'
import { discussionRoutes } from './routes/discussions.ts'
import { enrichmentRoutes } from './routes/enrichment.ts'
import { eventImportRoutes } from './routes/event-import.ts'
import { eventReportRoutes } from './routes/event-reports.ts'
import { eventRoutes } from './routes/events.ts'
import { feedRoutes } from './routes/feeds.ts'
import { objectReferenceRoutes } from './routes/object-references.ts'
import { objectRoutes } from './routes/objects.ts'
import { runRoutes } from './routes/runs.ts'
import { sessionRoutes } from './routes/session.ts'
import { serverRoutes } from './routes/servers.ts'
import { shadowAttributeRoutes } from './routes/shadow-attributes.ts'
import { sharingGroupRoutes } from './routes/sharing-groups.ts'
import { sightingRoutes } from './routes/sightings.ts'
import { sluiceMetricsRoutes } from './routes/sluice-metrics.ts'
import { sluiceQueueRoutes } from './routes/sluice-queue.ts'
import { sluiceWorkflowRoutes } from './routes/sluice-workflows.ts'
import { tagRoutes } from './routes/tags.ts'
import { workflowBlueprintRoutes } from './routes/workflow-blueprints.ts'
import { workflowRoutes } from './routes/workflows.ts'
import { webAppRoutes } from './web-app.ts'

/** The default request body limit: 20 MB, enough for large MISP events. */
export const DEFAULT_BODY_LIMIT = 20 * 1024 * 1024

/** What the app is built from. */
export interface AppDeps {
  platform: Platform
  /** A pino logger; without one the app does not log. */
  logger?: FastifyBaseLogger
  /** Sluice's version, shown in the OpenAPI document. */
  version?: string
  /** The largest request body accepted, in bytes (default 20 MB); larger bodies get 413. */
  bodyLimit?: number
  /** The built web app folder (web/dist) served at `/`; without it no web app is served. */
  webRoot?: string
  /** The clock of browser sessions' idle time, in ms since the epoch (tests; default `Date.now`). */
  now?: () => number
  /** Reverse proxies whose `X-Forwarded-For` gives the client's address (trusted-proxies.ts). */
  trustedProxies?: string[]
}

/** The app's Fastify instance, typed with the TypeBox provider. */
export type ApiApp = FastifyInstance<
  FastifyInstance['server'],
  FastifyRequest['raw'],
  FastifyReply['raw'],
  FastifyBaseLogger,
  TypeBoxTypeProvider
>

/** Parses a JSON body; an empty body is no body (PyMISP posts `publish` with none). */
function parseJson(
  _request: FastifyRequest,
  text: string | Buffer,
  done: (error: Error | null, body?: unknown) => void,
) {
  const source = typeof text === 'string' ? text : text.toString('utf8')
  if (source.trim() === '') return done(null, undefined)
  try {
    // Prototype poisoning guard: a `__proto__` key is dropped, never assigned.
    done(
      null,
      JSON.parse(source, (key, value) => (key === '__proto__' ? undefined : value)),
    )
  } catch (error) {
    done(Object.assign(new Error((error as Error).message), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }))
  }
}

/** Where the browsable API documentation lives. */
const DOCS_PREFIX = '/api/docs'

/**
 * Sends `/api/docs/static/index.html?…` to the documentation page. @fastify/swagger-ui 6 makes
 * that redirect by rewriting the URL's ending, so with a query string after it the page
 * redirected to itself forever; this hook answers those requests before its handler does.
 */
function redirectDocsIndexWithQuery(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  if (request.url.includes('?') && pathOf(request.url) === `${DOCS_PREFIX}/static/index.html`) {
    reply.redirect(`${DOCS_PREFIX}/`)
    return
  }
  done()
}

/** Builds the app (not listening yet): `await app.listen({host, port})` or `app.inject(...)`. */
export function buildApp(deps: AppDeps): ApiApp {
  const bodyLimit = deps.bodyLimit ?? DEFAULT_BODY_LIMIT
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    bodyLimit,
    ...(deps.trustedProxies?.length ? { trustProxy: deps.trustedProxies } : {}),
    // MISP clients send ids and flags as numbers or strings; the schemas say which, without coercion.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>() as ApiApp

  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJson)
  // curl -d sends form encoding by default; MISP reads such bodies as JSON too.
  app.addContentTypeParser(['application/x-www-form-urlencoded', 'text/plain'], { parseAs: 'string' }, parseJson)

  app.setErrorHandler(createErrorHandler(bodyLimit))
  app.setNotFoundHandler(notFoundHandler)

  app.register(swagger, {
    openapi: {
      info: {
        title: 'Sluice',
        description:
          'MISP-compatible REST API of Sluice. Authenticate with `Authorization: <API key>` and `Accept: application/json`, as with MISP.',
        version: deps.version ?? '0.0.0',
      },
      components: { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'Authorization' } } },
      security: [{ apiKey: [] }],
    },
  })
  app.register(swaggerUi, { routePrefix: DOCS_PREFIX, uiHooks: { onRequest: redirectDocsIndexWithQuery } })
  app.register(async (docs) => {
    docs.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  })

  app.register(cookie)
  const auth = createAuth(deps.platform, deps.now)
  // Its own API key check: it also takes `Authorization: Bearer <key>`, as Prometheus sends it.
  app.register(sluiceMetricsRoutes, { platform: deps.platform })
  app.register(sluiceQueueRoutes, { platform: deps.platform })
  // Web sign-in only where the platform stores sessions (the database; a test double may not).
  if (auth.sessions) app.register(sessionRoutes, { platform: deps.platform, sessions: auth.sessions })
  // MISP's debug listener takes posts without an API key; Sluice's takes them from this machine only.
  app.register(debugListenerReceiver, { platform: deps.platform })
  if (deps.webRoot) app.register(webAppRoutes, { root: deps.webRoot })
  app.register(async (misp) => {
    misp.addHook('onRequest', auth.hook)
    misp.addHook('preValidation', rejectNulCharacters)
    const routeDeps = { platform: deps.platform, actorOf: auth.actorOf }
    await misp.register(eventRoutes, routeDeps)
    await misp.register(attributeRoutes, routeDeps)
    await misp.register(tagRoutes, routeDeps)
    await misp.register(objectRoutes, routeDeps)
    await misp.register(objectReferenceRoutes, routeDeps)
    await misp.register(sightingRoutes, routeDeps)
    await misp.register(shadowAttributeRoutes, routeDeps)
    await misp.register(eventReportRoutes, routeDeps)
    await misp.register(sharingGroupRoutes, routeDeps)
    await misp.register(serverRoutes, routeDeps)
    await misp.register(adminLogRoutes, routeDeps)
    await misp.register(adminUserRoutes, routeDeps)
    await misp.register(discussionRoutes, routeDeps)
    await misp.register(enrichmentRoutes, routeDeps)
    await misp.register(eventImportRoutes, routeDeps)
    await misp.register(feedRoutes, routeDeps)
    await misp.register(runRoutes, routeDeps)
    await misp.register(workflowRoutes, routeDeps)
    await misp.register(workflowBlueprintRoutes, routeDeps)
    await misp.register(sluiceWorkflowRoutes, routeDeps)
    await misp.register(debugListenerRoutes, routeDeps)
  })
  return app
}

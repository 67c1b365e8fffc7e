/**
 * The enrichment endpoint, MISP's `POST /events/queryEnrichment/<attribute id>/<module>[/Enrichment]`
 * (EventsController): fires `enrichment-before-query` before the query (spec/ENGINE.md §2.10) and
 * answers the module's JSON as it came. A veto answers 403 with MISP's text
 * ``Trigger `enrichment-before-query` blocked enrichment`` and the workflow's errors; MISP raises it
 * as a generic exception (a 500), Sluice says what happened instead. No configured or reachable
 * enrichment service answers 503 with MISP's `Enrichment service not reachable.`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { hasErrorCode } from '../../errors.ts'
import { exceptionBody, MispHttpError, pathOf } from '../misp-responses.ts'
import { ERROR_RESPONSES, isIdOrUuid, MispError } from '../schemas/common.ts'
import { EnrichmentAnswer, QueryEnrichmentParams } from '../schemas/enrichment.ts'
import type { RouteDeps } from './route-deps.ts'

/** MISP's text when the enrichment service cannot be reached (EventsController::queryEnrichment). */
export const ENRICHMENT_UNREACHABLE = 'Enrichment service not reachable.'

/** The optional body's `config`: the module's settings as strings (MISP's `Plugin.Enrichment_<module>_<key>`). */
function moduleConfig(body: unknown): Record<string, string> | undefined {
  const config = (body as { config?: unknown } | undefined)?.config
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return undefined
  return Object.fromEntries(Object.entries(config).map(([key, value]) => [key, String(value)]))
}

/** Registers `/events/queryEnrichment/...`. */
export const enrichmentRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { platform, actorOf }) => {
  const handler = async (request: any, reply: any) => {
    const { attributeId, module, type } = request.params as { attributeId: string; module: string; type?: string }
    const url = pathOf(request.url)
    if (!isIdOrUuid(attributeId)) throw new MispHttpError(404, 'Invalid attribute.')
    if (type !== undefined && type !== 'Enrichment') {
      throw new MispHttpError(405, 'Only the Enrichment module type is supported.')
    }
    if (!platform.enrichment) throw new MispHttpError(501, 'Enrichment is not available on this host.')
    try {
      const [outcome] = await platform.enrichment.query(actorOf(request), {
        module,
        attributeId,
        config: moduleConfig(request.body),
      })
      if (outcome.kind === 'blocked') {
        return reply.code(403).send(exceptionBody(outcome.message, url, outcome.errors))
      }
      return outcome.response
    } catch (error) {
      if (!hasErrorCode(error, 'SLC_ENRICHMENT_UNAVAILABLE')) throw error
      const message = `${ENRICHMENT_UNREACHABLE.replace(/\.$/, '')}: ${(error as Error).message}`
      return reply.code(503).send({ ...exceptionBody(message, url), name: ENRICHMENT_UNREACHABLE })
    }
  }
  const schema = {
    tags: ['enrichment'],
    summary:
      'Query an enrichment module for one attribute (fires enrichment-before-query; a blocking workflow can stop the query)',
    params: QueryEnrichmentParams,
    response: { 200: EnrichmentAnswer, ...ERROR_RESPONSES, 405: MispError, 501: MispError, 503: MispError },
  }
  app.post('/events/queryEnrichment/:attributeId/:module', { schema }, handler)
  app.post('/events/queryEnrichment/:attributeId/:module/:type', { schema }, handler)
}

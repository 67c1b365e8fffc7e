/**
 * `POST /events/import`: a Sluice route (MISP has no endpoint that stores events as a pull). The
 * body is a MISP event (`{Event: {...}}`), a list of them, or a `{response: [...]}` search
 * result; each event is added as a pull and fires `event-after-save-new-from-pull` instead of
 * `event-after-save-new` (spec/ENGINE.md §4.1.1). The answer lists what was imported, skipped
 * (uuid already stored) and refused, with the reason. Site admins only, as a pull is.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { MispAction } from '../misp-responses.ts'
import { MispHttpError } from '../misp-responses.ts'
import { ERROR_RESPONSES, MispError } from '../schemas/common.ts'
import { ImportBody, ImportReportSchema } from '../schemas/enrichment.ts'
import type { RouteDeps } from './route-deps.ts'

const ACTION: MispAction = { controller: 'Events', action: 'import', model: 'Event' }

/** Registers `/events/import`. */
export const eventImportRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { platform, actorOf }) => {
  app.post(
    '/events/import',
    {
      config: { misp: ACTION },
      schema: {
        tags: ['events'],
        summary:
          'Sluice: import MISP events as a pull (fires event-after-save-new-from-pull instead of event-after-save-new); site admins only',
        body: ImportBody,
        response: { 200: ImportReportSchema, ...ERROR_RESPONSES, 501: MispError },
      },
    },
    async (request) => {
      const actor = actorOf(request)
      if (actor.role !== 'site_admin') throw new MispHttpError(403, 'You do not have permission to do that.')
      if (!platform.imports) throw new MispHttpError(501, 'Importing is not available on this host.')
      return platform.imports.importEvents(actor, [{ source: 'body', json: request.body }])
    },
  )
}

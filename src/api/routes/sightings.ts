/**
 * MISP's `/sightings/add` (SightingsController::add): sight the attributes named by value, id
 * or UUID; answers the saved `{Sighting: {...}}` (the last one when several matched).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { MispAction } from '../misp-responses.ts'
import { ERROR_RESPONSES, IdParams } from '../schemas/common.ts'
import { SightingBody, SightingEnvelope } from '../schemas/sightings.ts'
import { envelope, type RouteDeps } from './route-deps.ts'

const TAGS = ['sightings']
const ADD: MispAction = { controller: 'Sightings', action: 'add', model: 'Sighting' }

/** Registers the `/sightings/*` routes. */
export const sightingRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { platform, actorOf }) => {
  const schema = {
    tags: TAGS,
    body: SightingBody,
    response: { 200: SightingEnvelope, ...ERROR_RESPONSES },
  }
  app.post(
    '/sightings/add',
    {
      config: { misp: ADD },
      schema: { ...schema, summary: 'Add a sighting by `value`/`values` or the `id`/`uuid` of an attribute' },
    },
    async (request) => envelope('Sighting', await platform.sightings.add(actorOf(request), request.body)),
  )
  app.post(
    '/sightings/add/:id',
    {
      config: { misp: ADD },
      schema: { ...schema, params: IdParams, summary: 'Add a sighting to the attribute with this id or UUID' },
    },
    async (request) =>
      envelope('Sighting', await platform.sightings.add(actorOf(request), request.body, request.params.id)),
  )
}

/** MISP's `GET /servers/getVersion` (ServersController::getVersion): the instance's version facts. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@fastify/type-provider-typebox'
import { ERROR_RESPONSES } from '../schemas/common.ts'
import type { RouteDeps } from './route-deps.ts'

const VERSION = Type.Object(
  {
    version: Type.String(),
    perm_sync: Type.Boolean(),
    perm_sighting: Type.Boolean(),
    perm_galaxy_editor: Type.Boolean(),
    request_encoding: Type.Array(Type.String()),
    filter_sightings: Type.Boolean(),
  },
  { additionalProperties: true },
)

/** Registers `/servers/getVersion`. */
export const serverRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { platform }) => {
  app.get(
    '/servers/getVersion',
    {
      schema: {
        tags: ['servers'],
        summary: 'The MISP version this instance answers as, and the user’s sync permissions',
        response: { 200: VERSION, ...ERROR_RESPONSES },
      },
    },
    async () => platform.version(),
  )
}

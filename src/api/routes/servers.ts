/**
 * MISP's ServersController subset: `GET /servers/getVersion` (the instance's version facts), and
 * the server settings MISP's set-up steps use (spec/ENGINE.md §6.4): `GET /servers/serverSettings[/<tab>]`,
 * `GET /servers/getSetting/<name>` and `POST /servers/serverSettingsEdit/<name>` with `{"value": …}`,
 * site admins only.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@fastify/type-provider-typebox'
import { ERROR_RESPONSES } from '../schemas/common.ts'
import type { RouteDeps } from './route-deps.ts'
import { ValidationError } from '../../errors.ts'
import { requireSiteAdmin, successBody, workflowAdminOf } from './workflow-admin-access.ts'

const SettingName = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) })
const SettingTab = Type.Object({ tab: Type.String({ minLength: 1, maxLength: 50 }) })

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

/** Registers `/servers/getVersion` and the settings endpoints. */
export const serverRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { platform, actorOf }) => {
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

  const settingsOf = () => workflowAdminOf(platform).serverSettings
  const listSettings = {
    schema: {
      tags: ['servers'],
      summary: 'Server settings with their values, types and levels (`{finalSettings: [...]}`)',
    },
  }
  for (const url of ['/servers/serverSettings', '/servers/serverSettings.json']) {
    app.get(url, listSettings, async (request) => {
      requireSiteAdmin(actorOf(request))
      return settingsOf().list()
    })
  }
  app.get(
    '/servers/serverSettings/:tab',
    { ...listSettings, schema: { ...listSettings.schema, params: SettingTab } },
    async (request) => {
      requireSiteAdmin(actorOf(request))
      const tab = request.params.tab.replace(/\.json$/i, '')
      return settingsOf().list(tab === '' || tab === 'all' ? undefined : tab)
    },
  )
  app.get(
    '/servers/getSetting/:name',
    { schema: { tags: ['servers'], summary: 'One server setting', params: SettingName } },
    async (request) => {
      requireSiteAdmin(actorOf(request))
      return settingsOf().view(request.params.name.replace(/\.json$/i, ''))
    },
  )
  app.post(
    '/servers/serverSettingsEdit/:name',
    {
      schema: {
        tags: ['servers'],
        summary: 'Changes one server setting: `{"value": …}` (or `{"Server": {"value": …}}`), checked against its type',
        params: SettingName,
      },
    },
    async (request) => {
      requireSiteAdmin(actorOf(request))
      const name = request.params.name.replace(/\.json$/i, '')
      const isObject = (value: unknown): value is Record<string, unknown> =>
        typeof value === 'object' && value !== null && !Array.isArray(value)
      const body = isObject(request.body) ? request.body : {}
      const fields = isObject(body.Server) ? body.Server : body
      if (!('value' in fields)) {
        throw new ValidationError('Server', name, 'A value is required: send {"value": …}')
      }
      await settingsOf().edit(name, fields.value)
      return successBody('/servers/serverSettingsEdit', 'Field updated')
    },
  )
}

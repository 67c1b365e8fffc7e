/**
 * MISP's `/workflowBlueprints/…` endpoints (WorkflowBlueprintsController, spec/ENGINE.md §6.3),
 * also under CakePHP's snake_case `/workflow_blueprints/…`; site admins only, no workflow gate
 * (MISP has none here). Export answers MISP's file, byte for byte (docs/workflow-api.md).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { BlueprintSave } from '../../platform/workflows/blueprint-service.ts'
import { type CakePath, filtersOf } from '../cake-url.ts'
import { type CakeAction, cakeActionHandler } from './cake-actions.ts'
import type { RouteDeps } from './route-deps.ts'
import { failureError, httpError, successBody } from './workflow-admin-access.ts'

function idOf(cake: CakePath, request: FastifyRequest): string {
  const id = cake.pass[0]
  if (id === undefined || id === '') throw httpError(404, 'Invalid workflow blueprint', request)
  return id
}

/** A save's answer: the record, or MISP's 403 failure envelope naming the fields. */
function saved(result: BlueprintSave, action: string, url: string, id?: string) {
  if (result.saved) return result.blueprint
  const messages = Object.entries(result.errors).map(([name, list]) => `${name}: ${list.join(' ')}`)
  return Promise.reject(
    failureError(url, `Could not ${action} workflowBlueprint`, result.errors, id, messages.join(', ')),
  )
}

/** The actions, by MISP's action name (exported so that tests walk every action). */
export const BLUEPRINT_ACTIONS: Record<string, CakeAction> = {
  index: {
    methods: ['GET', 'POST'],
    run: ({ admin, cake, body }) => admin.blueprints.index(filtersOf(cake.named, body)),
  },
  view: {
    methods: ['GET', 'POST'],
    async run({ admin, cake, body, request }) {
      const id = idOf(cake, request)
      const format = cake.named.format ?? (filtersOf({}, body).format || undefined)
      if (format === undefined) return admin.blueprints.view(id)
      if (format !== 'mermaid' && format !== 'dot') throw httpError(400, 'format must be dot or mermaid', request)
      return { message: await admin.blueprints.graph(id, format) }
    },
  },
  add: {
    methods: ['POST'],
    run: async ({ admin, body }) => saved(await admin.blueprints.add(body), 'add', '/workflow_blueprints/add'),
  },
  edit: {
    methods: ['POST', 'PUT'],
    async run({ admin, cake, body, request }) {
      const id = idOf(cake, request)
      return saved(await admin.blueprints.edit(id, body), 'edit', `/workflow_blueprints/edit/${id}`, id)
    },
  },
  delete: {
    methods: ['POST', 'DELETE'],
    async run({ admin, cake, request }) {
      const id = idOf(cake, request)
      await admin.blueprints.delete(id)
      return successBody(`/workflow_blueprints/delete/${id}`, 'WorkflowBlueprint deleted.', id)
    },
  },
  import: {
    methods: ['POST'],
    run: async ({ admin, body }) => saved(await admin.blueprints.import(body), 'add', '/workflow_blueprints/import'),
  },
  export: {
    methods: ['GET'],
    async run({ admin, cake, request, reply }) {
      const file = await admin.blueprints.export(idOf(cake, request))
      return reply
        .type('application/json')
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .send(file.text)
    },
  },
  update: {
    methods: ['POST', 'PUT'],
    async run({ admin, cake }) {
      // MISP: any value of the force argument counts, even "false" (§6.3).
      const isForced = cake.pass[0] !== undefined && cake.pass[0] !== ''
      const report = await admin.blueprints.update(isForced)
      return successBody('/workflow_blueprints/update', 'Default workflow blueprints updated', undefined, { report })
    },
  },
}

/** Registers `/workflowBlueprints/*` and `/workflow_blueprints/*`. */
export const workflowBlueprintRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const handler = (prefix: string) => cakeActionHandler(deps, prefix, BLUEPRINT_ACTIONS)
  const schema = {
    tags: ['workflows'],
    summary:
      'MISP’s WorkflowBlueprintsController: index, view, add, edit, delete, import, export, update (docs/workflow-api.md)',
  }
  for (const prefix of ['/workflowBlueprints', '/workflow_blueprints']) {
    app.route({ method: ['GET', 'POST', 'PUT', 'DELETE'], url: prefix, schema, handler: handler(prefix) })
    app.route({ method: ['GET', 'POST', 'PUT', 'DELETE'], url: `${prefix}/*`, schema, handler: handler(prefix) })
  }
}

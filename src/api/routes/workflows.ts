/**
 * MISP's `/workflows/…` endpoints (WorkflowsController, spec/ENGINE.md §6.2), site admins only,
 * behind MISP's gate (`Plugin.Workflow_enable`, §6.1). CakePHP URLs are read as MISP reads
 * them: pass arguments, named parameters (`/scope:event`), an optional `.json` extension, GET or
 * POST where MISP takes both; filters also come from a JSON body.
 *
 *   /workflows/<action>/<pass…>/<name:value…>[.json] ─▶ gate ─▶ WORKFLOW_ACTIONS[action] ─▶ platform.workflowAdmin
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { checkGraph, parseGraph, workflowToDot, workflowToMermaid } from '../../engine/index.ts'
import { hasErrorCode } from '../../errors.ts'
import { type CakePath, filtersOf } from '../cake-url.ts'
import { type CakeAction, cakeActionHandler } from './cake-actions.ts'
import type { RouteDeps } from './route-deps.ts'
import { failureError, httpError, isAjax, successBody } from './workflow-admin-access.ts'
import { isMap } from '../../format/index.ts'

/** MISP's gate message when workflows are off (WorkflowsController::beforeFilter), verbatim. */
export const WORKFLOWS_DISABLED_MESSAGE =
  'The workflow plugin must be enabled to use workflows. Go to `/servers/serverSettings/Plugin` the enable the `Plugin.Workflow` setting'

/** A field of `{Workflow: {...}}` or of the bare body. */
function field(body: unknown, name: string): unknown {
  if (isMap(body) && isMap(body.Workflow) && name in body.Workflow) return body.Workflow[name]
  return isMap(body) ? body[name] : undefined
}

function flag(text: string | undefined, request: FastifyRequest, name: string): boolean {
  if (text === '1') return true
  if (text === '0' || text === undefined) return false
  throw httpError(400, `${name} must be 0 or 1`, request)
}

function formatOf(cake: CakePath, body: unknown): 'mermaid' | 'dot' | undefined {
  const format = cake.named.format ?? field(body, 'format')
  if (format === undefined || format === '') return undefined
  if (format === 'mermaid' || format === 'dot') return format
  return 'invalid' as never
}

function requireArgument(cake: CakePath, index: number, request: FastifyRequest, message: string): string {
  const value = cake.pass[index]
  if (value === undefined || value === '') throw httpError(404, message, request)
  return value
}

const GET_POST = ['GET', 'POST']
const WRITE = ['POST', 'PUT']

/** The actions, by MISP's action name (exported so that tests walk every action). */
export const WORKFLOW_ACTIONS: Record<string, CakeAction> = {
  index: {
    methods: GET_POST,
    run: ({ admin, cake, body }) => admin.workflows.index(filtersOf(cake.named, body)),
  },
  view: {
    methods: GET_POST,
    async run({ admin, cake, body, request }) {
      const id = requireArgument(cake, 0, request, 'Invalid Workflow.')
      const format = formatOf(cake, body)
      if (format === undefined) return admin.workflows.view(id)
      if ((format as string) === 'invalid') throw httpError(400, 'format must be dot or mermaid', request)
      const { Workflow } = await admin.workflows.view(id, true)
      const graph = parseGraph(Workflow.data)
      return { message: format === 'dot' ? workflowToDot(graph) : workflowToMermaid(graph) }
    },
  },
  edit: {
    methods: ['GET', 'POST', 'PUT'],
    async run({ admin, cake, body, request }) {
      const id = requireArgument(cake, 0, request, 'Invalid Workflow.')
      // MISP renders its HTML form on GET; the JSON answer is the workflow it would show.
      if (request.method === 'GET') return admin.workflows.view(id)
      const result = await admin.workflows.edit(id, body)
      if (!result.saved) throw failureError(`/workflows/edit/${id}`, 'Could not edit Workflow', result.errors, id)
      if (isAjax(request)) {
        return successBody('/workflows/edit', 'Workflow saved.', result.workflow.id, {
          data: { Workflow: result.workflow },
        })
      }
      return { Workflow: result.workflow }
    },
  },
  delete: {
    methods: ['POST', 'DELETE'],
    async run({ admin, cake, request }) {
      const id = requireArgument(cake, 0, request, 'Invalid Workflow.')
      await admin.workflows.delete(id)
      return successBody(`/workflows/delete/${id}`, 'Workflow deleted.', id)
    },
  },
  editor: {
    methods: GET_POST,
    async run({ admin, cake, request }) {
      const target = requireArgument(cake, 0, request, 'Invalid Workflow.')
      if (/^[0-9]+$/.test(target)) return admin.workflows.view(target)
      try {
        return await admin.workflows.openForTrigger(target)
      } catch (error) {
        if (!hasErrorCode(error, 'SLC_UNKNOWN_TRIGGER')) throw error
        throw failureError(`/workflows/editor/${target}`, 'Could not add Workflow', `Unkown trigger ${target}`, target)
      }
    },
  },
  triggers: {
    methods: GET_POST,
    run: ({ admin, cake, body }) => admin.modules.triggers(filtersOf(cake.named, body)),
  },
  moduleIndex: {
    methods: GET_POST,
    run: ({ admin, cake, body }) => admin.modules.moduleIndex(filtersOf(cake.named, body)),
  },
  moduleView: {
    methods: GET_POST,
    run: ({ admin, cake, request }) =>
      admin.modules.moduleView(requireArgument(cake, 0, request, 'Invalid trigger ID')),
  },
  checkGraph: {
    methods: ['POST'],
    async run({ admin, body, request }) {
      let graph = field(body, 'graph')
      if (typeof graph === 'string') {
        try {
          graph = JSON.parse(graph)
        } catch {
          throw httpError(400, 'graph is not valid JSON', request)
        }
      }
      if (!isMap(graph) && !Array.isArray(graph))
        throw httpError(400, 'graph (the workflow graph) is required', request)
      return checkGraph(parseGraph(graph), admin.registry)
    },
  },
  toggleModule: {
    methods: WRITE,
    async run({ admin, cake, request }) {
      const id = requireArgument(cake, 0, request, 'Invalid trigger ID')
      const isEnabled = flag(cake.pass[1], request, 'enabled')
      const isTrigger = flag(cake.pass[2], request, 'is_trigger')
      const text = `${isEnabled ? 'Enabled' : 'Disabled'} module ${id}`
      if (!(await admin.modules.toggle(id, isEnabled, isTrigger))) {
        throw failureError(
          `/workflows/toggle_module/${id}`,
          'Could not toggle_module Workflow',
          `Could not ${text}`,
          id,
        )
      }
      return successBody(`/workflows/toggle_module/${id}`, text, id)
    },
  },
  massToggleField: {
    methods: WRITE,
    async run({ admin, cake, body, request }) {
      if (cake.pass[0] !== 'enabled')
        throw httpError(405, `The field \`${cake.pass[0] ?? ''}\` cannot be toggled`, request)
      const isEnabled = flag(cake.pass[1], request, 'enabled')
      const isTrigger = flag(cake.pass[2], request, 'is_trigger')
      let ids = field(body, 'module_ids')
      if (typeof ids === 'string') {
        try {
          ids = JSON.parse(ids)
        } catch {
          throw httpError(400, 'module_ids is not valid JSON', request)
        }
      }
      if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) {
        throw httpError(400, 'module_ids must be a JSON list of module ids', request)
      }
      const toggled = await admin.modules.massToggle(ids, isEnabled, isTrigger)
      const url = '/workflows/massToggleField'
      if (toggled.length === 0) {
        const text = isEnabled ? 'Could not enable modules' : 'Could not disable modules'
        throw failureError(url, text, text, ids)
      }
      return successBody(url, `${isEnabled ? 'Enabled' : 'Disabled'} ${toggled.length} modules`, ids)
    },
  },
  debugToggleField: {
    methods: ['POST'],
    async run({ admin, cake, request }) {
      if (!isAjax(request)) throw httpError(405, 'This action is available via AJAX only.', request)
      const id = requireArgument(cake, 0, request, 'Invalid Workflow.')
      const isEnabled = flag(cake.pass[1], request, 'enabled')
      await admin.workflows.setDebug(id, isEnabled)
      return successBody(`/workflows/toggle_debug/${id}`, isEnabled ? 'Enabled debug mode' : 'Disabled debug mode', id)
    },
  },
  executeWorkflow: {
    methods: WRITE,
    run: ({ admin, cake, body, request }) =>
      admin.runs.executeWorkflow(requireArgument(cake, 0, request, 'Invalid Workflow.'), body),
  },
  moduleStatelessExecution: {
    methods: ['POST'],
    run: ({ admin, cake, body, request }) =>
      admin.runs.executeModule(requireArgument(cake, 0, request, 'Invalid module ID'), body),
  },
  rebuildRedis: {
    methods: GET_POST,
    // Sluice keeps which workflow listens to which trigger in its database: nothing to rebuild,
    // and the enabled modules survive (MISP wipes them, §5.5).
    run: async () => successBody('/workflows/rebuildRedis', 'Workflow registry rebuilt'),
  },
}

/** Registers `/workflows/*`. */
export const workflowRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const handle = cakeActionHandler(deps, '/workflows', WORKFLOW_ACTIONS, async (admin, request) => {
    if (!(await admin.isWorkflowEnabled())) throw httpError(403, WORKFLOWS_DISABLED_MESSAGE, request)
  })
  const schema = {
    tags: ['workflows'],
    summary:
      'MISP’s WorkflowsController: index, view, edit, delete, editor, triggers, moduleIndex, moduleView, checkGraph, toggleModule, massToggleField, debugToggleField, executeWorkflow, moduleStatelessExecution, rebuildRedis (docs/workflow-api.md)',
  }
  app.route({ method: ['GET', 'POST', 'PUT', 'DELETE'], url: '/workflows', schema, handler: handle })
  app.route({ method: ['GET', 'POST', 'PUT', 'DELETE'], url: '/workflows/*', schema, handler: handle })
}

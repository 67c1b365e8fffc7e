/**
 * The action dispatch the workflow administration controllers share (`/workflows/…`,
 * `/workflowBlueprints/…`; spec/ENGINE.md §6.1): a site admin's request is read as a CakePHP
 * URL and handed to the action of that name, or refused with MISP's 404 / 405.
 *
 *   <prefix>/<action>/<pass…>/<name:value…>[.json] ─▶ site admin? ─▶ actions[action] ─▶ method? ─▶ gate ─▶ run
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { WorkflowAdmin } from '../../platform/workflows/workflow-admin.ts'
import { type CakePath, parseCakePath } from '../cake-url.ts'
import type { RouteDeps } from './route-deps.ts'
import { httpError, pathAfter, requireSiteAdmin, workflowAdminOf } from './workflow-admin-access.ts'

/** What one action gets. */
export interface CakeActionCall {
  admin: WorkflowAdmin
  cake: CakePath
  body: unknown
  request: FastifyRequest
  reply: FastifyReply
}

/** One controller action: the HTTP methods MISP accepts for it, and what it answers. */
export interface CakeAction {
  methods: string[]
  run(call: CakeActionCall): Promise<unknown>
}

/**
 * The Fastify handler for the controller at `prefix`. `gate` runs once the action and method
 * are known to be valid, before the action (the `/workflows` plugin switch, §6.1).
 */
export function cakeActionHandler(
  { platform, actorOf }: RouteDeps,
  prefix: string,
  actions: Record<string, CakeAction>,
  gate?: (admin: WorkflowAdmin, request: FastifyRequest) => Promise<void>,
) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    requireSiteAdmin(actorOf(request))
    const admin = workflowAdminOf(platform)
    const cake = parseCakePath(pathAfter(request, prefix))
    const action = actions[cake.action]
    if (!action) throw httpError(404, 'Not Found', request)
    if (!action.methods.includes(request.method)) throw httpError(405, 'Method Not Allowed', request)
    await gate?.(admin, request)
    return action.run({ admin, cake, body: request.body, request, reply })
  }
}

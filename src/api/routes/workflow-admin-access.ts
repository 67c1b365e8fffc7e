/**
 * What every workflow administration route shares (spec/ENGINE.md §6.1): the services, the
 * site-admin-only rule, MISP's envelopes built with the URL MISP writes, and the path a route
 * answers for.
 */
import type { FastifyRequest } from 'fastify'
import { UnexpectedError, UserError } from '../../errors.ts'
import type { Actor, MispJson, Platform } from '../../platform/index.ts'
import type { WorkflowAdmin } from '../../platform/workflows/workflow-admin.ts'
import { MispHttpError, pathOf } from '../misp-responses.ts'

/** MISP's refusal for a user who is not a site admin (these controllers' ACL is empty). */
export const SITE_ADMIN_ONLY = 'You do not have permission to use this functionality.'

/** The workflow services, or an error when the platform has none (a wiring bug). */
export function workflowAdminOf(platform: Platform): WorkflowAdmin {
  if (!platform.workflowAdmin) throw new UnexpectedError('the platform has no workflow administration services')
  return platform.workflowAdmin
}

/** Refuses anyone but a site admin with MISP's 403. */
export function requireSiteAdmin(actor: Actor): void {
  if (actor.role !== 'site_admin') throw new UserError('SLC_FORBIDDEN', SITE_ADMIN_ONLY)
}

/** MISP's save-success envelope with an explicit URL. */
export function successBody(url: string, message: string, id?: unknown, extra: MispJson = {}): MispJson {
  const body: MispJson = { saved: true, success: true, name: message, message, url }
  if (id !== undefined) body.id = id
  return { ...body, ...extra }
}

/** MISP's save-failure envelope (answered with HTTP 403). */
export function failureError(url: string, name: string, errors: unknown, id?: unknown, message = name): MispHttpError {
  const body: MispJson = { saved: false, name, message, url, errors }
  if (id !== undefined) body.id = id
  return new MispHttpError(403, name, body as never)
}

/** An HTTP error with MISP's `{name, message, url}` body. */
export function httpError(status: number, message: string, request: FastifyRequest): MispHttpError {
  return new MispHttpError(status, message, { name: message, message, url: pathOf(request.url) })
}

/** The request path after `prefix` (`/workflows/`), without the query string. */
export function pathAfter(request: FastifyRequest, prefix: string): string {
  const path = pathOf(request.url)
  return path.slice(path.indexOf(prefix) + prefix.length)
}

/** Whether the request says it comes from the browser's XHR (MISP's `$this->request->is('ajax')`). */
export function isAjax(request: FastifyRequest): boolean {
  return String(request.headers['x-requested-with'] ?? '').toLowerCase() === 'xmlhttprequest'
}

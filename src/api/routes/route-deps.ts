/** What every MISP route plugin receives from `buildApp`: the platform and the request's actor. */
import type { FastifyRequest } from 'fastify'
import type { Actor, MispJson, Platform } from '../../platform/index.ts'

/** Options of a MISP route plugin. */
export interface RouteDeps {
  platform: Platform
  actorOf(request: FastifyRequest): Actor
}

/** `{Event: {...}}` stays as it is; a bare record is put under its model, as MISP answers. */
export function envelope<M extends string>(model: M, record: MispJson): { [K in M]: Record<string, unknown> } {
  const wrapped = record && typeof record === 'object' && model in record ? record : { [model]: record }
  return wrapped as { [K in M]: Record<string, unknown> }
}

/** The body MISP reads: the content of `{<Model>: {...}}`, or the bare body. */
export function unwrap(model: string, body: unknown): MispJson {
  const record = (body ?? {}) as MispJson
  return record[model] && typeof record[model] === 'object' ? { [model]: record[model] } : { [model]: record }
}

/** MISP's `hard` delete flag: a path segment (`/delete/<id>/1`) or the body's `hard` (`{"hard": 1}`). */
export function isHardDelete(segment: string | undefined, body: unknown): boolean {
  const fromBody = typeof body === 'object' && body !== null ? (body as { hard?: unknown }).hard : undefined
  return [segment, fromBody].some((value) => value === true || value === 1 || value === '1' || value === 'true')
}

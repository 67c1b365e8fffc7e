/**
 * MISP's `/events/*` endpoints (EventsController): add, edit, view, index, delete, publish,
 * unpublish, with MISP's response shapes. Ids may be numeric or UUIDs where MISP takes both.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@fastify/type-provider-typebox'
import { hasErrorCode } from '../../errors.ts'
import type { EventIndexFilters as Filters } from '../../platform/index.ts'
import { type MispAction, MispHttpError, exceptionBody, pathOf, saveFail, saveSuccess } from '../misp-responses.ts'
import { ERROR_RESPONSES, IdParams, isIdOrUuid, MispSaveSuccess, MispError } from '../schemas/common.ts'
import { EventBody, EventEnvelope, EventIndexFilters } from '../schemas/events.ts'
import { envelope, type RouteDeps, unwrap } from './route-deps.ts'

const TAGS = ['events']
const action = (name: string): MispAction => ({ controller: 'Events', action: name, model: 'Event' })

/** MISP's text for an event that does not exist or that the user cannot see. */
export const INVALID_EVENT = 'Invalid event'

/** MISP's REST message for a publish without alerts (EventsController::publish). */
export const PUBLISHED_MESSAGE = 'Event published without alerts'

/** MISP's message when a blocking module (workflow) stopped the publication (EventsController::publish). */
export function publishBlockedMessage(errors: string[]): string {
  return `Event publishing failed due to a blocking module failing. The reason for the failure: ${errors.join(', ')}`
}

/** Refuses an id that is neither a number nor a UUID the way MISP does: `Invalid event`. */
function checkId(id: string, url: string): void {
  if (!isIdOrUuid(id)) throw new MispHttpError(404, INVALID_EVENT, exceptionBody(INVALID_EVENT, pathOf(url)))
}

/** `published`, `tags`/`tag`, `org`, `limit`, `page` from a body or query string. */
function indexFilters(source: Record<string, unknown> | undefined): Filters {
  const filters: Filters = {}
  if (!source) return filters
  if (source.published !== undefined) filters.published = [true, 1, '1', 'true'].includes(source.published as never)
  if (typeof source.org === 'string') filters.org = source.org
  const tags = source.tags ?? source.tag
  if (tags !== undefined) filters.tags = Array.isArray(tags) ? tags.map(String) : [String(tags)]
  if (source.limit !== undefined) filters.limit = Number(source.limit)
  if (source.page !== undefined) filters.page = Number(source.page)
  return filters
}

/** Registers the `/events/*` routes. */
export const eventRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { platform, actorOf }) => {
  app.post(
    '/events/add',
    {
      config: { misp: action('add') },
      schema: {
        tags: TAGS,
        summary: 'Create an event (`{Event: {...}}` or the bare event), with its attributes and tags',
        body: EventBody,
        response: { 200: EventEnvelope, ...ERROR_RESPONSES },
      },
    },
    async (request) => envelope('Event', await platform.events.add(actorOf(request), unwrap('Event', request.body))),
  )

  const edit = {
    config: { misp: action('edit') },
    schema: {
      tags: TAGS,
      summary: 'Edit an event by id or UUID; answers the whole event',
      params: IdParams,
      body: EventBody,
      response: { 200: EventEnvelope, ...ERROR_RESPONSES },
    },
  }
  for (const method of ['POST', 'PUT'] as const) {
    app.route({
      method,
      url: '/events/edit/:id',
      ...edit,
      handler: async (request) => {
        checkId(request.params.id, request.url)
        return envelope(
          'Event',
          await platform.events.edit(actorOf(request), request.params.id, unwrap('Event', request.body)),
        )
      },
    })
  }

  app.get(
    '/events/view/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'View an event by id or UUID',
        params: IdParams,
        response: { 200: EventEnvelope, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      checkId(request.params.id, request.url)
      return envelope('Event', await platform.events.view(actorOf(request), request.params.id))
    },
  )

  app.get(
    '/events/index',
    {
      schema: {
        tags: TAGS,
        summary: 'List the events the user can see (filters: published, org, tags, limit, page)',
        querystring: EventIndexFilters,
        response: { 200: Type.Array(Type.Record(Type.String(), Type.Unknown())), ...ERROR_RESPONSES },
      },
    },
    async (request) => platform.events.index(actorOf(request), indexFilters(request.query)),
  )
  app.post(
    '/events/index',
    {
      schema: {
        tags: TAGS,
        summary: 'List the events the user can see, filters in the body',
        body: Type.Optional(EventIndexFilters),
        response: { 200: Type.Array(Type.Record(Type.String(), Type.Unknown())), ...ERROR_RESPONSES },
      },
    },
    async (request) => platform.events.index(actorOf(request), indexFilters(request.body)),
  )

  for (const method of ['POST', 'DELETE'] as const) {
    app.route({
      method,
      url: '/events/delete/:id',
      config: { misp: action('delete') },
      schema: {
        tags: TAGS,
        summary: 'Delete an event by id or UUID',
        params: IdParams,
        response: { 200: MispSaveSuccess, ...ERROR_RESPONSES },
      },
      handler: async (request, reply) => {
        const { id } = request.params
        try {
          if (!isIdOrUuid(id)) throw Object.assign(new Error(INVALID_EVENT), { code: 'SLC_NOT_FOUND' })
          await platform.events.delete(actorOf(request), id)
        } catch (error) {
          // MISP answers an unknown or forbidden event with its save failure, not a 404.
          if (hasErrorCode(error, 'SLC_NOT_FOUND') || hasErrorCode(error, 'SLC_FORBIDDEN')) {
            return reply.code(403).send(saveFail(action('delete'), false, 'Event was not deleted.'))
          }
          throw error
        }
        return saveSuccess(action('delete'), id, 'Event deleted.')
      },
    })
  }

  app.post(
    '/events/publish/:id',
    {
      config: { misp: action('publish') },
      schema: {
        tags: TAGS,
        summary: 'Publish an event (fires event-publish; a blocking workflow can stop it)',
        params: IdParams,
        response: { 200: MispSaveSuccess, 403: MispError, 404: MispError, 500: MispError },
      },
    },
    async (request, reply) => {
      checkId(request.params.id, request.url)
      const result = await platform.events.publish(actorOf(request), request.params.id)
      if (result.published) return saveSuccess(action('publish'), result.eventId, PUBLISHED_MESSAGE)
      const body = saveFail(
        action('publish'),
        result.eventId,
        { Module: 'Module failure.' },
        publishBlockedMessage(result.errors),
      )
      return reply.code(403).send(body)
    },
  )

  app.post(
    '/events/unpublish/:id',
    {
      config: { misp: action('unpublish') },
      schema: {
        tags: TAGS,
        summary: 'Unpublish an event',
        params: IdParams,
        response: { 200: MispSaveSuccess, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      checkId(request.params.id, request.url)
      const event = await platform.events.unpublish(actorOf(request), request.params.id)
      const id = event?.Event?.id ?? event?.id ?? request.params.id
      return saveSuccess({ controller: 'events', action: 'unpublish', model: 'Event' }, id, 'Event unpublished.')
    },
  )
}

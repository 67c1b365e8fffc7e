/**
 * MISP's `/objects/*` endpoints (ObjectsController): add an object with its attributes to an
 * event, edit one by id or UUID; both answer `{Object: {…, Attribute: […]}}`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { exceptionBody, type MispAction, MispHttpError, pathOf } from '../misp-responses.ts'
import { ERROR_RESPONSES, EventIdParams, IdParams, isIdOrUuid } from '../schemas/common.ts'
import { ObjectBody, ObjectEnvelope } from '../schemas/objects.ts'
import { envelope, type RouteDeps } from './route-deps.ts'

const TAGS = ['objects']
const action = (name: string): MispAction => ({ controller: 'Objects', action: name, model: 'Object' })

function checkId(id: string, url: string, message: string): void {
  if (!isIdOrUuid(id)) throw new MispHttpError(404, message, exceptionBody(message, pathOf(url)))
}

/** Registers the `/objects/*` routes. */
export const objectRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { platform, actorOf }) => {
  app.post(
    '/objects/add/:eventId',
    {
      config: { misp: action('add') },
      schema: {
        tags: TAGS,
        summary: 'Add an object with its attributes to an event (id or UUID); fires object-after-save',
        params: EventIdParams,
        body: ObjectBody,
        response: { 200: ObjectEnvelope, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      checkId(request.params.eventId, request.url, 'Invalid event.')
      return envelope('Object', await platform.objects.add(actorOf(request), request.params.eventId, request.body))
    },
  )

  for (const method of ['POST', 'PUT'] as const) {
    app.route({
      method,
      url: '/objects/edit/:id',
      config: { misp: action('edit') },
      schema: {
        tags: TAGS,
        summary: 'Edit an object by id or UUID; submitted attributes replace its attribute list (MISP deltaMerge)',
        params: IdParams,
        body: ObjectBody,
        response: { 200: ObjectEnvelope, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        checkId(request.params.id, request.url, 'Invalid object.')
        return envelope('Object', await platform.objects.edit(actorOf(request), request.params.id, request.body))
      },
    })
  }
}

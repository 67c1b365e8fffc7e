/**
 * MISP's `/objects/*` endpoints (ObjectsController): add an object with its attributes to an
 * event, edit one by id or UUID (both answer `{Object: {…, Attribute: […]}}`), and delete one
 * (MISP's save-success envelope).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@fastify/type-provider-typebox'
import { exceptionBody, type MispAction, MispHttpError, pathOf, saveSuccess } from '../misp-responses.ts'
import { ERROR_RESPONSES, EventIdParams, IdParams, isIdOrUuid, MispSaveSuccess } from '../schemas/common.ts'
import { ObjectBody, ObjectEnvelope } from '../schemas/objects.ts'
import { envelope, isHardDelete, type RouteDeps } from './route-deps.ts'

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

  // `/objects/delete/<id>` soft-deletes; `/objects/delete/<id>/1` (or `{"hard": 1}`) removes for good.
  for (const url of ['/objects/delete/:id', '/objects/delete/:id/:hard']) {
    app.route({
      method: ['POST', 'DELETE'],
      url,
      config: { misp: action('delete') },
      schema: {
        tags: TAGS,
        summary:
          'Delete an object by id or UUID: soft (object-after-save, attribute-after-save per attribute), or hard with `/1`',
        params: Type.Object({ id: Type.String(), hard: Type.Optional(Type.String()) }),
        response: { 200: MispSaveSuccess, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const { id } = request.params
        checkId(id, request.url, 'Invalid object.')
        const hard = isHardDelete(request.params.hard, request.body)
        await platform.objects.delete(actorOf(request), id, hard)
        // MISP's saveSuccessResponse default: "Object deleted".
        return saveSuccess(action('delete'), id)
      },
    })
  }
}

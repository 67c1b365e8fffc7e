/**
 * MISP's `/objectReferences/*` endpoints (ObjectReferencesController): add a reference from an
 * object (id or UUID) to an attribute or object of its event, answering `{ObjectReference}`;
 * delete one by id or UUID, soft or with `/1` hard, answering MISP's save-success envelope.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@fastify/type-provider-typebox'
import { exceptionBody, type MispAction, MispHttpError, pathOf, saveSuccess } from '../misp-responses.ts'
import { ERROR_RESPONSES, isIdOrUuid, MispSaveSuccess, recordEnvelope } from '../schemas/common.ts'
import { isHardDelete, type RouteDeps } from './route-deps.ts'

const TAGS = ['objects']
const action = (name: string): MispAction => ({
  controller: 'ObjectReferences',
  action: name,
  model: 'ObjectReference',
})

const REFERENCE_FIELDS = {
  referenced_uuid: Type.Optional(Type.String({ description: 'The attribute or object of the same event' })),
  relationship_type: Type.Optional(Type.String()),
  relationship_type_select: Type.Optional(Type.String()),
  comment: Type.Optional(Type.String()),
}

/** `{ObjectReference: {...}}` or the bare fields. */
const ReferenceBody = Type.Object({
  ...REFERENCE_FIELDS,
  ObjectReference: Type.Optional(Type.Object(REFERENCE_FIELDS)),
})

function checkId(id: string, url: string, message: string): void {
  if (!isIdOrUuid(id)) throw new MispHttpError(404, message, exceptionBody(message, pathOf(url)))
}

/** Registers `/objectReferences/add/:objectId` and `/objectReferences/delete/:id[/:hard]`. */
export const objectReferenceRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { platform, actorOf }) => {
  app.post(
    '/objectReferences/add/:objectId',
    {
      config: { misp: action('add') },
      schema: {
        tags: TAGS,
        summary:
          'Reference an attribute or object of the event from an object (`referenced_uuid`, `relationship_type`)',
        params: Type.Object({ objectId: Type.String() }),
        body: ReferenceBody,
        response: { 200: recordEnvelope('ObjectReference'), ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      checkId(request.params.objectId, request.url, 'Invalid object.')
      return (await platform.objectReferences.add(actorOf(request), request.params.objectId, request.body)) as {
        ObjectReference: Record<string, unknown>
      }
    },
  )

  for (const url of ['/objectReferences/delete/:id', '/objectReferences/delete/:id/:hard']) {
    app.route({
      method: ['POST', 'PUT', 'DELETE'],
      url,
      config: { misp: action('delete') },
      schema: {
        tags: TAGS,
        summary: 'Delete an object reference by id or UUID: soft, or hard with `/1`',
        params: Type.Object({ id: Type.String(), hard: Type.Optional(Type.String()) }),
        response: { 200: MispSaveSuccess, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const { id } = request.params
        checkId(id, request.url, 'Invalid object reference.')
        await platform.objectReferences.delete(actorOf(request), id, isHardDelete(request.params.hard, request.body))
        // MISP's saveSuccessResponse default: "ObjectReference deleted".
        return saveSuccess(action('delete'), id)
      },
    })
  }
}

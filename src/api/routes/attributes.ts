/**
 * MISP's `/attributes/*` endpoints (AttributesController): add to an event, edit, delete (soft,
 * or hard with `/1`), with MISP's response shapes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { type MispAction, MispHttpError, exceptionBody, pathOf } from '../misp-responses.ts'
import { ERROR_RESPONSES, EventIdParams, IdParams, isIdOrUuid } from '../schemas/common.ts'
import { AttributeBody, AttributeEnvelope, HardDeleteParams } from '../schemas/attributes.ts'
import { Type } from '@fastify/type-provider-typebox'
import { envelope, type RouteDeps, unwrap } from './route-deps.ts'

const TAGS = ['attributes']
const action = (name: string): MispAction => ({ controller: 'Attributes', action: name, model: 'Attribute' })

/** MISP's texts for an unknown event or attribute. */
const INVALID_EVENT = 'Invalid event'
const INVALID_ATTRIBUTE = 'Invalid attribute'

/** MISP's REST answer to a delete (AttributesController::delete). */
export const ATTRIBUTE_DELETED = 'Attribute deleted.'

function checkId(id: string, url: string, message: string): void {
  if (!isIdOrUuid(id)) throw new MispHttpError(404, message, exceptionBody(message, pathOf(url)))
}

/** Registers the `/attributes/*` routes. */
export const attributeRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { platform, actorOf }) => {
  app.post(
    '/attributes/add/:eventId',
    {
      config: { misp: action('add') },
      schema: {
        tags: TAGS,
        summary: 'Add an attribute to an event (id or UUID); `type` and `value` are mandatory',
        params: EventIdParams,
        body: AttributeBody,
        response: { 200: AttributeEnvelope, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      checkId(request.params.eventId, request.url, INVALID_EVENT)
      const body = unwrap('Attribute', request.body)
      return envelope('Attribute', await platform.attributes.add(actorOf(request), request.params.eventId, body))
    },
  )

  app.post(
    '/attributes/edit/:id',
    {
      config: { misp: action('edit') },
      schema: {
        tags: TAGS,
        summary: 'Edit an attribute by id or UUID',
        params: IdParams,
        body: AttributeBody,
        response: { 200: AttributeEnvelope, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      checkId(request.params.id, request.url, INVALID_ATTRIBUTE)
      const body = unwrap('Attribute', request.body)
      return envelope('Attribute', await platform.attributes.edit(actorOf(request), request.params.id, body))
    },
  )

  const deleted = { 200: Type.Object({ message: Type.String() }), ...ERROR_RESPONSES }
  app.post(
    '/attributes/delete/:id',
    { schema: { tags: TAGS, summary: 'Soft-delete an attribute', params: IdParams, response: deleted } },
    async (request) => {
      checkId(request.params.id, request.url, INVALID_ATTRIBUTE)
      await platform.attributes.delete(actorOf(request), request.params.id, false)
      return { message: ATTRIBUTE_DELETED }
    },
  )
  app.post(
    '/attributes/delete/:id/:hard',
    {
      schema: {
        tags: TAGS,
        summary: 'Delete an attribute; `/1` deletes it for good',
        params: HardDeleteParams,
        response: deleted,
      },
    },
    async (request) => {
      checkId(request.params.id, request.url, INVALID_ATTRIBUTE)
      const hard = request.params.hard === '1' || request.params.hard === 'true'
      await platform.attributes.delete(actorOf(request), request.params.id, hard)
      return { message: ATTRIBUTE_DELETED }
    },
  )
}

/**
 * MISP's `/shadow_attributes/*` endpoints (ShadowAttributesController): propose a new
 * attribute for an event, propose a change to an attribute, accept and discard a proposal.
 * A blocking `shadow-attribute-before-save` veto answers 403 and stores nothing.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { MispAction } from '../misp-responses.ts'
import { ERROR_RESPONSES, EventIdParams, IdParams } from '../schemas/common.ts'
import { ProposalAttributeParams, ProposalBody, ProposalDone, ProposalEnvelope } from '../schemas/shadow-attributes.ts'
import { envelope, type RouteDeps } from './route-deps.ts'

const TAGS = ['proposals']
const action = (name: string): MispAction => ({
  controller: 'ShadowAttributes',
  action: name,
  model: 'ShadowAttribute',
})

/** Registers the `/shadow_attributes/*` routes. */
export const shadowAttributeRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { platform, actorOf }) => {
  app.post(
    '/shadow_attributes/add/:eventId',
    {
      config: { misp: action('add') },
      schema: {
        tags: TAGS,
        summary: 'Propose a new attribute for an event',
        params: EventIdParams,
        body: ProposalBody,
        response: { 200: ProposalEnvelope, ...ERROR_RESPONSES },
      },
    },
    async (request) =>
      envelope(
        'ShadowAttribute',
        await platform.shadowAttributes.add(actorOf(request), request.params.eventId, request.body),
      ),
  )
  app.post(
    '/shadow_attributes/edit/:attributeId',
    {
      config: { misp: action('edit') },
      schema: {
        tags: TAGS,
        summary: 'Propose a change to (or, with `proposal_to_delete`, the deletion of) an attribute',
        params: ProposalAttributeParams,
        body: ProposalBody,
        response: { 200: ProposalEnvelope, ...ERROR_RESPONSES },
      },
    },
    async (request) =>
      envelope(
        'ShadowAttribute',
        await platform.shadowAttributes.edit(actorOf(request), request.params.attributeId, request.body),
      ),
  )
  for (const name of ['accept', 'discard'] as const) {
    app.post(
      `/shadow_attributes/${name}/:id`,
      {
        config: { misp: action(name) },
        schema: {
          tags: TAGS,
          summary: name === 'accept' ? 'Accept a proposal into the event' : 'Discard a proposal',
          params: IdParams,
          response: { 200: ProposalDone, ...ERROR_RESPONSES },
        },
      },
      async (request) =>
        (await platform.shadowAttributes[name](actorOf(request), request.params.id)) as {
          name: string
          message: string
          url: string
        },
    )
  }
}

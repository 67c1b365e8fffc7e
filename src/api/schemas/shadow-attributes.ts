/**
 * `/shadow_attributes/*` bodies (ShadowAttributesController): the proposal under
 * `ShadowAttribute` (or `Attribute`/`Proposal`, or bare): `type`, `category`, `value`,
 * `to_ids`, `comment`, `first_seen`, `last_seen`; `proposal_to_delete` on edit.
 */
import { Type } from '@fastify/type-provider-typebox'
import { LooseFlag, recordEnvelope } from './common.ts'

const PROPOSAL_FIELDS = {
  type: Type.Optional(Type.String()),
  category: Type.Optional(Type.String()),
  value: Type.Optional(Type.Union([Type.String(), Type.Number()])),
  to_ids: Type.Optional(LooseFlag),
  uuid: Type.Optional(Type.String()),
  comment: Type.Optional(Type.String()),
  first_seen: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  last_seen: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  proposal_to_delete: Type.Optional(LooseFlag),
}

/** `POST /shadow_attributes/add/:eventId` and `/shadow_attributes/edit/:attributeId`. */
export const ProposalBody = Type.Object({
  ...PROPOSAL_FIELDS,
  ShadowAttribute: Type.Optional(Type.Object(PROPOSAL_FIELDS)),
  Attribute: Type.Optional(Type.Object(PROPOSAL_FIELDS)),
  Proposal: Type.Optional(Type.Object(PROPOSAL_FIELDS)),
})

/** `:attributeId` of `/shadow_attributes/edit`. */
export const ProposalAttributeParams = Type.Object({ attributeId: Type.String() })

/** A proposal as the API answers it (`{ShadowAttribute: {...}}`). */
export const ProposalEnvelope = recordEnvelope('ShadowAttribute')

/** MISP's `{name, message, url}` answer to accept and discard. */
export const ProposalDone = Type.Object({ name: Type.String(), message: Type.String(), url: Type.String() })

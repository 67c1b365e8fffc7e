/**
 * `/attributes/*` bodies: `{"Attribute": {...}}` or the bare attribute, as MISP takes them.
 * `type` and `value` are mandatory for add (MISP's RestResponse `Attribute.add`); the platform
 * checks them and their fit (describeTypes), naming the field.
 */
import { Type } from '@fastify/type-provider-typebox'
import { LooseFlag, LooseId, LooseInt, recordEnvelope, TagRef } from './common.ts'

const ATTRIBUTE_FIELDS = {
  type: Type.Optional(Type.String()),
  category: Type.Optional(Type.String()),
  value: Type.Optional(Type.Union([Type.String(), Type.Number()])),
  to_ids: Type.Optional(LooseFlag),
  uuid: Type.Optional(Type.String()),
  distribution: Type.Optional(LooseInt),
  sharing_group_id: Type.Optional(LooseId),
  timestamp: Type.Optional(LooseId),
  comment: Type.Optional(Type.String()),
  Tag: Type.Optional(Type.Array(TagRef)),
}

/** `POST /attributes/add/:eventId` and `/attributes/edit/:id`. */
export const AttributeBody = Type.Object({
  ...ATTRIBUTE_FIELDS,
  Attribute: Type.Optional(Type.Object(ATTRIBUTE_FIELDS)),
})

/** `/attributes/delete/:id/:hard`. */
export const HardDeleteParams = Type.Object({ id: Type.String(), hard: Type.String() })

/** An attribute as the API answers it (`{Attribute: {...}}`). */
export const AttributeEnvelope = recordEnvelope('Attribute')

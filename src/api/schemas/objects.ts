/**
 * `/objects/*` bodies: `{Object: {name, meta-category, description, template_uuid?,
 * template_version?, distribution, comment, Attribute: [...]}}`, the bare object, or
 * `{Object, Attribute}` (ObjectsController). The platform checks the fields and names them.
 */
import { Type } from '@fastify/type-provider-typebox'
import { LooseFlag, LooseId, LooseInt, recordEnvelope, TagRef } from './common.ts'

const ATTRIBUTE_IN_OBJECT = Type.Object({
  object_relation: Type.Optional(Type.String()),
  type: Type.Optional(Type.String()),
  category: Type.Optional(Type.String()),
  value: Type.Optional(Type.Union([Type.String(), Type.Number()])),
  to_ids: Type.Optional(LooseFlag),
  uuid: Type.Optional(Type.String()),
  distribution: Type.Optional(LooseInt),
  comment: Type.Optional(Type.String()),
  disable_correlation: Type.Optional(LooseFlag),
  first_seen: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  last_seen: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  Tag: Type.Optional(Type.Array(TagRef)),
})

const OBJECT_FIELDS = {
  name: Type.Optional(Type.String()),
  'meta-category': Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  template_uuid: Type.Optional(Type.String()),
  template_version: Type.Optional(LooseInt),
  uuid: Type.Optional(Type.String()),
  distribution: Type.Optional(LooseInt),
  sharing_group_id: Type.Optional(LooseId),
  comment: Type.Optional(Type.String()),
  first_seen: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  last_seen: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  Attribute: Type.Optional(Type.Array(ATTRIBUTE_IN_OBJECT)),
}

/** `POST /objects/add/:eventId` and `/objects/edit/:id`. */
export const ObjectBody = Type.Object({ ...OBJECT_FIELDS, Object: Type.Optional(Type.Object(OBJECT_FIELDS)) })

/** An object as the API answers it (`{Object: {…, Attribute: […]}}`). */
export const ObjectEnvelope = recordEnvelope('Object')

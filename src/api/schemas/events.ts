/**
 * `/events/*` bodies. MISP takes `{"Event": {...}}` and the bare `{...}`, so the body schema
 * holds the event fields both at the top and under `Event`; the mandatory `info` is checked by
 * the platform (MISP's `Could not add Event` with `errors.Event.info`). Unknown keys pass
 * through, as MISP ignores what it does not know.
 */
import { Type } from '@fastify/type-provider-typebox'
import { LooseFlag, LooseId, LooseInt, recordEnvelope, TagRef } from './common.ts'

const ATTRIBUTE_IN_EVENT = Type.Object({
  type: Type.Optional(Type.String()),
  category: Type.Optional(Type.String()),
  value: Type.Optional(Type.Union([Type.String(), Type.Number()])),
  to_ids: Type.Optional(LooseFlag),
  distribution: Type.Optional(LooseInt),
  comment: Type.Optional(Type.String()),
  uuid: Type.Optional(Type.String()),
  id: Type.Optional(LooseId),
  deleted: Type.Optional(LooseFlag),
  Tag: Type.Optional(Type.Array(TagRef)),
})

/** The event fields MISP's `/events/add` and `/events/edit` read (RestResponse `Event.add`). */
const EVENT_FIELDS = {
  info: Type.Optional(Type.String()),
  threat_level_id: Type.Optional(LooseInt),
  analysis: Type.Optional(LooseInt),
  distribution: Type.Optional(LooseInt),
  sharing_group_id: Type.Optional(LooseId),
  uuid: Type.Optional(Type.String()),
  published: Type.Optional(LooseFlag),
  timestamp: Type.Optional(LooseId),
  date: Type.Optional(Type.String()),
  Attribute: Type.Optional(
    Type.Array(ATTRIBUTE_IN_EVENT, {
      description:
        'On edit: an attribute named by uuid (or id) is updated, `deleted: true` soft-deletes it, others are added',
    }),
  ),
  Object: Type.Optional(
    Type.Array(Type.Object({}), {
      description: 'On edit: objects matched like attributes, each with its own `Attribute` list',
    }),
  ),
  Tag: Type.Optional(Type.Array(TagRef, { description: 'On edit: attached, or detached with `deleted: true`' })),
  EventTag: Type.Optional(Type.Array(Type.Object({}))),
}

/** `POST /events/add` and `/events/edit/:id`: `{Event: {...}}` or the bare event. */
export const EventBody = Type.Object({ ...EVENT_FIELDS, Event: Type.Optional(Type.Object(EVENT_FIELDS)) })

/** `/events/index` filters, in the body (POST) or the query string (GET). */
export const EventIndexFilters = Type.Object({
  published: Type.Optional(LooseFlag),
  org: Type.Optional(Type.String()),
  tags: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])),
  tag: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])),
  limit: Type.Optional(LooseInt),
  page: Type.Optional(LooseInt),
})

/** A MISP event as the API answers it (`{Event: {...}}`). */
export const EventEnvelope = recordEnvelope('Event')

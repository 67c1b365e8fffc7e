/**
 * `/sightings/add` bodies (SightingsController::add): `value` or `values`, or the `id`/`uuid`
 * of an attribute; `type` 0 sighting, 1 false positive, 2 expiration; `source`; `timestamp`
 * (or `date_sighting`, or `date` + `time`). `{Sighting: {...}}` and `{request: {...}}` also pass.
 */
import { Type } from '@fastify/type-provider-typebox'
import { LooseId, recordEnvelope } from './common.ts'

const SIGHTING_FIELDS = {
  value: Type.Optional(Type.Union([Type.String(), Type.Number()])),
  values: Type.Optional(Type.Union([Type.String(), Type.Array(Type.Union([Type.String(), Type.Number()]))])),
  id: Type.Optional(LooseId),
  uuid: Type.Optional(Type.String()),
  type: Type.Optional(LooseId),
  source: Type.Optional(Type.String()),
  timestamp: Type.Optional(LooseId),
  date_sighting: Type.Optional(LooseId),
  date: Type.Optional(Type.String()),
  time: Type.Optional(Type.String()),
}

/** `POST /sightings/add[/:id]`. */
export const SightingBody = Type.Object({
  ...SIGHTING_FIELDS,
  Sighting: Type.Optional(Type.Object(SIGHTING_FIELDS)),
  request: Type.Optional(Type.Object(SIGHTING_FIELDS)),
})

/** A sighting as the API answers it (`{Sighting: {...}}`). */
export const SightingEnvelope = recordEnvelope('Sighting')

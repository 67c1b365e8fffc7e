/**
 * Schemas shared by the MISP routes: MISP's loose scalars (MISP clients send ids and flags as
 * numbers or strings), the `:id` parameter, and the error and success envelopes for OpenAPI.
 */
import { Type } from '@fastify/type-provider-typebox'

/** An id as MISP clients send it: a number or a numeric string. */
export const LooseId = Type.Union([Type.Integer(), Type.String()])

/** A flag as MISP clients send it: `true`, `1`, `"1"`, `"true"`… (PHP truthiness). */
export const LooseFlag = Type.Union([Type.Boolean(), Type.Integer(), Type.String()])

/** A loose integer (distribution, analysis, threat level): `0` or `"0"`. */
export const LooseInt = Type.Union([Type.Integer(), Type.String({ pattern: '^[0-9]+$' })])

/** A tag reference inside an event or attribute body: `{name}` (MISP also sends id, colour, local…). */
export const TagRef = Type.Object({ name: Type.Optional(Type.String()), local: Type.Optional(LooseFlag) })

/** `:id`: a numeric id or a UUID; anything else is answered as an unknown record. */
export const IdParams = Type.Object({ id: Type.String() })

/** `:eventId` of the routes that add to an event (`/attributes/add/:eventId`, `/objects/add/…`…). */
export const EventIdParams = Type.Object({ eventId: Type.String() })

/** A record's columns as the API answers them. */
const recordColumns = () => Type.Record(Type.String(), Type.Unknown())

/** A record as the API answers it: `{<key>: {...}}`, further keys allowed (`{Event: {...}}`…). */
export function recordEnvelope<const Key extends string>(key: Key) {
  const properties = { [key]: recordColumns() } as Record<Key, ReturnType<typeof recordColumns>>
  return Type.Object(properties, { additionalProperties: true })
}

/** MISP's exception body. */
export const MispError = Type.Object(
  {
    name: Type.String(),
    message: Type.String(),
    url: Type.String(),
    saved: Type.Optional(Type.Boolean()),
    errors: Type.Optional(Type.Unknown()),
    id: Type.Optional(Type.String()),
  },
  { description: 'MISP’s error body', additionalProperties: true },
)

/** MISP's save-success envelope. */
export const MispSaveSuccess = Type.Object(
  {
    saved: Type.Boolean(),
    success: Type.Boolean(),
    name: Type.String(),
    message: Type.String(),
    url: Type.String(),
    id: Type.Optional(Type.String()),
  },
  { description: 'MISP’s save-success envelope', additionalProperties: true },
)

/** The error responses every authenticated MISP route can give. */
export const ERROR_RESPONSES = {
  400: MispError,
  403: MispError,
  404: MispError,
  413: MispError,
  500: MispError,
}

/** Whether an id is MISP-shaped: digits, or a UUID (MISP accepts both where it looks events up). */
export function isIdOrUuid(id: string): boolean {
  return /^[0-9]+$/.test(id) || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
}

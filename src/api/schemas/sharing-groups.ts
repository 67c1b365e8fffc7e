/**
 * `/sharing_groups/*` bodies and answers (SharingGroupsController): `{SharingGroup: {name,
 * description, releasability, active, roaming, uuid}, SharingGroupOrg: [{org_id, extend}]}` or
 * the bare fields; answers `{SharingGroup, Organisation, SharingGroupOrg, SharingGroupServer}`.
 */
import { Type } from '@fastify/type-provider-typebox'
import { LooseFlag, LooseId } from './common.ts'

const GROUP_FIELDS = {
  name: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  releasability: Type.Optional(Type.String()),
  active: Type.Optional(LooseFlag),
  roaming: Type.Optional(LooseFlag),
  uuid: Type.Optional(Type.String()),
}

/** A member organisation in an add body: by `org_id`, or by `Organisation.id` / `Organisation.uuid`. */
const MemberInput = Type.Object({
  org_id: Type.Optional(LooseId),
  extend: Type.Optional(LooseFlag),
  Organisation: Type.Optional(Type.Object({ id: Type.Optional(LooseId), uuid: Type.Optional(Type.String()) })),
})

/** `POST /sharing_groups/add` and `/sharing_groups/edit/:id` (members are added with `add` only). */
export const SharingGroupBody = Type.Object({
  ...GROUP_FIELDS,
  SharingGroup: Type.Optional(Type.Object(GROUP_FIELDS)),
  SharingGroupOrg: Type.Optional(Type.Array(MemberInput)),
})

/** `POST /sharing_groups/addOrg/:id/:orgId`: `extend` may come in the body. */
export const SharingGroupOrgBody = Type.Union([Type.Object({ extend: Type.Optional(LooseFlag) }), Type.Null()])

const record = () => Type.Record(Type.String(), Type.Unknown())

/** A group as view, add and edit answer it. */
export const SharingGroupEnvelope = Type.Object(
  {
    SharingGroup: record(),
    Organisation: record(),
    SharingGroupOrg: Type.Array(record()),
    SharingGroupServer: Type.Array(record()),
  },
  { additionalProperties: true },
)

/** `/sharing_groups/index`: `{response: [group…]}`, each with `editable` and `deletable` (MISP keeps `response` for compatibility). */
export const SharingGroupIndex = Type.Object({
  response: Type.Array(
    Type.Object(
      {
        SharingGroup: record(),
        Organisation: record(),
        SharingGroupOrg: Type.Array(record()),
        SharingGroupServer: Type.Array(record()),
        editable: Type.Boolean(),
        deletable: Type.Boolean(),
      },
      { additionalProperties: true },
    ),
  ),
})

/** `:id` of a group and `:orgId` of an organisation, each a numeric id or a UUID. */
export const GroupOrgParams = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  extend: Type.Optional(Type.String()),
})

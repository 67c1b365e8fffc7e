/** `/tags/*` bodies, as MISP's TagsController reads them. */
import { Type } from '@fastify/type-provider-typebox'
import { LooseFlag, LooseId } from './common.ts'

const TAG_FIELDS = {
  name: Type.Optional(Type.String()),
  colour: Type.Optional(Type.String()),
  exportable: Type.Optional(LooseFlag),
  hide_tag: Type.Optional(LooseFlag),
  org_id: Type.Optional(LooseId),
  user_id: Type.Optional(LooseId),
}

/** `POST /tags/add`: `{Tag: {...}}` or the bare tag. */
export const TagBody = Type.Object({ ...TAG_FIELDS, Tag: Type.Optional(Type.Object(TAG_FIELDS)) })

/** `POST /tags/attachTagToObject`: the target's UUID, a tag id or name, `local`. */
export const AttachTagBody = Type.Object({
  uuid: Type.String(),
  tag: Type.Union([Type.String(), Type.Integer()]),
  local: Type.Optional(LooseFlag),
})

/** `POST /tags/removeTagFromObject`. */
export const DetachTagBody = Type.Object({ uuid: Type.String(), tag: Type.Union([Type.String(), Type.Integer()]) })

/** `/tags/index/searchall:<term>`. */
export const TagIndexParams = Type.Object({ filter: Type.String() })

/**
 * Discussion bodies and answers (PostsController::add, ThreadsController): a post is
 * `{Post: {message, title?}}` or the bare fields; `title` names a new thread.
 */
import { Type } from '@fastify/type-provider-typebox'

const POST_FIELDS = {
  message: Type.Optional(Type.String()),
  /** `/posts/edit` reads `contents` as MISP's form does; `message` works too. */
  contents: Type.Optional(Type.String()),
  title: Type.Optional(Type.String()),
}

/** `POST /posts/add[/event/:id | /thread/:id]`. */
export const PostBody = Type.Object({ ...POST_FIELDS, Post: Type.Optional(Type.Object(POST_FIELDS)) })

/** `{Post: {...}, Thread: {...}}`. */
export const PostEnvelope = Type.Object(
  { Post: Type.Record(Type.String(), Type.Unknown()), Thread: Type.Record(Type.String(), Type.Unknown()) },
  { additionalProperties: true },
)

/** `{Thread: {...}, Post: [...]}`. */
export const ThreadEnvelope = Type.Object(
  { Thread: Type.Record(Type.String(), Type.Unknown()), Post: Type.Array(Type.Record(Type.String(), Type.Unknown())) },
  { additionalProperties: true },
)

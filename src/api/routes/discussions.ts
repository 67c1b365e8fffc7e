/**
 * MISP's discussions: `/posts/add` (PostsController::add: a new thread, `/event/:id` for the
 * event's thread, created on demand, or `/thread/:id`), `/posts/edit/:id`, `/posts/delete/:id`,
 * and `/threads/view/:id`, `/threads/index`.
 * MISP renders these pages as HTML only; Sluice answers JSON in MISP's model envelopes
 * (docs/differences-from-misp.md, "The REST API").
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@fastify/type-provider-typebox'
import type { PostTarget } from '../../platform/index.ts'
import { type MispAction, saveSuccess } from '../misp-responses.ts'
import { ERROR_RESPONSES, IdParams, MispSaveSuccess } from '../schemas/common.ts'
import { PostBody, PostEnvelope, ThreadEnvelope } from '../schemas/discussions.ts'
import type { RouteDeps } from './route-deps.ts'

type PostAnswer = { Post: Record<string, unknown>; Thread: Record<string, unknown> }
type ThreadAnswer = { Thread: Record<string, unknown>; Post: Record<string, unknown>[] }

const action = (name: string): MispAction => ({ controller: 'Posts', action: name, model: 'Post' })
const ADD = action('add')
const addSchema = (summary: string, withId: boolean) => ({
  tags: ['discussions'],
  summary,
  ...(withId ? { params: IdParams } : {}),
  body: PostBody,
  response: { 200: PostEnvelope, ...ERROR_RESPONSES },
})

/** Registers the discussion routes. */
export const discussionRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { platform, actorOf }) => {
  const add = async (request: Parameters<typeof actorOf>[0], target: PostTarget) =>
    (await platform.posts.add(actorOf(request), target, (request.body ?? {}) as Record<string, unknown>)) as PostAnswer

  app.post(
    '/posts/add',
    { config: { misp: ADD }, schema: addSchema('Start a discussion thread (`title`) with its first post', false) },
    async (request) => add(request, { kind: 'new' }),
  )
  app.post(
    '/posts/add/event/:id',
    {
      config: { misp: ADD },
      schema: addSchema('Post to an event’s discussion; the thread is created on the first post', true),
    },
    async (request) => add(request, { kind: 'event', eventId: (request.params as { id: string }).id }),
  )
  app.post(
    '/posts/add/thread/:id',
    { config: { misp: ADD }, schema: addSchema('Post to a discussion thread', true) },
    async (request) => add(request, { kind: 'thread', threadId: (request.params as { id: string }).id }),
  )

  for (const method of ['POST', 'PUT'] as const) {
    app.route({
      method,
      url: '/posts/edit/:id',
      config: { misp: action('edit') },
      schema: {
        tags: ['discussions'],
        summary: 'Change a post’s message (its author or a site admin); fires post-after-save',
        params: IdParams,
        body: PostBody,
        response: { 200: PostEnvelope, ...ERROR_RESPONSES },
      },
      handler: async (request) =>
        (await platform.posts.edit(
          actorOf(request),
          request.params.id,
          (request.body ?? {}) as Record<string, unknown>,
        )) as PostAnswer,
    })
  }
  app.post(
    '/posts/delete/:id',
    {
      config: { misp: action('delete') },
      schema: {
        tags: ['discussions'],
        summary: 'Delete a post (its author or a site admin); a thread goes with its last post',
        params: IdParams,
        response: { 200: MispSaveSuccess, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { isThreadDeleted } = await platform.posts.delete(actorOf(request), request.params.id)
      // PostsController::delete's texts.
      return saveSuccess(
        action('delete'),
        request.params.id,
        isThreadDeleted ? 'Post and thread deleted' : 'Post deleted',
      )
    },
  )

  app.get(
    '/threads/view/:id',
    {
      schema: {
        tags: ['discussions'],
        summary: 'A discussion thread with its posts',
        params: IdParams,
        response: { 200: ThreadEnvelope, ...ERROR_RESPONSES },
      },
    },
    async (request) => (await platform.threads.view(actorOf(request), request.params.id)) as ThreadAnswer,
  )
  app.get(
    '/threads/index',
    {
      schema: {
        tags: ['discussions'],
        summary: 'The discussion threads the user can see, newest change first',
        response: { 200: Type.Array(Type.Record(Type.String(), Type.Unknown())), ...ERROR_RESPONSES },
      },
    },
    async (request) => platform.threads.index(actorOf(request)),
  )
}

/**
 * MISP's `/admin/users/*` endpoints (UsersController admin_add, admin_edit, admin_index,
 * admin_view, admin_delete) for site admins, and org admins within their organisation
 * (docs/access.md). `add` answers the new user with its API key, shown once; no other answer
 * shows a key.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@fastify/type-provider-typebox'
import { type MispAction, saveSuccess } from '../misp-responses.ts'
import { ERROR_RESPONSES, IdParams, MispSaveSuccess } from '../schemas/common.ts'
import { UserBody, UserEnvelope } from '../schemas/users.ts'
import { envelope, type RouteDeps } from './route-deps.ts'

const TAGS = ['users']
const action = (name: string): MispAction => ({ controller: 'Users', action: name, model: 'User' })
/** MISP answers the delete as `saveSuccessResponse('User', 'admin_delete', …)`. */
const DELETE: MispAction = { controller: 'User', action: 'admin_delete', model: 'User' }

/** Registers `/admin/users/add`, `/admin/users/edit/:id`, `/admin/users/index`, `/admin/users/view/:id` and `/admin/users/delete/:id`. */
export const adminUserRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { platform, actorOf }) => {
  app.post(
    '/admin/users/add',
    {
      config: { misp: action('add') },
      schema: {
        tags: TAGS,
        summary: 'Create a user (fires user-before-save, user-after-save); the answer shows its API key once',
        body: UserBody,
        response: { 200: UserEnvelope, ...ERROR_RESPONSES },
      },
    },
    async (request) => envelope('User', await platform.users.add(actorOf(request), request.body)),
  )

  for (const method of ['POST', 'PUT'] as const) {
    app.route({
      method,
      url: '/admin/users/edit/:id',
      config: { misp: action('edit') },
      schema: {
        tags: TAGS,
        summary: 'Edit a user (fires user-before-save, user-after-save)',
        params: IdParams,
        body: UserBody,
        response: { 200: UserEnvelope, ...ERROR_RESPONSES },
      },
      handler: async (request) =>
        envelope('User', await platform.users.edit(actorOf(request), request.params.id, request.body)),
    })
  }

  app.get(
    '/admin/users/index',
    {
      schema: {
        tags: TAGS,
        summary: 'List users with their role and organisation (an org admin sees its organisation)',
        response: { 200: Type.Array(Type.Record(Type.String(), Type.Unknown())), ...ERROR_RESPONSES },
      },
    },
    async (request) => platform.users.index(actorOf(request)),
  )

  app.get(
    '/admin/users/view/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'One user with its role and organisation, never its secrets (an org admin: its organisation’s users)',
        params: IdParams,
        response: { 200: UserEnvelope, ...ERROR_RESPONSES },
      },
    },
    async (request) => envelope('User', await platform.users.view(actorOf(request), request.params.id)),
  )

  app.route({
    method: ['POST', 'DELETE'],
    url: '/admin/users/delete/:id',
    config: { misp: DELETE },
    schema: {
      tags: TAGS,
      summary: 'Delete a user (an org admin: its organisation’s, not site admins; nobody deletes their own user)',
      params: IdParams,
      response: { 200: MispSaveSuccess, ...ERROR_RESPONSES },
    },
    handler: async (request) => {
      await platform.users.delete(actorOf(request), request.params.id)
      // UsersController::admin_delete's REST answer.
      return saveSuccess(DELETE, request.params.id, 'User deleted.')
    },
  })
}

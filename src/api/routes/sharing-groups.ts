/**
 * MISP's `/sharing_groups/*` endpoints (SharingGroupsController; docs/sharing-groups.md):
 * index, view, add, edit, delete, addOrg and removeOrg with MISP's answers. Who may do what is
 * the platform's rule (src/platform/sharing-groups/sharing-group-access.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { type MispAction, saveSuccess } from '../misp-responses.ts'
import { ERROR_RESPONSES, IdParams, MispSaveSuccess } from '../schemas/common.ts'
import {
  GroupOrgParams,
  SharingGroupBody,
  SharingGroupEnvelope,
  SharingGroupIndex,
  SharingGroupOrgBody,
} from '../schemas/sharing-groups.ts'
import type { RouteDeps } from './route-deps.ts'

const TAGS = ['sharing groups']
const action = (name: string): MispAction => ({ controller: 'SharingGroups', action: name, model: 'SharingGroup' })

/** MISP's `__generateURL`: the controller underscored (`/sharing_groups/delete/3`). */
const mispUrl = (name: string, id?: string) => `/sharing_groups/${name}${id ? `/${id}` : ''}`

/** Registers the `/sharing_groups/*` routes (none when the platform has no sharing groups). */
export const sharingGroupRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { platform, actorOf }) => {
  const groups = platform.sharingGroups
  if (!groups) return

  for (const url of ['/sharing_groups', '/sharing_groups/index']) {
    app.get(
      url,
      {
        schema: {
          tags: TAGS,
          summary: 'The sharing groups the user owns or belongs to (every group for a site admin)',
          response: { 200: SharingGroupIndex, ...ERROR_RESPONSES },
        },
      },
      async (request) => ({ response: await groups.index(actorOf(request)) }),
    )
  }

  app.get(
    '/sharing_groups/view/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'A sharing group by id or UUID, with its owner and member organisations',
        params: IdParams,
        response: { 200: SharingGroupEnvelope, ...ERROR_RESPONSES },
      },
    },
    async (request) => groups.view(actorOf(request), request.params.id),
  )

  app.post(
    '/sharing_groups/add',
    {
      config: { misp: action('add') },
      schema: {
        tags: TAGS,
        summary: "Create a sharing group owned by the user's organisation (site and org admins)",
        body: SharingGroupBody,
        response: { 200: SharingGroupEnvelope, ...ERROR_RESPONSES },
      },
    },
    async (request) => groups.add(actorOf(request), request.body),
  )

  for (const method of ['POST', 'PUT'] as const) {
    app.route({
      method,
      url: '/sharing_groups/edit/:id',
      config: { misp: action('edit') },
      schema: {
        tags: TAGS,
        summary: "Edit a sharing group's name, description, releasability, active and roaming flags",
        params: IdParams,
        body: SharingGroupBody,
        response: { 200: SharingGroupEnvelope, ...ERROR_RESPONSES },
      },
      handler: async (request) => groups.edit(actorOf(request), request.params.id, request.body),
    })
  }

  for (const method of ['POST', 'DELETE'] as const) {
    app.route({
      method,
      url: '/sharing_groups/delete/:id',
      config: { misp: action('delete') },
      schema: {
        tags: TAGS,
        summary: 'Delete a sharing group that no event, attribute, object, report or thread uses',
        params: IdParams,
        response: { 200: MispSaveSuccess, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const id = await groups.delete(actorOf(request), request.params.id)
        return { ...saveSuccess(action('delete'), id), url: mispUrl('delete', request.params.id) }
      },
    })
  }

  for (const url of ['/sharing_groups/addOrg/:id/:orgId', '/sharing_groups/addOrg/:id/:orgId/:extend']) {
    app.post(
      url,
      {
        config: { misp: action('addOrg') },
        schema: {
          tags: TAGS,
          summary: 'Add an organisation (id or UUID) to a sharing group; `extend` in the path or the body',
          params: GroupOrgParams,
          body: SharingGroupOrgBody,
          response: { 200: MispSaveSuccess, ...ERROR_RESPONSES },
        },
      },
      async (request) => {
        const extend = request.body?.extend ?? request.params.extend
        await groups.addOrg(actorOf(request), request.params.id, request.params.orgId, extend)
        const message = 'Organisation added to the sharing group.'
        return { ...saveSuccess(action('addOrg'), false, message), url: mispUrl('addOrg') }
      },
    )
  }

  app.post(
    '/sharing_groups/removeOrg/:id/:orgId',
    {
      config: { misp: action('removeOrg') },
      schema: {
        tags: TAGS,
        summary: 'Remove an organisation (id or UUID) from a sharing group',
        params: GroupOrgParams,
        body: SharingGroupOrgBody,
        response: { 200: MispSaveSuccess, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      await groups.removeOrg(actorOf(request), request.params.id, request.params.orgId)
      const message = 'Organisation removed from the sharing group.'
      return { ...saveSuccess(action('removeOrg'), false, message), url: mispUrl('removeOrg') }
    },
  )
}

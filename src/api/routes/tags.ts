/**
 * MISP's `/tags/*` endpoints (TagsController): add, index (with `searchall:<term>`),
 * attachTagToObject and removeTagFromObject, with MISP's response shapes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@fastify/type-provider-typebox'
import { hasErrorCode } from '../../errors.ts'
import type { MispJson } from '../../platform/index.ts'
import { type MispAction, MispHttpError, exceptionBody, pathOf, saveSuccess } from '../misp-responses.ts'
import { ERROR_RESPONSES, MispSaveSuccess } from '../schemas/common.ts'
import { AttachTagBody, DetachTagBody, TagBody, TagIndexParams } from '../schemas/tags.ts'
import { envelope, type RouteDeps, unwrap } from './route-deps.ts'

const TAGS = ['tags']
const action = (name: string): MispAction => ({ controller: 'Tags', action: name, model: 'Tag' })
const TAG_LIST = Type.Object({ Tag: Type.Array(Type.Record(Type.String(), Type.Unknown())) })
/** `?limit=<n>`: a Sluice extension so that tag pickers fetch one page of matches, not every tag. */
const TagLimit = Type.String({ pattern: '^[0-9]+$' })

/** PHP truthiness of a `local` flag (`"0"` and `""` are false). */
function isTruthy(value: unknown): boolean {
  return !(value === undefined || value === null || value === false || value === 0 || value === '0' || value === '')
}

/** MISP's success text, from what the platform says it did (`Successfully attached 1 tags to Event (12)`). */
function attachedMessage(result: MispJson): string {
  if (typeof result?.message === 'string') return result.message
  const type = result?.objectType ?? (result?.Attribute ? 'Attribute' : 'Event')
  const id = result?.objectId ?? result?.[type]?.id ?? result?.id ?? ''
  return `Successfully attached 1 tags to ${type} (${id})`
}

function removedMessage(result: MispJson, tag: string): string {
  if (typeof result?.message === 'string') return result.message
  const type = result?.objectType ?? (result?.Attribute ? 'Attribute' : 'Event')
  const id = result?.objectId ?? result?.[type]?.id ?? result?.id ?? ''
  return `Tag ${tag} successfully removed from ${type}(${id}).`
}

/** Registers the `/tags/*` routes. */
export const tagRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { platform, actorOf }) => {
  app.post(
    '/tags/add',
    {
      config: { misp: action('add') },
      schema: {
        tags: TAGS,
        summary: 'Create a tag (an existing tag of that name is answered as it is)',
        body: TagBody,
        response: {
          200: Type.Object({ Tag: Type.Record(Type.String(), Type.Unknown()) }),
          405: ERROR_RESPONSES[403],
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request) => {
      try {
        return envelope('Tag', await platform.tags.add(actorOf(request), unwrap('Tag', request.body)))
      } catch (error) {
        // MISP: MethodNotAllowedException('Could not add the Tag. [<field>]: <message>').
        if (hasErrorCode(error, 'SLC_VALIDATION')) {
          const { field, message } = error as { field: string; message: string }
          const text = `Could not add the Tag. [${field}]: ${message.replace(/^[^:]*: /, '')}`
          throw new MispHttpError(405, text, exceptionBody(text, pathOf(request.url)))
        }
        throw error
      }
    },
  )

  const index = async (
    actor: Parameters<typeof platform.tags.index>[0],
    search: string | undefined,
    limit?: string,
  ) => ({
    Tag: await platform.tags.index(actor, search, limit ? Number(limit) : undefined),
  })
  app.get(
    '/tags/index',
    {
      schema: {
        tags: TAGS,
        summary: 'List tags (`?searchall=term` filters by a substring of the name)',
        querystring: Type.Object({ searchall: Type.Optional(Type.String()), limit: Type.Optional(TagLimit) }),
        response: { 200: TAG_LIST, ...ERROR_RESPONSES },
      },
    },
    async (request) => index(actorOf(request), request.query.searchall || undefined, request.query.limit),
  )
  app.get(
    '/tags/index/:filter',
    {
      schema: {
        tags: TAGS,
        summary: 'List tags with a MISP named parameter: `/tags/index/searchall:<term>`',
        params: TagIndexParams,
        querystring: Type.Object({ limit: Type.Optional(TagLimit) }),
        response: { 200: TAG_LIST, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const match = /^searchall:(.*)$/s.exec(request.params.filter)
      return index(actorOf(request), match ? match[1] || undefined : undefined, request.query.limit)
    },
  )

  app.post(
    '/tags/attachTagToObject',
    {
      config: { misp: action('attachTagToObject') },
      schema: {
        tags: TAGS,
        summary: 'Attach a tag (id or name) to an event or attribute by UUID; `local` for a local tag',
        body: AttachTagBody,
        response: { 200: MispSaveSuccess, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { uuid, tag, local } = request.body
      const result = await platform.tags.attach(actorOf(request), { uuid, tag: String(tag), local: isTruthy(local) })
      return saveSuccess(action('attachTagToObject'), false, attachedMessage(result))
    },
  )

  app.post(
    '/tags/removeTagFromObject',
    {
      config: { misp: action('removeTagFromObject') },
      schema: {
        tags: TAGS,
        summary: 'Detach a tag (id or name) from an event or attribute by UUID',
        body: DetachTagBody,
        response: { 200: MispSaveSuccess, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { uuid, tag } = request.body
      const result = await platform.tags.detach(actorOf(request), { uuid, tag: String(tag) })
      return saveSuccess(action('removeTagFromObject'), false, removedMessage(result, String(tag)))
    },
  )
}

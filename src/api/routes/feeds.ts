/**
 * MISP's `/feeds/*` endpoints (FeedsController; docs/feeds.md): index, view, add, edit, delete,
 * enable, disable and cacheFeeds, with MISP's shapes (`{Feed: {...}}`, save-success envelopes).
 * Site admins only. `cacheFeeds` runs in the request (MISP without background workers) and
 * answers each feed's result besides MISP's envelope; when a source fails it answers MISP's
 * save-failure envelope (403) naming the feeds and why.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FeedService } from '../../platform/index.ts'
import { type MispAction, MispHttpError, pathOf, saveFail, saveSuccess } from '../misp-responses.ts'
import { ERROR_RESPONSES, IdParams, MispError, MispSaveSuccess } from '../schemas/common.ts'
import { CacheFeedsAnswer, CacheScopeParams, FeedBody, FeedEnvelope, FeedList } from '../schemas/feeds.ts'
import { envelope, type RouteDeps } from './route-deps.ts'

const TAGS = ['feeds']
const action = (name: string): MispAction => ({ controller: 'Feeds', action: name, model: 'Feed' })
/** MISP's texts for a synchronous cache run. */
const CACHE_DONE = 'Caching the feeds has successfully completed.'
const CACHE_FAILED = 'Caching the feeds has failed.'

/** Registers the `/feeds/*` routes. */
export const feedRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { platform, actorOf }) => {
  const feeds = (): FeedService => {
    if (!platform.feeds) throw new MispHttpError(501, 'Feeds are not available on this host.')
    return platform.feeds
  }

  app.get(
    '/feeds/index',
    {
      schema: {
        tags: TAGS,
        summary: 'List feeds: `[{Feed: {...}}]` (site admins)',
        response: { 200: FeedList, ...ERROR_RESPONSES, 501: MispError },
      },
    },
    async (request) => (await feeds().index(actorOf(request))).map((row) => envelope('Feed', row)),
  )

  app.get(
    '/feeds/view/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'One feed: `{Feed: {...}}`, with `cache_timestamp` and `cached_elements` (site admins)',
        params: IdParams,
        response: { 200: FeedEnvelope, ...ERROR_RESPONSES, 501: MispError },
      },
    },
    async (request) => envelope('Feed', await feeds().view(actorOf(request), request.params.id)),
  )

  app.post(
    '/feeds/add',
    {
      config: { misp: action('add') },
      schema: {
        tags: TAGS,
        summary: 'Add a feed (MISP, freetext or CSV; over the network or from a local path); site admins',
        body: FeedBody,
        response: { 200: FeedEnvelope, ...ERROR_RESPONSES, 501: MispError },
      },
    },
    async (request) => envelope('Feed', await feeds().add(actorOf(request), request.body)),
  )

  for (const method of ['POST', 'PUT'] as const) {
    app.route({
      method,
      url: '/feeds/edit/:id',
      config: { misp: action('edit') },
      schema: {
        tags: TAGS,
        summary: 'Edit a feed: only the fields sent change (site admins)',
        params: IdParams,
        body: FeedBody,
        response: { 200: FeedEnvelope, ...ERROR_RESPONSES, 501: MispError },
      },
      handler: async (request) =>
        envelope('Feed', await feeds().edit(actorOf(request), request.params.id, request.body)),
    })
  }

  for (const method of ['POST', 'DELETE'] as const) {
    app.route({
      method,
      url: '/feeds/delete/:id',
      config: { misp: action('delete') },
      schema: {
        tags: TAGS,
        summary: 'Delete a feed and its cached values (site admins)',
        params: IdParams,
        response: { 200: MispSaveSuccess, ...ERROR_RESPONSES, 501: MispError },
      },
      handler: async (request) => {
        await feeds().delete(actorOf(request), request.params.id)
        return saveSuccess(action('delete'), request.params.id, 'Feed deleted.')
      },
    })
  }

  for (const [name, isEnabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    for (const method of ['GET', 'POST'] as const) {
      app.route({
        method,
        url: `/feeds/${name}/:id`,
        config: { misp: action(name) },
        schema: {
          tags: TAGS,
          summary: `${isEnabled ? 'Enable' : 'Disable'} a feed: only enabled feeds correlate (site admins)`,
          params: IdParams,
          response: { 200: MispSaveSuccess, ...ERROR_RESPONSES, 501: MispError },
        },
        handler: async (request) => {
          await feeds().setEnabled(actorOf(request), request.params.id, isEnabled)
          return saveSuccess(action(name), request.params.id, `Feed ${name}d.`)
        },
      })
    }
  }

  for (const method of ['GET', 'POST'] as const) {
    app.route({
      method,
      url: '/feeds/cacheFeeds/:scope',
      config: { misp: action('cacheFeeds') },
      schema: {
        tags: TAGS,
        summary:
          'Cache the feeds of a scope that have caching enabled: a feed id, `all`, `freetext` (freetext and CSV), `csv` or `misp` (site admins)',
        params: CacheScopeParams,
        response: { 200: CacheFeedsAnswer, ...ERROR_RESPONSES, 501: MispError },
      },
      handler: async (request) => {
        const results = await feeds().cacheFeeds(actorOf(request), request.params.scope)
        const failed = results.filter((result) => !result.isCached)
        if (failed.length > 0) {
          const errors = {
            Feed: Object.fromEntries(failed.map((result) => [result.id, [result.error ?? CACHE_FAILED]])),
          }
          const body = {
            ...saveFail(action('cacheFeeds'), false, errors, CACHE_FAILED),
            url: pathOf(request.url),
            results,
          }
          throw new MispHttpError(403, CACHE_FAILED, body)
        }
        return { ...saveSuccess(action('cacheFeed'), false, CACHE_DONE), results }
      },
    })
  }
}

/**
 * `/feeds/*` over real HTTP on the real platform, on every test database (docs/feeds.md):
 * MISP's request and answer shapes, site-admin-only access, bad input named with nothing saved,
 * and `cacheFeeds` reading a network feed from a real HTTP server on 127.0.0.1 through the
 * outbound allow-list.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { listFeedValues, type Store } from '../src/store/index.ts'
import { testDatabases } from './harness/databases.ts'
import { type FeedFolder, feedFolder, type FolderServer, serveFolder } from './harness/feed-sources.ts'
import { call, type RunningApp } from './harness/http.ts'
import { type ServedTestPlatform, serveTestPlatform } from './harness/test-platform.ts'

const ADMIN_KEY = 'A'.repeat(40)

for (const db of testDatabases()) {
  describe(`${db.name}: /feeds over HTTP`, () => {
    let env: ServedTestPlatform
    let store: Store
    let app: RunningApp
    let folder: FeedFolder
    let server: FolderServer
    const send: ServedTestPlatform['send'] = (...args) => env.send(...args)
    /** A freetext feed served over HTTP. */
    const torFeed = () => ({
      Feed: {
        name: 'Tor exit nodes',
        provider: 'Tor project',
        url: `${server.url}/tor.txt`,
        source_format: 'freetext',
        input_source: 'network',
        enabled: true,
        caching_enabled: true,
      },
    })

    beforeEach(async () => {
      env = await serveTestPlatform(db, { adminKey: ADMIN_KEY })
      ;({ store, app } = env)
      folder = feedFolder()
      folder.file('tor.txt', '# Tor exit nodes\n192.0.2.1\n192.0.2.2\n')
      server = await serveFolder(folder.path)
    })
    afterEach(async () => {
      await server.close()
      await env.close()
      folder.remove()
    })

    it('adds, lists, views, edits, enables, disables and deletes a feed in MISP’s shapes', async () => {
      const added = await send('POST', '/feeds/add', torFeed())
      expect(added.status).toBe(200)
      expect(added.json.Feed).toMatchObject({
        name: 'Tor exit nodes',
        enabled: true,
        caching_enabled: true,
        distribution: '0',
      })
      const id = added.json.Feed.id
      expect((await send('GET', '/feeds/index')).json).toEqual([{ Feed: added.json.Feed }])
      expect((await send('GET', `/feeds/view/${id}`)).json).toEqual({ Feed: added.json.Feed })

      const edited = await send('PUT', `/feeds/edit/${id}`, { Feed: { provider: 'Someone else' } })
      expect(edited.json.Feed).toMatchObject({ provider: 'Someone else', name: 'Tor exit nodes' })

      const disabled = await send('POST', `/feeds/disable/${id}`)
      expect(disabled.json).toEqual({
        saved: true,
        success: true,
        name: 'Feed disabled.',
        message: 'Feed disabled.',
        url: `/feeds/disable/${id}`,
        id,
      })
      expect((await send('GET', `/feeds/view/${id}`)).json.Feed.enabled).toBe(false)
      expect((await send('POST', `/feeds/enable/${id}`)).json.message).toBe('Feed enabled.')

      const deleted = await send('POST', `/feeds/delete/${id}`)
      expect(deleted.json).toMatchObject({
        saved: true,
        success: true,
        message: 'Feed deleted.',
        url: `/feeds/delete/${id}`,
      })
      const gone = await send('GET', `/feeds/view/${id}`)
      expect(gone.status).toBe(404)
      expect(gone.json).toEqual({ name: 'Invalid feed.', message: 'Invalid feed.', url: `/feeds/view/${id}` })
    })

    it('answers a refused feed with MISP’s save failure naming the field, and saves nothing', async () => {
      const bad = await send('POST', '/feeds/add', { Feed: { ...torFeed().Feed, url: 'file:///etc/passwd' } })
      expect(bad.status).toBe(403)
      expect(bad.json).toMatchObject({
        saved: false,
        name: 'Could not add Feed',
        url: '/feeds/add',
        errors: { Feed: { url: ['Please enter a valid url or file path (the file has to exist).'] } },
      })
      const wrongType = await send('POST', '/feeds/add', { Feed: { ...torFeed().Feed, name: 5 } })
      expect(wrongType.status).toBe(400)
      expect(wrongType.json.errors).toEqual({ Feed: { name: [expect.any(String)] } })
      expect((await send('GET', '/feeds/index')).json).toEqual([])
    })

    it('caches a network feed through the allow-list: refused first, cached once 127.0.0.1 is allowed', async () => {
      const id = (await send('POST', '/feeds/add', torFeed())).json.Feed.id
      const refused = await send('POST', `/feeds/cacheFeeds/${id}`)
      expect(refused.status).toBe(403)
      expect(refused.json).toMatchObject({
        saved: false,
        message: 'Caching the feeds has failed.',
        url: `/feeds/cacheFeeds/${id}`,
        errors: { Feed: { [id]: [expect.stringContaining('rest_client_enable_arbitrary_urls')] } },
      })
      expect(server.requests).toEqual([])

      const allowed = await send('POST', '/servers/serverSettingsEdit/Sluice.outbound_allow_list', {
        value: '127.0.0.1',
      })
      expect(allowed.status).toBe(200)
      const cached = await send('GET', '/feeds/cacheFeeds/all')
      expect(cached.status).toBe(200)
      expect(cached.json).toMatchObject({
        saved: true,
        success: true,
        message: 'Caching the feeds has successfully completed.',
        results: [{ id, name: 'Tor exit nodes', isCached: true, values: 2, skipped: 0 }],
      })
      expect(server.requests).toEqual(['/tor.txt'])
      expect((await listFeedValues(store.db, Number(id))).map((row) => row.value).sort()).toEqual([
        '192.0.2.1',
        '192.0.2.2',
      ])
      expect((await send('GET', `/feeds/view/${id}`)).json.Feed.cached_elements).toBe('2')
    })

    it('refuses every feed route to a user who is not a site admin', async () => {
      const user = await send('POST', '/admin/users/add', { User: { email: 'user@example.org', role_id: '3' } })
      const key = user.json.User.authkey
      const id = (await send('POST', '/feeds/add', torFeed())).json.Feed.id
      for (const [method, path] of [
        ['GET', '/feeds/index'],
        ['GET', `/feeds/view/${id}`],
        ['POST', `/feeds/enable/${id}`],
        ['POST', '/feeds/cacheFeeds/all'],
        ['POST', `/feeds/delete/${id}`],
      ]) {
        expect((await send(method, path, undefined, key)).status).toBe(403)
      }
      expect((await send('POST', '/feeds/add', torFeed(), key)).status).toBe(403)
      expect((await send('GET', '/feeds/index')).json).toHaveLength(1)
    })

    it('documents the feed routes in the OpenAPI document', async () => {
      const { json } = await call(app.baseUrl, 'GET', '/api/openapi.json')
      for (const path of [
        '/feeds/index',
        '/feeds/view/{id}',
        '/feeds/add',
        '/feeds/edit/{id}',
        '/feeds/delete/{id}',
        '/feeds/enable/{id}',
        '/feeds/disable/{id}',
        '/feeds/cacheFeeds/{scope}',
      ]) {
        expect(json.paths[path], path).toBeDefined()
      }
    })
  })
}

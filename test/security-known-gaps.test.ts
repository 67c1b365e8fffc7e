/**
 * Four secrets and rights gaps, closed and held shut over real HTTP on every test database:
 * a user's `external_auth_key` never leaves the platform, feed URL credentials never reach an
 * audit row, a broken template in a secret parameter is reported without quoting it, and tags
 * are created only by those whose role has `perm_tag_editor` (docs/access.md).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LocalPlatform } from '../src/platform/index.ts'
import { testDatabases } from './harness/databases.ts'
import { type FeedFolder, type FolderServer, feedFolder, serveFolder } from './harness/feed-sources.ts'
import { buildGraph } from './harness/graph-builder.ts'
import { type ServedRecordingPlatform, serveRecordingPlatform } from './harness/test-platform.ts'
import { installRecorder } from './harness/trigger-recorder.ts'

const ADMIN_KEY = 'A'.repeat(40)

for (const db of testDatabases()) {
  describe(`${db.name}: known security gaps, closed`, () => {
    let env: ServedRecordingPlatform
    let platform: LocalPlatform
    const send: ServedRecordingPlatform['send'] = (...args) => env.send(...args)
    /** Every audit row as the API answers it, as one text. */
    const auditText = async () => (await send('GET', '/admin/logs/index?limit=1000')).text

    beforeEach(async () => {
      env = await serveRecordingPlatform(db, ['user-before-save', 'user-after-save', 'log-after-save'], {
        adminKey: ADMIN_KEY,
      })
      ;({ platform } = env)
    })
    afterEach(() => env.close())

    describe('external_auth_key', () => {
      const FIRST = 'ext-first-0f3c9a71d2'
      const SECOND = 'ext-second-8b21e6c4aa'

      it('is stored but never shown by /admin/users add, edit, index or view', async () => {
        const added = await send('POST', '/admin/users/add', {
          User: { email: 'sso@example.org', role_id: 3, external_auth_required: 1, external_auth_key: FIRST },
        })
        expect(added.status, added.text).toBe(200)
        expect(added.json.User).not.toHaveProperty('external_auth_key')
        expect(added.text).not.toContain(FIRST)
        const id = added.json.User.id
        const stored = await platform.store.db
          .selectFrom('users')
          .select('external_auth_key')
          .where('id', '=', Number(id))
          .executeTakeFirstOrThrow()
        expect(stored.external_auth_key).toBe(FIRST)

        const edited = await send('PUT', `/admin/users/edit/${id}`, { external_auth_key: SECOND })
        expect(edited.status, edited.text).toBe(200)
        expect(edited.json.User).not.toHaveProperty('external_auth_key')
        const answers = [edited, await send('GET', '/admin/users/index'), await send('GET', `/admin/users/view/${id}`)]
        for (const answer of answers) {
          expect(answer.status).toBe(200)
          expect(answer.text).not.toContain(FIRST)
          expect(answer.text).not.toContain(SECOND)
          expect(answer.text).not.toContain('external_auth_key')
        }
      })

      it('is masked in the audit rows and left out of the user triggers’ data', async () => {
        await installRecorder(platform, 'user-before-save')
        await installRecorder(platform, 'user-after-save')
        await installRecorder(platform, 'log-after-save')
        const added = await send('POST', '/admin/users/add', {
          User: { email: 'sso@example.org', role_id: 3, external_auth_key: FIRST },
        })
        expect(added.status, added.text).toBe(200)
        await send('PUT', `/admin/users/edit/${added.json.User.id}`, { external_auth_key: SECOND })
        await platform.drain()

        const logs = await auditText()
        expect(logs).not.toContain(FIRST)
        expect(logs).not.toContain(SECOND)
        // The row still says that the key changed, as it does for a password.
        expect(logs).toContain('external_auth_key (*****) => (*****)')
        const userRuns = env.records.filter((record) => record.triggerId.startsWith('user-'))
        expect(userRuns.map((record) => record.triggerId).sort()).toEqual([
          'user-after-save',
          'user-after-save',
          'user-before-save',
          'user-before-save',
        ])
        for (const record of env.records) {
          const text = JSON.stringify(record.raw)
          expect(text).not.toContain(FIRST)
          expect(text).not.toContain(SECOND)
        }
        for (const record of userRuns) expect(record.raw).not.toHaveProperty('external_auth_key')
      })
    })

    describe('feed URL credentials', () => {
      let folder: FeedFolder
      let server: FolderServer
      const PASSWORD = 'feedPassw0rd9'
      const ROTATED = 'rotatedPassw0rd7'
      const TOKEN = 'tok3nValue55'
      /** A network feed whose URL carries a password and a token; the file it names does not exist. */
      const feedUrl = (password: string) =>
        server.url.replace('//', `//reader:${password}@`) + `/missing.txt?format=txt&token=${TOKEN}`

      beforeEach(async () => {
        folder = feedFolder()
        server = await serveFolder(folder.path)
      })
      afterEach(async () => {
        await server.close()
        folder.remove()
      })

      it('keeps the stored URL but masks its credentials in the audit rows of add and edit', async () => {
        await installRecorder(platform, 'log-after-save')
        const added = await send('POST', '/feeds/add', {
          Feed: { name: 'Private list', provider: 'Partner', url: feedUrl(PASSWORD), caching_enabled: true },
        })
        expect(added.status, added.text).toBe(200)
        const id = added.json.Feed.id
        // The feed's own record is the site admin's configuration: the feed needs its credentials.
        expect((await send('GET', `/feeds/view/${id}`)).json.Feed.url).toBe(feedUrl(PASSWORD))
        const edited = await send('PUT', `/feeds/edit/${id}`, { url: feedUrl(ROTATED) })
        expect(edited.status, edited.text).toBe(200)
        await platform.drain()

        const logs = await send('GET', '/admin/logs/index?model=Feed')
        const changes = logs.json.map((row: any) => row.Log.change)
        const masked = `${server.url.replace('//', '//reader:***@')}/missing.txt?format=txt&token=***`
        expect(changes).toContain(`name () => (Private list), url () => (${masked}), source_format () => (freetext)`)
        // New credentials alone still show as a URL change.
        expect(changes).toContain(`url (${masked}) => (${masked})`)
        const seen = [logs.text, ...env.records.map((record) => JSON.stringify(record.raw))].join('\n')
        for (const secret of [PASSWORD, ROTATED, TOKEN]) expect(seen).not.toContain(secret)
        expect(env.records.filter((record) => record.triggerId === 'log-after-save').length).toBeGreaterThan(1)
      })

      it('names no credential in the errors of a failed cacheFeeds, refused or fetched', async () => {
        const id = (
          await send('POST', '/feeds/add', {
            Feed: { name: 'Private list', provider: 'Partner', url: feedUrl(PASSWORD), caching_enabled: true },
          })
        ).json.Feed.id
        const refused = await send('POST', `/feeds/cacheFeeds/${id}`)
        expect(refused.status).toBe(403)
        expect(refused.json.errors.Feed[id]).toEqual([expect.stringContaining('rest_client_enable_arbitrary_urls')])

        await send('POST', '/servers/serverSettingsEdit/Sluice.outbound_allow_list', { value: '127.0.0.1' })
        const missing = await send('POST', `/feeds/cacheFeeds/${id}`)
        expect(missing.status).toBe(403)
        expect(missing.json.results).toEqual([expect.objectContaining({ id, isCached: false })])
        expect(missing.json.results[0].error).toContain('HTTP 404')
        expect(server.requests).toEqual(['/missing.txt'])
        for (const answer of [refused, missing]) {
          for (const secret of [PASSWORD, TOKEN]) expect(answer.text).not.toContain(secret)
        }
        expect(await auditText()).not.toContain(PASSWORD)
      })
    })

    describe('a broken template in a secret parameter', () => {
      const SECRET = 'sk_live_LEAK42x'
      /** event-publish ─▶ webhook whose `headers` (a secret parameter) does not parse. */
      const graph = buildGraph([
        { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } },
        {
          id: 2,
          module: 'webhook',
          type: 'action',
          params: { url: 'http://127.0.0.1:9/hook', headers: `Authorization: Bearer {% ${SECRET} %}`, payload: '{}' },
        },
      ])

      it('fails the run naming the parameter, and quotes the template in no error, run or log row', async () => {
        for (const [path, body] of [
          ['/servers/serverSettingsEdit/Plugin.Workflow_enable', { value: true }],
          ['/workflows/toggleModule/webhook/1/0', undefined],
          ['/workflows/toggleModule/event-publish/1/1', undefined],
        ] as const) {
          expect((await send('POST', path, body)).status, path).toBe(200)
        }
        const workflowId = (await send('GET', '/workflows/editor/event-publish.json')).json.Workflow.id
        const saved = await send('POST', `/workflows/edit/${workflowId}`, {
          Workflow: { data: graph, enabled: true, debug_enabled: true },
        })
        expect(saved.status, saved.text).toBe(200)

        const event = (await send('POST', '/events/add', { Event: { info: 'Publish me', distribution: 0 } })).json.Event
        const published = await send('POST', `/events/publish/${event.id}`)
        expect(published.text).not.toContain(SECRET)
        await platform.drain()

        const list = await send('GET', '/sluice/runs?trigger=event-publish&limit=100')
        expect(list.status, list.text).toBe(200)
        expect(list.json.runs).toHaveLength(1)
        const run = await send('GET', `/sluice/runs/${list.json.runs[0].id}`)
        expect(run.status, run.text).toBe(200)
        const errors = JSON.stringify(run.json.errors)
        // The parameter and the problem are named; the template is not.
        expect(errors).toContain('Jinja rendering failed for parameter `headers`')
        expect(errors).toContain('has a syntax error')
        const logs = await auditText()
        expect(logs).toContain('Jinja rendering failed for parameter `headers`')
        for (const [label, text] of [
          ['publish answer', published.text],
          ['run list', list.text],
          ['run', run.text],
          ['log rows', logs],
        ]) {
          expect(text.includes(SECRET), `${label}: ${text.slice(0, 400)}`).toBe(false)
        }
      })
    })

    describe('tag creation', () => {
      /** An API key of a new user of the host organisation with role `roleName`. */
      const memberKey = async (email: string, roleName: string) => {
        const role = await platform.store.db
          .selectFrom('roles')
          .select('id')
          .where('name', '=', roleName)
          .executeTakeFirstOrThrow()
        const added = await send('POST', '/admin/users/add', { User: { email, role_id: role.id } })
        expect(added.status, added.text).toBe(200)
        return added.json.User.authkey as string
      }
      const tagNames = async () =>
        ((await send('GET', '/tags/index')).json.Tag as Array<{ name: string }>).map((tag) => tag.name)
      const eventTagNames = async (id: string) =>
        ((await send('GET', `/events/view/${id}`)).json.Event.Tag ?? []).map((tag: { name: string }) => tag.name)

      it('refuses /tags/add to a role without perm_tag_editor with MISP’s 403 and creates nothing', async () => {
        const userKey = await memberKey('analyst@example.org', 'User')
        const refused = await send('POST', '/tags/add', { Tag: { name: 'analyst:made-up' } }, userKey)
        expect(refused.status).toBe(403)
        expect(refused.json).toEqual({
          name: 'You do not have permission to do that.',
          message: 'You do not have permission to do that.',
          url: '/tags/add',
        })
        expect(await tagNames()).not.toContain('analyst:made-up')

        const editorKey = await memberKey('lead@example.org', 'Org Admin')
        const made = await send('POST', '/tags/add', { Tag: { name: 'lead:made' } }, editorKey)
        expect(made.status, made.text).toBe(200)
        expect((await send('POST', '/tags/add', { Tag: { name: 'admin:made' } })).status).toBe(200)
        expect(await tagNames()).toEqual(expect.arrayContaining(['lead:made', 'admin:made']))
      })

      it('creates a tag attached by an unknown name only for a tag editor, as MISP does', async () => {
        const userKey = await memberKey('analyst@example.org', 'User')
        const editorKey = await memberKey('lead@example.org', 'Org Admin')
        const event = (await send('POST', '/events/add', { Event: { info: 'Ours', distribution: 0 } }, userKey)).json
          .Event
        await send('POST', '/tags/add', { Tag: { name: 'known:tag' } })

        const refused = await send('POST', '/tags/attachTagToObject', { uuid: event.uuid, tag: 'analyst:new' }, userKey)
        expect(refused.status).toBe(403)
        expect(refused.json).toMatchObject({ message: 'Tag not found and insufficient privileges to create it.' })
        const byId = await send('POST', '/tags/attachTagToObject', { uuid: event.uuid, tag: '999999' }, editorKey)
        expect(byId.status).toBe(404)
        expect(byId.json).toMatchObject({ message: 'Invalid Tag.' })
        // Attaching an existing tag stays every user's right on its organisation's events.
        const known = await send('POST', '/tags/attachTagToObject', { uuid: event.uuid, tag: 'known:tag' }, userKey)
        expect(known.status, known.text).toBe(200)

        const created = await send('POST', '/tags/attachTagToObject', { uuid: event.uuid, tag: 'lead:new' }, editorKey)
        expect(created.status, created.text).toBe(200)
        expect(await tagNames()).toContain('lead:new')
        expect(await tagNames()).not.toContain('analyst:new')
        expect((await eventTagNames(event.id)).sort()).toEqual(['known:tag', 'lead:new'])
        const tagRows = (await send('GET', '/admin/logs/index?model=Tag')).json.map((row: any) => row.Log.title)
        expect(tagRows).toEqual(expect.arrayContaining([expect.stringMatching(/^Tag \(\d+\): lead:new$/)]))
      })

      it('leaves out of a saved event the unknown tags its user may not create, as MISP’s captureTag does', async () => {
        const userKey = await memberKey('analyst@example.org', 'User')
        await send('POST', '/tags/add', { Tag: { name: 'known:tag' } })
        const added = await send(
          'POST',
          '/events/add',
          {
            Event: {
              info: 'Tagged',
              Tag: [{ name: 'known:tag' }, { name: 'analyst:invented' }],
              Attribute: [{ type: 'ip-dst', value: '198.51.100.9', Tag: [{ name: 'analyst:attr-invented' }] }],
            },
          },
          userKey,
        )
        expect(added.status, added.text).toBe(200)
        expect(await eventTagNames(added.json.Event.id)).toEqual(['known:tag'])
        const attribute = (await send('GET', `/events/view/${added.json.Event.id}`)).json.Event.Attribute[0]
        expect(attribute.Tag ?? []).toEqual([])
        const names = await tagNames()
        expect(names).not.toContain('analyst:invented')
        expect(names).not.toContain('analyst:attr-invented')

        // The same body from a site admin creates both tags.
        const byAdmin = await send('POST', '/events/add', {
          Event: {
            info: 'Admin',
            Tag: [{ name: 'admin:invented' }],
            Attribute: [{ type: 'ip-dst', value: '198.51.100.9', Tag: [{ name: 'admin:attr-invented' }] }],
          },
        })
        const adminEvent = (await send('GET', `/events/view/${byAdmin.json.Event.id}`)).json.Event
        expect(adminEvent.Tag.map((tag: { name: string }) => tag.name)).toEqual(['admin:invented'])
        expect(adminEvent.Attribute[0].Tag.map((tag: { name: string }) => tag.name)).toEqual(['admin:attr-invented'])
      })
    })
  })
}

/**
 * `/objects/delete`, `/event_reports/delete`, `/admin/users/view|delete`, `/posts/edit|delete`
 * over real HTTP on the real platform, on every test database: MISP's answers, access rules,
 * the triggers a soft delete or an edit fires (a hard delete fires none) and the audit rows, each
 * firing log-after-save.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LocalPlatform } from '../src/platform/index.ts'
import { insertOrganisation, type Store } from '../src/store/index.ts'
import { testDatabases } from './harness/databases.ts'
import { type ServedRecordingPlatform, serveRecordingPlatform } from './harness/test-platform.ts'
import { installRecorder } from './harness/trigger-recorder.ts'

const ADMIN_KEY = 'D'.repeat(40)
const TRIGGERS = [
  'object-after-save',
  'attribute-after-save',
  'event-report-after-save',
  'post-after-save',
  'log-after-save',
]
/** Role ids as bootstrap creates them. */
const ORG_ADMIN_ROLE = 2
const USER_ROLE = 3

const FILE_OBJECT = {
  Object: {
    name: 'file',
    'meta-category': 'file',
    Attribute: [
      { object_relation: 'filename', type: 'filename', value: 'evil.exe' },
      { object_relation: 'md5', type: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e' },
    ],
  },
}

for (const db of testDatabases()) {
  describe(`${db.name}: deletes and edits over HTTP`, () => {
    let env: ServedRecordingPlatform
    let store: Store
    let platform: LocalPlatform
    const send: ServedRecordingPlatform['send'] = (...args) => env.send(...args)
    const fired = (id: string) => env.records.filter((record) => record.triggerId === id).map((record) => record.raw)
    const logRows = () => fired('log-after-save').map((raw) => raw.Log)

    /** A user of a new organisation, or of the host organisation; answers its API key and id. */
    const addUser = async (email: string, roleId: number, otherOrg = false) => {
      const body: Record<string, unknown> = { email, role_id: roleId }
      if (otherOrg) {
        body.org_id = await insertOrganisation(store.db, {
          uuid: crypto.randomUUID(),
          name: `Org of ${email}`,
          local: 1,
          date_created: '2026-01-01 00:00:00',
          date_modified: '2026-01-01 00:00:00',
        })
      }
      const added = await send('POST', '/admin/users/add', { User: body })
      return { key: added.json.User.authkey as string, id: added.json.User.id as string }
    }

    const addEvent = async (distribution = 1) =>
      (await send('POST', '/events/add', { Event: { info: 'Deletes', distribution } })).json.Event

    beforeEach(async () => {
      env = await serveRecordingPlatform(db, TRIGGERS, { adminKey: ADMIN_KEY })
      ;({ store, platform } = env)
    })
    afterEach(() => env.close())

    describe('/objects/delete/:id', () => {
      it('soft-deletes the object and its attributes, firing object- and attribute-after-save, and unpublishes', async () => {
        const event = await addEvent()
        const object = (await send('POST', `/objects/add/${event.id}`, FILE_OBJECT)).json.Object
        await send('POST', `/events/publish/${event.id}`)
        for (const trigger of TRIGGERS) await installRecorder(platform, trigger)
        const deleted = await send('POST', `/objects/delete/${object.uuid}`)
        await platform.drain()
        expect(deleted.status).toBe(200)
        expect(deleted.json).toMatchObject({
          saved: true,
          success: true,
          message: 'Object deleted',
          url: `/objects/delete/${object.uuid}`,
        })
        const view = (await send('GET', `/events/view/${event.id}`)).json.Event
        expect(view.Object ?? []).toEqual([])
        expect(view.published).toBe(false)
        expect(fired('object-after-save')).toMatchObject([{ Object: { id: object.id, deleted: true } }])
        expect(fired('attribute-after-save').map((raw) => raw.Attribute.deleted)).toEqual([true, true])
        expect(logRows().map((row) => [row.model, row.action])).toEqual([
          ['Object', 'soft-delete'],
          ['Attribute', 'soft-delete'],
          ['Attribute', 'soft-delete'],
        ])
        expect((await send('POST', `/objects/delete/${object.id}`)).status).toBe(404)
      })

      it('removes the object and its attributes for good with /1, firing no save trigger', async () => {
        const event = await addEvent()
        const object = (await send('POST', `/objects/add/${event.id}`, FILE_OBJECT)).json.Object
        for (const trigger of TRIGGERS) await installRecorder(platform, trigger)
        const deleted = await send('POST', `/objects/delete/${object.id}/1`)
        await platform.drain()
        expect(deleted.status).toBe(200)
        expect(await store.db.selectFrom('objects').select('id').execute()).toEqual([])
        expect(await store.db.selectFrom('attributes').select('id').execute()).toEqual([])
        expect(fired('object-after-save')).toEqual([])
        expect(fired('attribute-after-save')).toEqual([])
        expect(logRows()).toMatchObject([{ model: 'Object', action: 'delete', model_id: object.id }])
      })

      it('answers an unknown object 404 and another organisation’s 403, deleting nothing', async () => {
        const event = await addEvent(1)
        const object = (await send('POST', `/objects/add/${event.id}`, FILE_OBJECT)).json.Object
        const outsider = await addUser('outsider@example.org', USER_ROLE, true)
        expect((await send('POST', '/objects/delete/999999')).json).toMatchObject({ message: 'Invalid object.' })
        expect((await send('POST', '/objects/delete/not-an-id')).status).toBe(404)
        const refused = await send('POST', `/objects/delete/${object.id}`, undefined, outsider.key)
        expect(refused.status).toBe(403)
        const hidden = await addEvent(0)
        const hiddenObject = (await send('POST', `/objects/add/${hidden.id}`, FILE_OBJECT)).json.Object
        expect((await send('POST', `/objects/delete/${hiddenObject.id}`, undefined, outsider.key)).status).toBe(404)
        const live = await store.db.selectFrom('objects').select('id').where('deleted', '=', 0).execute()
        expect(live).toHaveLength(2)
      })
    })

    describe('/event_reports/delete/:id', () => {
      it('soft-deletes with MISP’s text and fires event-report-after-save; a second soft delete is 404', async () => {
        const event = await addEvent()
        const report = (await send('POST', `/event_reports/add/${event.id}`, { name: 'R', content: '# R' })).json
          .EventReport
        for (const trigger of TRIGGERS) await installRecorder(platform, trigger)
        const deleted = await send('POST', `/event_reports/delete/${report.id}`)
        await platform.drain()
        expect(deleted.status).toBe(200)
        expect(deleted.json.message).toBe(`Event Report ${report.id} soft deleted`)
        expect(fired('event-report-after-save')).toMatchObject([{ EventReport: { id: report.id, deleted: true } }])
        expect(logRows()).toMatchObject([{ model: 'EventReport', action: 'soft-delete' }])
        expect((await send('POST', `/event_reports/delete/${report.id}`)).json.message).toBe('Invalid report')
      })

      it('removes a report for good with `hard`, firing nothing but its log row', async () => {
        const event = await addEvent()
        const report = (await send('POST', `/event_reports/add/${event.id}`, { name: 'R' })).json.EventReport
        for (const trigger of TRIGGERS) await installRecorder(platform, trigger)
        const deleted = await send('POST', `/event_reports/delete/${report.uuid}`, { hard: 1 })
        await platform.drain()
        expect(deleted.json.message).toBe(`Event Report ${report.uuid} hard deleted`)
        expect(await store.db.selectFrom('event_reports').select('id').execute()).toEqual([])
        expect(fired('event-report-after-save')).toEqual([])
        expect(logRows()).toMatchObject([{ model: 'EventReport', action: 'delete' }])
      })
    })

    describe('/admin/users/view/:id and /admin/users/delete/:id', () => {
      it('views a user with role and organisation, never a secret', async () => {
        const user = await addUser('viewed@example.org', USER_ROLE)
        const viewed = await send('GET', `/admin/users/view/${user.id}`)
        expect(viewed.status).toBe(200)
        expect(viewed.json).toMatchObject({
          User: { id: user.id, email: 'viewed@example.org' },
          Role: { id: String(USER_ROLE), perm_site_admin: false },
          Organisation: { name: 'ORGNAME' },
        })
        expect(viewed.text).not.toContain(user.key)
        expect(viewed.json.User.password).toBeUndefined()
        expect(viewed.text).not.toContain('authkey_hash')
      })

      it('deletes a user: its key stops working, the audit row fires log-after-save, no user trigger', async () => {
        const user = await addUser('gone@example.org', USER_ROLE)
        await installRecorder(platform, 'log-after-save')
        const deleted = await send('DELETE', `/admin/users/delete/${user.id}`)
        await platform.drain()
        expect(deleted.status).toBe(200)
        expect(deleted.json).toMatchObject({ saved: true, message: 'User deleted.' })
        expect((await send('GET', '/events/index', undefined, user.key)).status).toBe(403)
        expect(logRows()).toMatchObject([
          { model: 'User', action: 'delete', model_id: user.id, title: `User (${user.id}): gone@example.org` },
        ])
        expect((await send('GET', `/admin/users/view/${user.id}`)).json.message).toBe('Invalid user')
      })

      it('keeps org admins to their organisation’s non-site-admins and nobody deletes their own user', async () => {
        const orgAdmin = await addUser('orgadmin@example.org', ORG_ADMIN_ROLE)
        const colleague = await addUser('colleague@example.org', USER_ROLE)
        const stranger = await addUser('stranger@example.org', USER_ROLE, true)
        const plain = await addUser('plain@example.org', USER_ROLE)
        const asOrgAdmin = (method: string, path: string) => send(method, path, undefined, orgAdmin.key)
        expect((await asOrgAdmin('GET', `/admin/users/view/${colleague.id}`)).status).toBe(200)
        expect((await asOrgAdmin('GET', `/admin/users/view/${stranger.id}`)).status).toBe(404)
        expect((await asOrgAdmin('POST', `/admin/users/delete/${stranger.id}`)).status).toBe(404)
        const siteAdmin = await asOrgAdmin('POST', '/admin/users/delete/1')
        expect(siteAdmin.status).toBe(403)
        expect(siteAdmin.json.message).toBe('You are not authorised to delete this user.')
        const self = await send('POST', '/admin/users/delete/1')
        expect(self.status).toBe(403)
        expect(self.json.message).toBe('You cannot delete your own user.')
        expect((await send('GET', `/admin/users/view/${colleague.id}`, undefined, plain.key)).status).toBe(403)
        expect((await send('POST', `/admin/users/delete/${colleague.id}`, undefined, plain.key)).status).toBe(403)
        expect((await asOrgAdmin('POST', `/admin/users/delete/${colleague.id}`)).status).toBe(200)
      })
    })

    describe('/posts/edit/:id and /posts/delete/:id', () => {
      it('edits the author’s post, firing post-after-save with the new contents', async () => {
        const added = await send('POST', '/posts/add', { Post: { title: 'T', message: 'First' } })
        await installRecorder(platform, 'post-after-save')
        await installRecorder(platform, 'log-after-save')
        const edited = await send('POST', `/posts/edit/${added.json.Post.id}`, { Post: { contents: 'Second' } })
        await platform.drain()
        expect(edited.status).toBe(200)
        expect(edited.json.Post).toMatchObject({ id: added.json.Post.id, contents: 'Second' })
        expect(fired('post-after-save')).toMatchObject([{ Post: { contents: 'Second' } }])
        expect(logRows()).toMatchObject([{ model: 'Post', action: 'edit' }])
        const empty = await send('POST', `/posts/edit/${added.json.Post.id}`, { Post: { contents: '' } })
        expect(empty.status).toBe(403)
        expect(empty.json.errors.Post.message).toEqual([expect.any(String)])
      })

      it('refuses another user’s post (MISP’s texts) and an unknown one', async () => {
        const added = await send('POST', '/posts/add', { Post: { title: 'T', message: 'Mine' } })
        const other = await addUser('other@example.org', USER_ROLE)
        const edit = await send('POST', `/posts/edit/${added.json.Post.id}`, { message: 'Yours' }, other.key)
        expect(edit.status).toBe(403)
        expect(edit.json.message).toBe('This is not your event.')
        const remove = await send('POST', `/posts/delete/${added.json.Post.id}`, undefined, other.key)
        expect(remove.json.message).toBe("This post doesn't belong to you, so you cannot delete it.")
        expect((await send('POST', '/posts/delete/999999')).json.message).toBe('Invalid post')
        const thread = await send('GET', `/threads/view/${added.json.Thread.id}`)
        expect(thread.json.Post.map((post: any) => post.contents)).toEqual(['Mine'])
      })

      it('deletes a post, and the thread with its last post', async () => {
        const first = await send('POST', '/posts/add', { Post: { title: 'T', message: 'One' } })
        const threadId = first.json.Thread.id
        const second = await send('POST', `/posts/add/thread/${threadId}`, { message: 'Two' })
        await installRecorder(platform, 'log-after-save')
        const once = await send('POST', `/posts/delete/${second.json.Post.id}`)
        expect(once.json.message).toBe('Post deleted')
        expect((await send('GET', `/threads/view/${threadId}`)).json.Thread.post_count).toBe('1')
        const last = await send('POST', `/posts/delete/${first.json.Post.id}`)
        await platform.drain()
        expect(last.json.message).toBe('Post and thread deleted')
        expect((await send('GET', `/threads/view/${threadId}`)).status).toBe(404)
        expect(logRows().map((row) => [row.model, row.action])).toEqual([
          ['Post', 'delete'],
          ['Post', 'delete'],
          ['Thread', 'delete'],
        ])
      })
    })
  })
}

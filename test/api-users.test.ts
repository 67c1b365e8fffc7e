/**
 * `/admin/users/*`, `/posts/add` and `/threads/*` over real HTTP on the real platform, on every
 * test database: MISP's request and answer shapes, access, the new API key shown once, bad input
 * named and nothing saved, and a user-before-save veto answered with MISP's save failure.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LocalPlatform } from '../src/platform/index.ts'
import { testDatabases } from './harness/databases.ts'
import { type ServedRecordingPlatform, serveRecordingPlatform } from './harness/test-platform.ts'
import { installRecorder, installVeto } from './harness/trigger-recorder.ts'

const ADMIN_KEY = 'A'.repeat(40)

for (const db of testDatabases()) {
  describe(`${db.name}: /admin/users and discussions over HTTP`, () => {
    let env: ServedRecordingPlatform
    let platform: LocalPlatform
    const send: ServedRecordingPlatform['send'] = (...args) => env.send(...args)
    const userCount = async () => (await send('GET', '/admin/users/index')).json.length

    beforeEach(async () => {
      env = await serveRecordingPlatform(db, ['log-after-save', 'user-before-save'], { adminKey: ADMIN_KEY })
      ;({ platform } = env)
    })
    afterEach(() => env.close())

    describe('POST /admin/users/add', () => {
      it('answers {User} with the new API key once; the key authenticates', async () => {
        const added = await send('POST', '/admin/users/add', { User: { email: 'new@example.org', role_id: '3' } })
        expect(added.status).toBe(200)
        expect(added.json.User).toMatchObject({ email: 'new@example.org', role_id: '3', password: '******' })
        const key = added.json.User.authkey
        expect(key).toMatch(/^[A-Za-z0-9]{40}$/)
        expect((await send('GET', '/events/index', undefined, key)).status).toBe(200)
        const edited = await send('PUT', `/admin/users/edit/${added.json.User.id}`, { autoalert: false })
        expect(edited.status).toBe(200)
        expect(edited.json.User.autoalert).toBe(false)
        expect(edited.json.User.authkey).toBeUndefined()
        const listed = await send('GET', '/admin/users/index')
        expect(listed.text).not.toContain(key)
        expect(listed.json.find((entry: any) => entry.User.id === added.json.User.id)).toMatchObject({
          Role: { id: '3', name: 'User', perm_site_admin: false },
          Organisation: { name: 'ORGNAME' },
        })
      })

      it.each([
        ['email', { email: 'admin@admin.test', role_id: 3 }],
        ['email', { email: 'bad address', role_id: 3 }],
        ['role_id', { email: 'r@example.org', role_id: 42 }],
        ['org_id', { email: 'o@example.org', role_id: 3, org_id: 42 }],
      ])('names %s in MISP’s save failure and saves nothing', async (field, body) => {
        const before = await userCount()
        const result = await send('POST', '/admin/users/add', body)
        expect(result.status).toBe(403)
        expect(result.json).toMatchObject({ saved: false, name: 'Could not add User', url: '/admin/users/add' })
        expect(result.json.errors.User[field]).toEqual([expect.any(String)])
        expect(await userCount()).toBe(before)
      })

      it('answers a wrongly typed field with 400 naming it', async () => {
        const result = await send('POST', '/admin/users/add', { User: { email: 5, role_id: 3 } })
        expect(result.status).toBe(400)
        expect(result.json.errors.User.email).toEqual([expect.any(String)])
      })

      it('answers a user-before-save veto with MISP’s save failure and stores nothing', async () => {
        await installVeto(platform, 'user-before-save', 'Closed')
        const before = await userCount()
        const result = await send('POST', '/admin/users/add', { email: 'veto@example.org', role_id: 3 })
        expect(result.status).toBe(403)
        expect(result.json).toMatchObject({
          saved: false,
          name: 'Could not add User',
          errors: 'The workflow `user-before-save` prevented the saving of user 0',
        })
        expect(await userCount()).toBe(before)
      })

      it('marks the audit row of a REST request with request_is_rest', async () => {
        await installRecorder(platform, 'log-after-save')
        await send('POST', '/admin/users/add', { email: 'rest@example.org', role_id: 3 })
        await platform.drain()
        const rows = env.records
          .filter((record) => record.triggerId === 'log-after-save')
          .map((record) => record.raw.Log)
        expect(rows).toEqual([expect.objectContaining({ model: 'User', action: 'add', request_is_rest: true })])
      })
    })

    it('refuses a plain user every /admin/users endpoint with 403', async () => {
      const added = await send('POST', '/admin/users/add', { email: 'plain@example.org', role_id: 3 })
      const key = added.json.User.authkey
      const answers = [
        await send('POST', '/admin/users/add', { email: 'x@example.org', role_id: 3 }, key),
        await send('POST', `/admin/users/edit/${added.json.User.id}`, { disabled: true }, key),
        await send('GET', '/admin/users/index', undefined, key),
      ]
      expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403])
      expect(answers[2].json).toMatchObject({
        message: 'You do not have permission to do that.',
        url: '/admin/users/index',
      })
    })

    describe('discussions', () => {
      it('posts to an event’s discussion, creating its thread, and shows the thread', async () => {
        const event = (await send('POST', '/events/add', { Event: { info: 'Discussed' } })).json.Event
        const first = await send('POST', `/posts/add/event/${event.id}`, { Post: { message: 'Seen this?' } })
        expect(first.status).toBe(200)
        expect(first.json.Thread).toMatchObject({ event_id: event.id, post_count: '1' })
        const second = await send('POST', `/posts/add/thread/${first.json.Thread.id}`, { message: 'Yes' })
        expect(second.json.Thread.id).toBe(first.json.Thread.id)
        const thread = await send('GET', `/threads/view/${first.json.Thread.id}`)
        expect(thread.status).toBe(200)
        expect(thread.json.Post.map((post: any) => post.contents)).toEqual(['Seen this?', 'Yes'])
        const index = await send('GET', '/threads/index')
        expect(index.json.map((entry: any) => entry.Thread.id)).toEqual([first.json.Thread.id])
      })

      it('names Post.message when it is empty and answers 404 for an unknown thread', async () => {
        const empty = await send('POST', '/posts/add', { Post: { title: 'T', message: '' } })
        expect(empty.status).toBe(403)
        expect(empty.json.errors.Post.message).toEqual(['Cannot post an empty message.'])
        const unknown = await send('POST', '/posts/add/thread/999', { message: 'x' })
        expect(unknown.status).toBe(404)
        expect((await send('GET', '/threads/view/999')).status).toBe(404)
        expect((await send('GET', '/threads/index')).json).toEqual([])
      })
    })
  })
}

/**
 * Users and audit rows through the platform (spec/ENGINE.md §2.10, §2.12, §4.1.1): `/admin/users`
 * operations fire user-before-save and user-after-save once, with the flat user fields and no
 * secret; a veto stores nothing and logs MISP's row; every audit row fires log-after-save except
 * rows of the Workflow and Log models, so a log-after-save workflow never loops.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { hasErrorCode } from '../src/errors.ts'
import type { Actor, LocalPlatform } from '../src/platform/index.ts'
import { sha256 } from '../src/platform/platform-context.ts'
import type { Store } from '../src/store/index.ts'
import { testDatabases } from './harness/databases.ts'
import { openRecordingPlatform, type RecordingPlatform } from './harness/test-platform.ts'
import { installRecorder, installVeto } from './harness/trigger-recorder.ts'

const TRIGGERS = ['user-before-save', 'user-after-save', 'log-after-save', 'event-after-save']
const SECRET = /password|authkey|totp/

async function failure(promise: Promise<unknown>): Promise<any> {
  const error = await promise.then(
    () => null,
    (caught) => caught,
  )
  expect(error, 'the operation should fail').not.toBeNull()
  return error
}

for (const db of testDatabases()) {
  describe(`${db.name}: users and audit rows`, () => {
    let env: RecordingPlatform
    let store: Store
    let platform: LocalPlatform
    let admin: Actor
    const fired = (triggerId: string) => env.records.filter((record) => record.triggerId === triggerId)
    const userCount = async () => (await store.db.selectFrom('users').select('id').execute()).length
    const roleId = async (name: string) =>
      (await store.db.selectFrom('roles').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id

    beforeEach(async () => {
      env = await openRecordingPlatform(db, TRIGGERS)
      ;({ store, platform, admin } = env)
    })
    afterEach(() => env.close())

    describe('users.add', () => {
      it('stores the password as a scrypt digest and the API key as its SHA-256, showing the key once', async () => {
        const added = await platform.users.add(admin, {
          User: { email: 'analyst@example.org', role_id: await roleId('User'), password: 'EasyPeasy34xy' },
        })
        expect(added.User).toMatchObject({ email: 'analyst@example.org', password: '******', change_pw: true })
        expect(added.User.authkey).toMatch(/^[A-Za-z0-9]{40}$/)
        const row = await store.db
          .selectFrom('users')
          .selectAll()
          .where('id', '=', Number(added.User.id))
          .executeTakeFirstOrThrow()
        expect(row.password.startsWith('$scrypt$')).toBe(true)
        expect(row.authkey_hash).toBe(sha256(added.User.authkey))
        expect(JSON.stringify(row)).not.toContain(added.User.authkey)
        const actor = await platform.users.authenticate(added.User.authkey)
        expect(actor).toMatchObject({ userId: Number(added.User.id), role: 'user' })
        const listed = await platform.users.index(admin)
        expect(JSON.stringify(listed)).not.toContain(added.User.authkey)
      })

      it('fires user-before-save once with the flat fields being saved, date_modified an int, no secret', async () => {
        await installRecorder(platform, 'user-before-save')
        await platform.users.add(admin, {
          email: 'flat@example.org',
          role_id: String(await roleId('User')),
          password: 'EasyPeasy34xy',
          authkey: 'k'.repeat(40),
        })
        expect(fired('user-before-save')).toHaveLength(1)
        const { raw, normalised } = fired('user-before-save')[0]
        expect(raw.User).toBeUndefined()
        expect(raw).toMatchObject({ email: 'flat@example.org', org_id: admin.orgId, invited_by: admin.userId })
        expect(raw.id).toBeUndefined()
        expect(Number.isInteger(raw.date_modified)).toBe(true)
        expect(Object.keys(raw).filter((key) => SECRET.test(key))).toEqual([])
        expect(JSON.stringify(raw)).not.toContain('k'.repeat(40))
        expect(JSON.stringify(raw)).not.toContain('EasyPeasy34xy')
        expect(normalised).toEqual(raw)
      })

      it('fires user-after-save once after the commit, with the new id and no secret', async () => {
        await installRecorder(platform, 'user-after-save')
        const added = await platform.users.add(admin, { email: 'after@example.org', role_id: await roleId('User') })
        await platform.drain()
        expect(fired('user-after-save')).toHaveLength(1)
        const { raw, normalised } = fired('user-after-save')[0]
        expect(raw).toMatchObject({ id: added.User.id, email: 'after@example.org' })
        expect(Object.keys(raw).filter((key) => SECRET.test(key))).toEqual([])
        expect(normalised).toEqual(raw)
      })

      it('writes no user when user-before-save vetoes, and logs MISP’s row', async () => {
        await installVeto(platform, 'user-before-save', 'No new users')
        const before = await userCount()
        const error = await failure(platform.users.add(admin, { email: 'never@example.org', role_id: 3 }))
        expect(hasErrorCode(error, 'SLC_BLOCKED_BY_WORKFLOW')).toBe(true)
        expect(error.message).toBe('The workflow `user-before-save` prevented the saving of user 0')
        expect(await userCount()).toBe(before)
        const [log] = await platform.logs.index(admin, { model: 'User' })
        expect(log.Log).toMatchObject({
          action: 'add',
          model: 'User',
          model_id: '0',
          title: 'The workflow `user-before-save` prevented the saving of user 0',
          change: expect.stringMatching(/^Returned message: .*No new users$/),
        })
      })

      it.each([
        ['email', { email: 'not an address', role_id: 3 }],
        ['email', { role_id: 3 }],
        ['role_id', { email: 'norole@example.org', role_id: 999 }],
        ['org_id', { email: 'noorg@example.org', role_id: 3, org_id: 999 }],
        ['password', { email: 'weak@example.org', role_id: 3, password: 'short' }],
      ])('refuses a bad %s naming the field and stores nothing', async (field, body) => {
        const before = await userCount()
        const error = await failure(platform.users.add(admin, body))
        expect(hasErrorCode(error, 'SLC_VALIDATION')).toBe(true)
        expect(error.field).toBe(field)
        expect(await userCount()).toBe(before)
      })

      it('refuses an e-mail address already taken, in any case', async () => {
        const error = await failure(platform.users.add(admin, { email: 'ADMIN@admin.test', role_id: 3 }))
        expect(error.field).toBe('email')
        expect(error.message).toContain('An account with this email address already exists.')
      })
    })

    describe('users.edit', () => {
      it('fires both triggers once with the id, the changed fields and no password', async () => {
        const added = await platform.users.add(admin, { email: 'edit@example.org', role_id: await roleId('User') })
        await installRecorder(platform, 'user-before-save')
        await installRecorder(platform, 'user-after-save')
        const edited = await platform.users.edit(admin, added.User.id, {
          User: { email: 'edited@example.org', password: 'EasyPeasy34xy', disabled: true },
        })
        await platform.drain()
        expect(edited.User).toMatchObject({ email: 'edited@example.org', disabled: true, password: '******' })
        expect(edited.User.authkey).toBeUndefined()
        for (const triggerId of ['user-before-save', 'user-after-save']) {
          expect(fired(triggerId)).toHaveLength(1)
          const { raw } = fired(triggerId)[0]
          expect(raw).toMatchObject({ id: added.User.id, email: 'edited@example.org', disabled: 1 })
          expect(Number.isInteger(raw.date_modified)).toBe(true)
          expect(Number.isInteger(raw.last_pw_change)).toBe(true)
          expect(Object.keys(raw).filter((key) => SECRET.test(key))).toEqual([])
        }
        const [log] = await platform.logs.index(admin, { model: 'User', action: 'edit' })
        expect(log.Log.title).toBe(`User (${added.User.id}): edited@example.org`)
        expect(log.Log.change).toContain('email (edit@example.org) => (edited@example.org)')
        expect(log.Log.change).toContain('password (*****) => (*****)')
      })

      it('keeps the user unchanged when user-before-save vetoes, logging the user id', async () => {
        const added = await platform.users.add(admin, { email: 'keep@example.org', role_id: await roleId('User') })
        await installVeto(platform, 'user-before-save', 'Frozen')
        const error = await failure(platform.users.edit(admin, added.User.id, { email: 'changed@example.org' }))
        expect(error.message).toBe(`The workflow \`user-before-save\` prevented the saving of user ${added.User.id}`)
        const [row] = (await platform.users.index(admin)).filter((entry) => entry.User.id === added.User.id)
        expect(row.User.email).toBe('keep@example.org')
        const [log] = await platform.logs.index(admin, { model: 'User' })
        expect(log.Log).toMatchObject({ action: 'edit', model_id: added.User.id })
      })
    })

    describe('access to users', () => {
      let orgAdmin: Actor
      let otherOrgUser: string
      beforeEach(async () => {
        const otherOrg = await store.db
          .insertInto('organisations')
          .values({ uuid: '5d9a3b0e-0000-4000-8000-00000000000a', name: 'Other org' })
          .returning('id')
          .executeTakeFirstOrThrow()
        const created = await platform.users.add(admin, {
          email: 'orgadmin@example.org',
          role_id: await roleId('Org Admin'),
        })
        orgAdmin = (await platform.users.authenticate(created.User.authkey))!
        otherOrgUser = (
          await platform.users.add(admin, { email: 'other@example.org', role_id: 3, org_id: otherOrg.id })
        ).User.id
      })

      it('refuses a plain user every /admin/users operation', async () => {
        const created = await platform.users.add(admin, { email: 'plain@example.org', role_id: 3 })
        const user = (await platform.users.authenticate(created.User.authkey))!
        // Started one at a time: a refusal still waiting for its handler would be an unhandled rejection.
        for (const operation of [
          () => platform.users.add(user, { email: 'x@example.org', role_id: 3 }),
          () => platform.users.edit(user, created.User.id, { disabled: true }),
          () => platform.users.index(user),
        ]) {
          expect(hasErrorCode(await failure(operation()), 'SLC_FORBIDDEN')).toBe(true)
        }
      })

      it('lets an org admin add users to its own organisation only, never as site admins', async () => {
        const added = await platform.users.add(orgAdmin, { email: 'mine@example.org', role_id: 3, org_id: 999 })
        expect(added.User.org_id).toBe(String(orgAdmin.orgId))
        const error = await failure(
          platform.users.add(orgAdmin, { email: 'boss@example.org', role_id: await roleId('admin') }),
        )
        expect(hasErrorCode(error, 'SLC_FORBIDDEN')).toBe(true)
      })

      it('hides other organisations’ users from an org admin', async () => {
        const error = await failure(platform.users.edit(orgAdmin, otherOrgUser, { disabled: true }))
        expect(hasErrorCode(error, 'SLC_NOT_FOUND')).toBe(true)
        const listed = await platform.users.index(orgAdmin)
        expect(listed.every((entry) => entry.User.org_id === String(orgAdmin.orgId))).toBe(true)
        expect(listed.map((entry) => Object.keys(entry))).toContainEqual(['User', 'Role', 'Organisation'])
      })
    })

    describe('log-after-save', () => {
      it('fires once for an event add’s audit row, with MISP’s Log shape', async () => {
        await installRecorder(platform, 'log-after-save')
        const view = await platform.events.add(admin, { Event: { info: 'Logged' } })
        await platform.drain()
        const events = fired('log-after-save').filter((record) => record.raw.Log.model === 'Event')
        expect(events).toHaveLength(1)
        const { raw, normalised } = events[0]
        expect(Object.keys(raw)).toEqual(['Log'])
        expect(Object.keys(raw.Log)).toEqual([
          'id',
          'org',
          'email',
          'user_id',
          'action',
          'title',
          'change',
          'model',
          'model_id',
          'created',
          'description',
          'ip',
          'request_is_rest',
        ])
        expect(raw.Log).toMatchObject({
          action: 'add',
          model_id: view.Event.id,
          email: admin.email,
          user_id: String(admin.userId),
          title: `Event (${view.Event.id}): Logged`,
          request_is_rest: false,
        })
        expect(normalised).toEqual(raw)
      })

      it('does not fire for Workflow rows, so a logging workflow never loops', async () => {
        // The engine logs `Started…`/`Finished…` rows (model Workflow) for every debug-mode run.
        await installRecorder(platform, 'log-after-save', { debug: true })
        await installVeto(platform, 'event-after-save', 'stop')
        await platform.events.add(admin, { Event: { info: 'Once' } })
        await platform.drain()
        const workflowRows = await platform.logs.index(admin, { model: 'Workflow' })
        expect(workflowRows.length).toBeGreaterThan(0)
        const models = fired('log-after-save').map((record) => record.raw.Log.model)
        expect(models).toEqual(['Event'])
      })

      it('fires for a veto row (model User), as MISP does', async () => {
        await installRecorder(platform, 'log-after-save')
        await installVeto(platform, 'user-before-save', 'No')
        await failure(platform.users.add(admin, { email: 'veto@example.org', role_id: 3 }))
        await platform.drain()
        const rows = fired('log-after-save').map((record) => record.raw.Log)
        expect(rows).toEqual([expect.objectContaining({ model: 'User', email: 'SYSTEM', model_id: '0' })])
      })

      it('fires nothing for a refused operation', async () => {
        await installRecorder(platform, 'log-after-save')
        await failure(platform.users.add(admin, { email: 'admin@admin.test', role_id: 3 }))
        await platform.drain()
        expect(fired('log-after-save')).toEqual([])
      })
    })
  })
}

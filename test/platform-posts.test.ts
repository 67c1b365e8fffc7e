/**
 * Discussions through the platform (spec/ENGINE.md §4.1.1 `post-after-save`): a post fires the
 * trigger once with `{Post: {...}}`; normalisation adds the thread (local-backend `fetchThread`)
 * and, for an event's thread, the converted bare event row (`fetchEventRow`).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { hasErrorCode } from '../src/errors.ts'
import type { Actor, LocalPlatform } from '../src/platform/index.ts'
import type { Store } from '../src/store/index.ts'
import { testDatabases } from './harness/databases.ts'
import { openRecordingPlatform, type RecordingPlatform } from './harness/test-platform.ts'
import { installRecorder } from './harness/trigger-recorder.ts'

for (const db of testDatabases()) {
  describe(`${db.name}: discussion posts`, () => {
    let env: RecordingPlatform
    let store: Store
    let platform: LocalPlatform
    let admin: Actor
    const fired = () => env.records.filter((record) => record.triggerId === 'post-after-save')

    beforeEach(async () => {
      env = await openRecordingPlatform(db, ['post-after-save'])
      ;({ store, platform, admin } = env)
    })
    afterEach(() => env.close())

    it('creates the event’s thread on the first post and fires post-after-save with Thread and Event', async () => {
      await installRecorder(platform, 'post-after-save')
      const view = await platform.events.add(admin, { Event: { info: 'Talk about me', distribution: 2 } })
      const added = await platform.posts.add(admin, { kind: 'event', eventId: view.Event.id }, { message: 'Hello' })
      expect(added.Thread).toMatchObject({
        event_id: view.Event.id,
        title: `Discussion about Event #${view.Event.id} (Talk about me)`,
        distribution: '2',
        post_count: '1',
      })
      await platform.drain()
      expect(fired()).toHaveLength(1)
      const { raw, normalised } = fired()[0]
      expect(Object.keys(raw)).toEqual(['Post'])
      expect(raw.Post).toEqual({
        date_created: added.Post.date_created,
        date_modified: added.Post.date_modified,
        user_id: String(admin.userId),
        contents: 'Hello',
        post_id: '0',
        thread_id: added.Thread.id,
        id: added.Post.id,
      })
      expect(Object.keys(normalised)).toEqual(['Post', 'Thread', 'Event'])
      expect(normalised.Thread).toEqual(added.Thread)
      expect(normalised.Event).toMatchObject({ id: view.Event.id, info: 'Talk about me', _AttributeFlattened: [] })
      expect(normalised.Event.Tag).toBeUndefined()

      const again = await platform.posts.add(admin, { kind: 'event', eventId: view.Event.id }, { message: 'Again' })
      expect(again.Thread.id).toBe(added.Thread.id)
      expect(again.Thread.post_count).toBe('2')
      await platform.drain()
      expect(fired()).toHaveLength(2)
    })

    it('fires post-after-save without Event for a thread that belongs to no event', async () => {
      const started = await platform.posts.add(admin, { kind: 'new' }, { Post: { title: 'General', message: 'First' } })
      expect(started.Thread).toMatchObject({ event_id: '0', title: 'General', post_count: '1' })
      await installRecorder(platform, 'post-after-save')
      const reply = await platform.posts.add(
        admin,
        { kind: 'thread', threadId: started.Thread.id },
        { message: 'Reply' },
      )
      await platform.drain()
      expect(fired()).toHaveLength(1)
      const { raw, normalised } = fired()[0]
      expect(raw.Post).toMatchObject({ id: reply.Post.id, thread_id: started.Thread.id, contents: 'Reply' })
      expect(Object.keys(normalised)).toEqual(['Post', 'Thread'])
      expect(normalised.Thread).toMatchObject({ id: started.Thread.id, event_id: '0', post_count: '2' })
      const thread = await platform.threads.view(admin, started.Thread.id)
      expect(thread.Post.map((post: any) => post.contents)).toEqual(['First', 'Reply'])
    })

    it('answers through the local backend in the shapes of src/format/lookups.ts', async () => {
      const view = await platform.events.add(admin, { Event: { info: 'Rows' } })
      const added = await platform.posts.add(admin, { kind: 'event', eventId: view.Event.id }, { message: 'x' })
      expect(await platform.backend.fetchThread(added.Thread.id)).toEqual({ Thread: added.Thread })
      const row = await platform.backend.fetchEventRow(view.Event.id)
      expect(Object.keys(row!)).toEqual(['Event'])
      expect(row!.Event).toMatchObject({ id: view.Event.id, info: 'Rows', published: false })
      expect(await platform.backend.fetchThread('999')).toBeNull()
    })

    it('refuses an empty message, an unknown thread and an invisible event, storing nothing', async () => {
      const count = async () => (await store.db.selectFrom('posts').select('id').execute()).length
      // Started one at a time: a refusal still waiting for its handler would be an unhandled rejection.
      const refusals = [
        [() => platform.posts.add(admin, { kind: 'new' }, { Post: { title: 'T', message: ' ' } }), 'SLC_VALIDATION'],
        [() => platform.posts.add(admin, { kind: 'new' }, { Post: { message: 'no title' } }), 'SLC_VALIDATION'],
        [() => platform.posts.add(admin, { kind: 'thread', threadId: '999' }, { message: 'x' }), 'SLC_NOT_FOUND'],
        [() => platform.posts.add(admin, { kind: 'event', eventId: '999' }, { message: 'x' }), 'SLC_NOT_FOUND'],
      ] as const
      for (const [operation, code] of refusals) {
        const error = await operation().then(
          () => null,
          (caught) => caught,
        )
        expect(hasErrorCode(error, code), String(error)).toBe(true)
      }
      expect(await count()).toBe(0)
      expect(await store.db.selectFrom('threads').select('id').execute()).toEqual([])
    })
  })
}

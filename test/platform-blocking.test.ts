/**
 * Blocking triggers and bad input (issue #3 "What must hold"; spec/ENGINE.md §2.10): the
 * PAP:RED/tlp:red blueprint stops publishing with MISP's error and log row; a vetoing
 * event-before-save leaves the data untouched (the SQLite file byte-for-byte); bad input raises
 * the right error and writes nothing.
 */
import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { hasErrorCode } from '../src/errors.ts'
import { createBuiltinRegistry } from '../src/modules/index.ts'
import type { Actor, LocalPlatform } from '../src/platform/index.ts'
import type { Store } from '../src/store/index.ts'
import { installBlueprintWorkflow } from './harness/blueprint-workflow.ts'
import { buildGraph } from './harness/graph-builder.ts'
import { testDatabases } from './harness/databases.ts'
import { blueprintFile, PAP_RED_BLUEPRINT } from './harness/shared.ts'
import { openTestPlatform, type TestPlatform } from './harness/test-platform.ts'

const registry = createBuiltinRegistry()
const PAP_RED = blueprintFile(PAP_RED_BLUEPRINT)

/** Every data table's rows (the `runtime` schema's logs and counters excluded). */
async function dataSnapshot(store: Store): Promise<Record<string, unknown[]>> {
  const tables = [
    'organisations',
    'roles',
    'users',
    'events',
    'attributes',
    'objects',
    'tags',
    'event_tags',
    'attribute_tags',
    'settings',
    'galaxy_clusters',
    'sightings',
    'shadow_attributes',
    'event_reports',
    'threads',
    'posts',
    'event_blocklists',
    'warninglists',
    'warninglist_entries',
  ] as const
  const snapshot: Record<string, unknown[]> = {}
  for (const table of tables) {
    const order = (table === 'settings' ? 'name' : 'id') as never
    snapshot[table] = await store.db.selectFrom(table).selectAll().orderBy(order).execute()
  }
  return snapshot
}

async function fileBytes(store: Store): Promise<Buffer | null> {
  if (store.dialect !== 'sqlite') return null
  await store.checkpoint()
  return readFileSync(store.file!)
}

async function expectCode(promise: Promise<unknown>, code: string, field?: string) {
  const error = await promise.then(
    () => null,
    (caught) => caught,
  )
  expect(error, 'the operation should fail').not.toBeNull()
  expect(hasErrorCode(error, code as never), String(error)).toBe(true)
  if (field !== undefined) expect(error.field).toBe(field)
}

for (const db of testDatabases()) {
  describe(`${db.name}: blocking workflows and bad input`, () => {
    let env: TestPlatform
    let store: Store
    let platform: LocalPlatform
    let admin: Actor

    beforeEach(async () => {
      env = await openTestPlatform(db, { registry })
      ;({ store, platform, admin } = env)
    })
    afterEach(() => env.close())

    describe('the PAP:RED/tlp:red blueprint on event-publish', () => {
      beforeEach(async () => {
        await platform.settings.set('Plugin.Workflow_enable', true)
        await installBlueprintWorkflow(platform, PAP_RED, 'event-publish')
      })

      it('stops publishing an event with a tlp:red attribute, with MISP’s error and log row', async () => {
        const view = await platform.events.add(admin, {
          Event: { info: 'Red', Attribute: [{ type: 'ip-src', value: '198.51.100.7', Tag: [{ name: 'tlp:red' }] }] },
        })
        const result = await platform.events.publish(admin, view.Event.id)
        expect(result.published).toBe(false)
        const errors = result.published ? [] : result.errors
        expect(errors).toHaveLength(1)
        expect(errors[0]).toMatch(
          /^Node `stop-execution` \(\d+\) from Workflow `PAP:RED and tlp:red Blocking` \(\d+\) returned the following error: /,
        )
        expect((await platform.events.view(admin, view.Event.id)).Event.published).toBe(false)
        const logs = await platform.logs.index(admin, { action: 'publish' })
        const log = logs.find((row) => row.Log.title === 'Publishing stopped by a blocking workflow.')
        expect(log?.Log).toMatchObject({
          model: 'Event',
          model_id: view.Event.id,
          email: 'SYSTEM',
          user_id: '0',
          change: `Returned message: ${errors.join(', ')}`,
        })
      })

      it('publishes an event without the tag', async () => {
        const view = await platform.events.add(admin, {
          Event: {
            info: 'Green',
            Attribute: [{ type: 'ip-src', value: '198.51.100.8', Tag: [{ name: 'tlp:green' }] }],
          },
        })
        expect(await platform.events.publish(admin, view.Event.id)).toEqual({ published: true, eventId: view.Event.id })
        expect((await platform.events.view(admin, view.Event.id)).Event.published).toBe(true)
        expect((await platform.workflows.list())[0].counter).toBe('1')
      })
    })

    describe('a vetoing event-before-save', () => {
      beforeEach(async () => {
        await platform.settings.set('Plugin.Workflow_enable', true)
        await platform.settings.set('Plugin.Workflow_triggers_event-before-save', true)
        await platform.workflows.install({
          id: 0,
          name: 'Refuse every save',
          trigger_id: 'event-before-save',
          data: buildGraph([
            { id: 1, module: 'event-before-save', type: 'trigger', outputs: { output_1: [2] } },
            { id: 2, module: 'stop-execution', type: 'action', params: { message: 'No saving today' } },
          ]),
        })
      })

      it('stores nothing of the event (the data file is byte-for-byte unchanged) and logs MISP’s row', async () => {
        const bytes = await fileBytes(store)
        const before = await dataSnapshot(store)
        const uuid = '0b8e5a5e-1111-4c4c-8d8d-123456789abc'
        const error = await platform.events
          .add(admin, {
            Event: {
              uuid,
              info: 'Never saved',
              Attribute: [{ type: 'domain', value: 'example.com' }],
              Tag: [{ name: 'new-tag' }],
            },
          })
          .catch((caught) => caught)
        expect(hasErrorCode(error, 'SLC_BLOCKED_BY_WORKFLOW')).toBe(true)
        expect(error.message).toBe(`The workflow \`event-before-save\` prevented the saving of event (${uuid})`)
        expect(error.errors[0]).toMatch(/returned the following error: No saving today$/)
        await platform.drain()
        expect(await dataSnapshot(store)).toEqual(before)
        if (bytes) expect((await fileBytes(store))!.equals(bytes)).toBe(true)
        const [log] = await platform.logs.index(admin, { model: 'Event' })
        expect(log.Log).toMatchObject({
          action: 'add',
          model_id: '0',
          title: `The workflow \`event-before-save\` prevented the saving of event (${uuid})`,
          change: `Returned message: ${error.errors.join(', ')}`,
        })
      })

      it('keeps an event unpublished when the publish save is vetoed', async () => {
        await platform.settings.set('Plugin.Workflow_triggers_event-before-save', false)
        const view = await platform.events.add(admin, { Event: { info: 'Saved before the veto' } })
        await platform.settings.set('Plugin.Workflow_triggers_event-before-save', true)
        const before = await dataSnapshot(store)
        const result = await platform.events.publish(admin, view.Event.id)
        expect(result.published).toBe(false)
        expect(await dataSnapshot(store)).toEqual(before)
      })
    })

    describe('bad input', () => {
      const cases: Array<[string, (p: LocalPlatform, a: Actor, eventId: string) => Promise<unknown>, string, string?]> =
        [
          [
            'an unknown attribute type',
            (p, a, id) => p.attributes.add(a, id, { type: 'no-such-type', value: 'x' }),
            'SLC_VALIDATION',
            'type',
          ],
          [
            'an ip-src that is not an IP',
            (p, a, id) => p.attributes.add(a, id, { type: 'ip-src', value: 'not-an-ip' }),
            'SLC_VALIDATION',
            'value',
          ],
          [
            'a category the type does not allow',
            (p, a, id) =>
              p.attributes.add(a, id, { type: 'ip-src', category: 'Artifacts dropped', value: '192.0.2.1' }),
            'SLC_VALIDATION',
            'category',
          ],
          [
            'an event without info',
            (p, a) => p.events.add(a, { Event: { distribution: 1 } }),
            'SLC_VALIDATION',
            'info',
          ],
          [
            'an event with a bad nested attribute',
            (p, a) => p.events.add(a, { Event: { info: 'x', Attribute: [{ type: 'ip-dst', value: '999.1.1.1' }] } }),
            'SLC_VALIDATION',
            'value',
          ],
          ['an unknown event id (view)', (p, a) => p.events.view(a, '999999'), 'SLC_NOT_FOUND'],
          [
            'an unknown event id (attribute add)',
            (p, a) => p.attributes.add(a, '999999', { type: 'ip-src', value: '192.0.2.1' }),
            'SLC_NOT_FOUND',
          ],
          ['an unknown event id (publish)', (p, a) => p.events.publish(a, '999999'), 'SLC_NOT_FOUND'],
          ['a malformed event id', (p, a) => p.events.view(a, "1' or 1=1"), 'SLC_NOT_FOUND'],
          [
            // An unknown tag *name* is created for a tag editor, as MISP does; an unknown id is not.
            'an unknown tag id',
            (p, a, id) =>
              p.events.view(a, id).then((v) => p.tags.attach(a, { uuid: v.Event.uuid, tag: '999999', local: false })),
            'SLC_NOT_FOUND',
          ],
        ]
      for (const [what, operation, code, field] of cases) {
        it(`rejects ${what} and writes nothing`, async () => {
          const view = await platform.events.add(admin, { Event: { info: 'Target' } })
          const bytes = await fileBytes(store)
          const before = await dataSnapshot(store)
          await expectCode(operation(platform, admin, view.Event.id), code, field)
          expect(await dataSnapshot(store)).toEqual(before)
          if (bytes) expect((await fileBytes(store))!.equals(bytes)).toBe(true)
        })
      }
    })
  })
}

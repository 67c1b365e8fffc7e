/**
 * 50 concurrent publishes over real HTTP (issue #3 "What must hold"): the app on a SQLite file
 * (and PostgreSQL when `TEST_DATABASE_URL` is set) with the PAP:RED/tlp:red blueprint on
 * event-publish; half the events carry a `tlp:red` attribute. Every publish gets its own outcome
 * (MISP's veto for the red ones, success for the others), none fails with a busy database, and
 * the stored published flags match.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PUBLISHED_MESSAGE, publishBlockedMessage } from '../src/api/index.ts'
import { createBuiltinRegistry } from '../src/modules/index.ts'
import type { LocalPlatform } from '../src/platform/index.ts'
import type { Store } from '../src/store/index.ts'
import { installBlueprintWorkflow } from './harness/blueprint-workflow.ts'
import { testDatabases } from './harness/databases.ts'
import { call, type RunningApp } from './harness/http.ts'
import { blueprintFile, PAP_RED_BLUEPRINT } from './harness/shared.ts'
import { type ServedTestPlatform, serveTestPlatform } from './harness/test-platform.ts'

const PAP_RED = blueprintFile(PAP_RED_BLUEPRINT)
const EVENTS = 50
const KEY = 'c'.repeat(40)

for (const db of testDatabases()) {
  describe(`${db.name}: ${EVENTS} concurrent publishes over HTTP`, () => {
    let env: ServedTestPlatform
    let store: Store
    let platform: LocalPlatform
    let app: RunningApp

    beforeEach(async () => {
      env = await serveTestPlatform(db, { adminKey: KEY, registry: createBuiltinRegistry() })
      ;({ store, platform, app } = env)
      await platform.settings.set('Plugin.Workflow_enable', true)
      await installBlueprintWorkflow(platform, PAP_RED, 'event-publish')
    })
    afterEach(() => env.close())

    it('gives every publish its own outcome, with no busy-database error', async () => {
      const ids: Array<{ id: string; isRed: boolean }> = []
      for (let index = 0; index < EVENTS; index++) {
        const isRed = index % 2 === 0
        const added = await call(app.baseUrl, 'POST', '/events/add', {
          key: KEY,
          body: {
            Event: {
              info: `Concurrent ${index}`,
              Attribute: [
                { type: 'ip-src', value: `198.51.100.${index + 1}`, Tag: [{ name: isRed ? 'tlp:red' : 'tlp:green' }] },
              ],
            },
          },
        })
        expect(added.status, added.text).toBe(200)
        ids.push({ id: added.json.Event.id, isRed })
      }

      const results = await Promise.all(
        ids.map(({ id }) => call(app.baseUrl, 'POST', `/events/publish/${id}`, { key: KEY })),
      )

      for (const [index, result] of results.entries()) {
        const { id, isRed } = ids[index]
        expect(result.text).not.toMatch(/busy|locked|deadlock/i)
        if (isRed) {
          expect(result.status, result.text).toBe(403)
          expect(result.json.message.startsWith(publishBlockedMessage(['Node `stop-execution` ']))).toBe(true)
          expect(result.json.id).toBe(id)
        } else {
          expect(result.status, result.text).toBe(200)
          expect(result.json).toMatchObject({ saved: true, success: true, message: PUBLISHED_MESSAGE, id })
        }
      }
      await platform.drain()
      const rows = await store.db.selectFrom('events').select(['id', 'published']).orderBy('id').execute()
      const published = new Map(rows.map((row) => [String(row.id), row.published === 1]))
      for (const { id, isRed } of ids) expect(published.get(id), `event ${id}`).toBe(!isRed)
      const vetoes = await store.db
        .withSchema('runtime')
        .selectFrom('logs')
        .select('model_id')
        .where('title', '=', 'Publishing stopped by a blocking workflow.')
        .execute()
      expect(vetoes.map((row) => String(row.model_id)).sort()).toEqual(
        ids
          .filter((event) => event.isRed)
          .map((event) => event.id)
          .sort(),
      )
    }, 60_000)
  })
}

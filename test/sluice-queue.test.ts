/**
 * `POST /sluice/queue/retry` and `POST /sluice/queue/discard` over real HTTP (docs/queue.md "Dead
 * jobs"): a job that failed on every attempt goes back to the queue once its cause is fixed, and
 * runs; or it goes away with its stored input. Site admins only; every action is in the audit
 * log; nothing but dead jobs is touched.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { bootstrap, createPlatform, type LocalPlatform } from '../src/platform/index.ts'
import { createEmbeddedJobQueue } from '../src/queue/index.ts'
import { claimJobs, insertJob } from '../src/queue/embedded/job-rows.ts'
import type { Store } from '../src/store/index.ts'
import { testDatabases } from './harness/databases.ts'
import { call, type RunningApp, startApp } from './harness/http.ts'
import { installRecorder, type Recorded, recordingRegistry } from './harness/trigger-recorder.ts'

const KEY = 'Q'.repeat(40)
const TRIGGER = 'event-after-save'
const ADMIN = { userId: 1, orgId: 1, email: 'admin@admin.test', role: 'site_admin' as const }

for (const db of testDatabases()) {
  describe(`${db.name}: POST /sluice/queue/retry and /sluice/queue/discard`, () => {
    let store: Store
    let platform: LocalPlatform
    let app: RunningApp
    let records: Recorded[]
    const post = (path: string, body?: unknown, key = KEY) => call(app.baseUrl, 'POST', path, { key, body })

    beforeEach(async () => {
      store = await db.open()
      records = []
      // The default five attempts, a millisecond apart, so that a failing job is dead within the test.
      const queue = createEmbeddedJobQueue(store, { retry: { maxAttempts: 5, backoffMs: 1 } })
      const registry = recordingRegistry(records, [TRIGGER])
      platform = createPlatform({ store, queue, registry, onBackgroundError: () => {} })
      await bootstrap(platform, { adminKey: KEY })
      app = await startApp(platform)
    })
    afterEach(async () => {
      // The live jobs some tests leave (one due in a day, one held by another process) go first:
      // closing the platform runs what is queued.
      await store.db.deleteFrom('jobs').where('status', '!=', 'dead').execute()
      await app.close()
      await platform.close()
      await store.close()
    })

    /**
     * Installs a recorder on the trigger, breaks its saved graph (reading it throws, so each job
     * does), queues `count` trigger jobs and lets them fail every attempt. Answers `fix()`, which
     * puts the graph back, and the dead jobs' ids as `GET /sluice/queue` lists them.
     */
    const seedDeadJobs = async (count: number) => {
      await installRecorder(platform, TRIGGER)
      const workflow = await store.db
        .withSchema('runtime')
        .selectFrom('workflows')
        .select(['id', 'data'])
        .where('trigger_id', '=', TRIGGER)
        .executeTakeFirstOrThrow()
      const setGraph = async (data: string) => {
        await store.db
          .withSchema('runtime')
          .updateTable('workflows')
          .set({ data } as never)
          .where('id', '=', workflow.id)
          .execute()
        platform.dispatcher.workflowsChanged()
      }
      await setGraph('not JSON')
      for (let index = 0; index < count; index++) {
        await platform.queue.enqueue({
          kind: 'trigger',
          triggerId: TRIGGER,
          data: { Event: { id: String(index + 1), info: `Dead ${index + 1}`, Attribute: [] } },
          workflowIds: [String(workflow.id)],
        })
      }
      await platform.drain()
      const status = await call(app.baseUrl, 'GET', '/sluice/queue', { key: KEY })
      expect(status.json.depth).toEqual({ queued: 0, running: 0, dead: count })
      expect(status.json.dead.every((dead: { attempts: number }) => dead.attempts === 5)).toBe(true)
      const ids: string[] = status.json.dead.map((dead: { id: string }) => dead.id).sort()
      return { ids, fix: () => setGraph(workflow.data as string) }
    }

    /** A job due in a day and one another process is running: no retry or discard may touch them. */
    const seedLiveJobs = async () => {
      const far = Date.now() + 86_400_000
      await insertJob(store.db, { kind: 'trigger', triggerId: TRIGGER, data: 'running', workflowIds: [] }, far)
      await claimJobs(store.db, store.dialect, 'another-process', 1, far, 3_600_000)
      await insertJob(store.db, { kind: 'trigger', triggerId: TRIGGER, data: 'queued', workflowIds: [] }, far)
      return liveJobs()
    }
    const liveJobs = () => store.db.selectFrom('jobs').selectAll().where('status', '!=', 'dead').orderBy('id').execute()
    const auditRows = async (action: string) =>
      (await platform.logs.index(ADMIN, { model: 'Job' })).map((row) => row.Log).filter((log) => log.action === action)

    it('puts a dead job back; once its cause is fixed it runs and its run is in the history', async () => {
      const { ids, fix } = await seedDeadJobs(2)
      await fix()
      const answer = await post('/sluice/queue/retry', { ids: [ids[0]] })
      expect(answer.status, answer.text).toBe(200)
      expect(answer.json).toEqual({ retried: 1 })
      await platform.drain()
      expect(records.map((record) => record.raw.Event.info)).toEqual(['Dead 1'])
      const runs = await call(app.baseUrl, 'GET', `/sluice/runs?trigger=${TRIGGER}`, { key: KEY })
      expect(runs.json.runs).toHaveLength(1)
      expect(runs.json.runs[0]).toMatchObject({ outcome: 'success' })
      const status = await call(app.baseUrl, 'GET', '/sluice/queue', { key: KEY })
      expect(status.json.depth).toEqual({ queued: 0, running: 0, dead: 1 })
      expect(status.json.dead.map((dead: { id: string }) => dead.id)).toEqual([ids[1]])
      const [audit] = await auditRows('retry')
      expect(audit).toMatchObject({ title: 'Dead jobs retried: 1 of 1 named', email: 'admin@admin.test' })
      expect(audit!.change).toContain(ids[0])
    })

    it('retries every dead job without ids, and nothing else', async () => {
      const { fix } = await seedDeadJobs(3)
      const live = await seedLiveJobs()
      await fix()
      expect((await post('/sluice/queue/retry')).json).toEqual({ retried: 3 })
      // Not drain(): it would wait for the live jobs too.
      await vi.waitFor(() => expect(records).toHaveLength(3))
      expect(records.map((record) => record.raw.Event.info).sort()).toEqual(['Dead 1', 'Dead 2', 'Dead 3'])
      expect(await liveJobs()).toEqual(live)
      expect((await post('/sluice/queue/retry', {})).json).toEqual({ retried: 0 })
      expect(await auditRows('retry')).toHaveLength(2)
    })

    it('discards a dead job with its stored input, then every other one, and nothing else', async () => {
      const { ids } = await seedDeadJobs(3)
      const live = await seedLiveJobs()
      const inputOf = async (id: string) =>
        (await store.db.selectFrom('jobs').select('input_id').where('id', '=', Number(id)).executeTakeFirstOrThrow())
          .input_id
      const input = await inputOf(ids[0]!)
      const inputs = () => store.db.selectFrom('run_inputs').select('id').where('id', '=', Number(input)).execute()
      expect(await inputs()).toHaveLength(1)

      // An unknown id, and the ids of live jobs, are simply not counted.
      const named = [ids[0], '999999', 'nope', ...live.map((row) => String(row.id))]
      const answer = await post('/sluice/queue/discard', { ids: named })
      expect(answer.status, answer.text).toBe(200)
      expect(answer.json).toEqual({ discarded: 1 })
      expect(await inputs()).toEqual([])
      expect((await post('/sluice/queue/discard')).json).toEqual({ discarded: 2 })
      const status = await call(app.baseUrl, 'GET', '/sluice/queue', { key: KEY })
      expect(status.json.depth).toEqual({ queued: 1, running: 1, dead: 0 })
      expect(await liveJobs()).toEqual(live)
      expect((await auditRows('discard')).map((log) => log.title).sort()).toEqual([
        'Dead jobs discarded: 1 of 5 named',
        'Dead jobs discarded: 2 (all)',
      ])
    })

    it('refuses a request without a key, or from a user who is not a site admin', async () => {
      const { ids } = await seedDeadJobs(1)
      const user = await call(app.baseUrl, 'POST', '/admin/users/add', {
        key: KEY,
        body: { User: { email: 'analyst@example.org', role_id: '3' } },
      })
      expect(user.status, user.text).toBe(200)
      for (const path of ['/sluice/queue/retry', '/sluice/queue/discard']) {
        expect((await call(app.baseUrl, 'POST', path, { body: { ids } })).status).toBe(403)
        const forbidden = await post(path, { ids }, user.json.User.authkey)
        expect(forbidden.status).toBe(403)
        expect(forbidden.json.url).toBe(path)
        // The key is checked before the body: a stranger learns nothing from a 400.
        expect((await post(path, { ids: 'all' }, user.json.User.authkey)).status).toBe(403)
      }
      const status = await call(app.baseUrl, 'GET', '/sluice/queue', { key: KEY })
      expect(status.json.depth.dead).toBe(1)
    })

    it('answers 400 naming the field for a body that is not a list of at most 1,000 ids', async () => {
      const { ids } = await seedDeadJobs(1)
      const bad: Array<[unknown, string]> = [
        [{ ids: ids[0] }, 'ids'],
        [{ ids: [''] }, 'ids.0'],
        [{ ids: [7] }, 'ids.0'],
        [{ ids: Array.from({ length: 1001 }, (_, index) => String(index + 1)) }, 'ids'],
        [{ id: ids }, 'id'],
        [['1'], 'body'],
      ]
      for (const path of ['/sluice/queue/retry', '/sluice/queue/discard']) {
        for (const [body, field] of bad) {
          const answer = await post(path, body)
          expect(answer.status, `${path} ${JSON.stringify(body).slice(0, 40)}`).toBe(400)
          expect(Object.keys(answer.json.errors.Request)).toEqual([field])
          expect(answer.json.message).toContain(field)
        }
        const notJson = await call(app.baseUrl, 'POST', path, { key: KEY, rawBody: '{"ids": [' })
        expect(notJson.status).toBe(400)
      }
      const status = await call(app.baseUrl, 'GET', '/sluice/queue', { key: KEY })
      expect(status.json.depth.dead).toBe(1)
      // At the limit, the request is fine.
      const most = [ids[0], ...Array.from({ length: 999 }, (_, index) => `x${index}`)]
      expect((await post('/sluice/queue/discard', { ids: most })).json).toEqual({ discarded: 1 })
    })

    it('lists both actions in the OpenAPI document', async () => {
      const document = await call(app.baseUrl, 'GET', '/api/openapi.json')
      for (const path of ['/sluice/queue/retry', '/sluice/queue/discard']) {
        const operation = document.json.paths[path].post
        expect(operation.requestBody.content['application/json'].schema.properties.ids).toMatchObject({
          type: 'array',
          maxItems: 1000,
        })
      }
    })
  })
}

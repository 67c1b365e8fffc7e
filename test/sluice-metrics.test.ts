/**
 * `GET /sluice/metrics` over real HTTP (issue #4 point 8): Prometheus' text format with runs by
 * trigger and outcome, run and node duration histograms, queue depth and dead jobs; site admins
 * only, with the API key bare or as a bearer token (what Prometheus' `authorization` sends).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { bootstrap, createPlatform, type LocalPlatform } from '../src/platform/index.ts'
import { createEmbeddedJobQueue } from '../src/queue/index.ts'
import type { Store } from '../src/store/index.ts'
import { testDatabases } from './harness/databases.ts'
import { call, type RunningApp, startApp } from './harness/http.ts'
import { type ServedRecordingPlatform, serveRecordingPlatform } from './harness/test-platform.ts'
import { installRecorder, installVeto } from './harness/trigger-recorder.ts'

const KEY = 'M'.repeat(40)

/** The value of the sample `name{labels}` in an exposition, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((row) => row.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

for (const db of testDatabases()) {
  describe(`${db.name}: GET /sluice/metrics`, () => {
    let env: ServedRecordingPlatform
    let platform: LocalPlatform
    let app: RunningApp

    beforeEach(async () => {
      env = await serveRecordingPlatform(db, ['event-after-save'], { adminKey: KEY })
      ;({ platform, app } = env)
    })
    afterEach(() => env.close())

    it('counts runs by trigger and outcome, with duration histograms and the queue depth', async () => {
      await installRecorder(platform, 'event-after-save')
      await installVeto(platform, 'event-publish', 'No publishing today')
      const admin = { userId: 1, orgId: 1, email: 'admin@admin.test', role: 'site_admin' as const }
      const added = await platform.events.add(admin, { Event: { info: 'Metrics' } })
      await platform.events.edit(admin, added.Event.id, { Event: { info: 'Metrics, edited' } })
      await platform.events.publish(admin, added.Event.id)
      await platform.drain()

      const answer = await call(app.baseUrl, 'GET', '/sluice/metrics', { key: KEY })
      expect(answer.status, answer.text).toBe(200)
      expect(answer.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
      const text = answer.text
      expect(text).toContain('# TYPE sluice_runs_total counter')
      expect(sample(text, 'sluice_runs_total{kind="trigger",trigger="event-after-save",outcome="success"}')).toBe(2)
      expect(sample(text, 'sluice_runs_total{kind="trigger",trigger="event-publish",outcome="blocked"}')).toBe(1)
      expect(text).toContain('# TYPE sluice_run_duration_seconds histogram')
      expect(sample(text, 'sluice_run_duration_seconds_count{trigger="event-after-save"}')).toBe(2)
      expect(sample(text, 'sluice_run_duration_seconds_bucket{trigger="event-after-save",le="+Inf"}')).toBe(2)
      expect(sample(text, 'sluice_node_duration_seconds_count{module="record-data"}')).toBe(2)
      expect(sample(text, 'sluice_node_duration_seconds_count{module="stop-execution"}')).toBe(1)
      expect(sample(text, 'sluice_queue_jobs{queue="embedded",state="queued"}')).toBe(0)
      expect(sample(text, 'sluice_queue_jobs{queue="embedded",state="running"}')).toBe(0)
      expect(sample(text, 'sluice_queue_dead_jobs{queue="embedded"}')).toBe(0)
      // Buckets are cumulative: each bound counts at least what the one before counts.
      const buckets = text
        .split('\n')
        .filter((row) => row.startsWith('sluice_run_duration_seconds_bucket{trigger="event-after-save"'))
        .map((row) => Number(row.split(' ').at(-1)))
      expect(buckets).toEqual([...buckets].sort((a, b) => a - b))
    })

    it('takes the key as a bearer token, as Prometheus sends it', async () => {
      const answer = await call(app.baseUrl, 'GET', '/sluice/metrics', { headers: { Authorization: `Bearer ${KEY}` } })
      expect(answer.status).toBe(200)
      expect(answer.text).toContain('sluice_queue_dead_jobs{queue="embedded"} 0')
    })

    it('refuses a request without a key, with an unknown key, and from a user who is not a site admin', async () => {
      const none = await call(app.baseUrl, 'GET', '/sluice/metrics')
      expect(none.status).toBe(403)
      expect(none.json.message).toMatch(/^Authentication failed/)
      const unknown = await call(app.baseUrl, 'GET', '/sluice/metrics', { key: 'x'.repeat(40) })
      expect(unknown.status).toBe(403)
      const user = await call(app.baseUrl, 'POST', '/admin/users/add', {
        key: KEY,
        body: { User: { email: 'analyst@example.org', role_id: '3' } },
      })
      expect(user.status, user.text).toBe(200)
      const forbidden = await call(app.baseUrl, 'GET', '/sluice/metrics', { key: user.json.User.authkey })
      expect(forbidden.status).toBe(403)
      expect(forbidden.text).not.toContain('sluice_runs_total')
    })
  })
}

for (const db of testDatabases()) {
  describe(`${db.name}: GET /sluice/queue`, () => {
    let store: Store
    let platform: LocalPlatform
    let app: RunningApp

    beforeEach(async () => {
      store = await db.open()
      // Two quick attempts, so that a failing job is dead within the test.
      const queue = createEmbeddedJobQueue(store, { retry: { maxAttempts: 2, backoffMs: 5 } })
      platform = createPlatform({ store, queue, onBackgroundError: () => {} })
      await bootstrap(platform, { adminKey: KEY })
      app = await startApp(platform)
    })
    afterEach(async () => {
      await app.close()
      await platform.close()
      await store.close()
    })

    it('shows a job that failed on every attempt as dead, with its last error', async () => {
      // A workflow row whose graph is not JSON: reading the workflow list throws, so the job does.
      await store.db
        .withSchema('runtime')
        .insertInto('workflows')
        .values({
          uuid: '00000000-0000-4000-8000-000000000001',
          name: 'Broken',
          trigger_id: 'event-after-save',
          data: 'not JSON',
        } as never)
        .execute()
      platform.dispatcher.workflowsChanged()
      await platform.queue.enqueue({
        kind: 'walk',
        triggerId: 'event-after-save',
        walk: { workflowId: '1', enqueuedBy: '2', nodeId: '3', pathType: 'non-blocking', data: null },
      })
      await platform.drain()
      const answer = await call(app.baseUrl, 'GET', '/sluice/queue', { key: KEY })
      expect(answer.status, answer.text).toBe(200)
      expect(answer.json.kind).toBe('embedded')
      expect(answer.json.depth).toEqual({ queued: 0, running: 0, dead: 1 })
      expect(answer.json.dead).toHaveLength(1)
      expect(answer.json.dead[0]).toMatchObject({ kind: 'walk', triggerId: 'event-after-save', attempts: 2 })
      expect(answer.json.dead[0].lastError).not.toBe('')
      const metrics = await call(app.baseUrl, 'GET', '/sluice/metrics', { key: KEY })
      expect(sample(metrics.text, 'sluice_queue_dead_jobs{queue="embedded"}')).toBe(1)
    })

    it('refuses a request without a site admin key', async () => {
      expect((await call(app.baseUrl, 'GET', '/sluice/queue')).status).toBe(403)
    })
  })
}

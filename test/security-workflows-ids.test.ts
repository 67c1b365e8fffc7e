/**
 * Record ids beyond what the store's 32-bit integer columns hold, over real HTTP on every test
 * database: each names no record (404) or is refused as a bad filter (400), never a 500 from
 * PostgreSQL's "out of range".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDatabases } from './harness/databases.ts'
import { startWorkflowApi, type WorkflowApiServer } from './harness/workflow-api.ts'

const HUGE = '9999999999'

for (const db of testDatabases()) {
  describe(`${db.name}: ids past 32 bits`, () => {
    let server: WorkflowApiServer
    let send: WorkflowApiServer['send']
    beforeAll(async () => {
      server = await startWorkflowApi(db)
      send = server.send
      await send('POST', '/servers/serverSettingsEdit/Plugin.Workflow_enable', { body: { value: true } })
      await send('GET', '/workflows/editor/event-publish.json')
    })
    afterAll(async () => server.close())

    it('answers 404 for a workflow, version or blueprint id no column can hold', async () => {
      const ajax = { 'X-Requested-With': 'XMLHttpRequest' }
      const requests: Array<[method: string, path: string, body?: unknown]> = [
        ['GET', `/workflows/view/${HUGE}`],
        ['GET', `/workflows/editor/${HUGE}`],
        ['POST', `/workflows/edit/${HUGE}`, { Workflow: { data: {} } }],
        ['POST', `/workflows/delete/${HUGE}`],
        ['POST', `/workflows/executeWorkflow/${HUGE}`, {}],
        ['POST', `/workflows/debugToggleField/${HUGE}/1`],
        ['GET', `/sluice/workflows/${HUGE}/versions`],
        ['GET', `/sluice/workflows/1/versions/${HUGE}`],
        ['GET', `/sluice/workflows/1/versions/1/diff/${HUGE}`],
        ['POST', `/sluice/workflows/1/versions/${HUGE}/restore`],
        ['GET', `/sluice/workflows/${HUGE}/graph.mmd`],
        ['GET', `/sluice/blueprints/${HUGE}/graph.dot`],
        ['GET', `/workflowBlueprints/view/${HUGE}`],
        ['POST', `/workflowBlueprints/edit/${HUGE}`, {}],
        ['POST', `/workflowBlueprints/delete/${HUGE}`],
        ['GET', `/workflowBlueprints/export/${HUGE}`],
      ]
      for (const [method, path, body] of requests) {
        const result = await send(method, path, { headers: ajax, ...(body === undefined ? {} : { body }) })
        expect(result.status, `${method} ${path}: ${result.text}`).toBe(404)
      }
      const run = await send('POST', '/sluice/workflows/run', {
        body: {
          trigger_id: 'event-publish',
          graph: { '1': { data: { id: 'event-publish', module_type: 'trigger' } } },
          data: {},
          dry_run: true,
          workflow_id: HUGE,
        },
      })
      expect(run.status).toBe(404)
      expect(run.json.message).toBe('Invalid Workflow.')
    })

    it('answers 400 naming the filter for a run list filter or page past 32 bits', async () => {
      for (const [query, field] of [
        [`workflow=${HUGE}`, 'workflow'],
        ['page=99999999999999999999', 'page'],
        ['limit=500&page=99999999999999999', 'page'],
      ]) {
        const result = await send('GET', `/sluice/runs?${query}`)
        expect(result.status, query).toBe(400)
        expect(Object.keys(result.json.errors.Request)).toEqual([field])
      }
    })
  })
}

/**
 * Jinja templates written to loop or to allocate, sent over real HTTP on every test database:
 * the run fails with an error naming the limit, and the process keeps answering. Templates
 * render on the event loop, so without a budget one such parameter stalls every request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_RANGE_LENGTH, MAX_RENDER_STEPS } from '../src/modules/index.ts'
import { testDatabases } from './harness/databases.ts'
import { buildGraph } from './harness/graph-builder.ts'
import { startWorkflowApi, type WorkflowApiServer } from './harness/workflow-api.ts'

const HOSTILE_TEMPLATES: Array<[template: string, error: RegExp]> = [
  ['{% for i in range(100000000) %}x{% endfor %}', new RegExp(`limit is ${MAX_RANGE_LENGTH}`)],
  [
    '{% for i in range(90000) %}{% for j in range(90000) %}{% endfor %}{% endfor %}',
    new RegExp(`over ${MAX_RENDER_STEPS} steps`),
  ],
  [
    "{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}",
    /builds a text over/,
  ],
  [
    '{% set ns = namespace(l=[1]) %}{% for i in range(60) %}{% set ns.l = ns.l + ns.l %}{% endfor %}{{ ns.l|length }}',
    new RegExp(`over ${MAX_RENDER_STEPS} steps`),
  ],
]

for (const db of testDatabases()) {
  describe(`${db.name}: hostile Jinja templates`, () => {
    let server: WorkflowApiServer
    let send: WorkflowApiServer['send']
    beforeAll(async () => {
      server = await startWorkflowApi(db)
      send = server.send
      await send('POST', '/servers/serverSettingsEdit/Plugin.Workflow_enable', { body: { value: true } })
      await send('POST', '/workflows/toggleModule/stop-execution/1/0')
    })
    afterAll(async () => server.close())

    it('fails a stateless run of a template that loops or allocates, naming the limit', async () => {
      for (const [template, error] of HOSTILE_TEMPLATES) {
        const result = await send('POST', '/workflows/moduleStatelessExecution/stop-execution', {
          body: { input_data: '{"Event": {"info": "x"}}', module_indexed_param: { message: template } },
        })
        expect(result.status, template).toBe(200)
        expect(result.json.success).toBe(false)
        expect(result.json.errors.join(' '), template).toMatch(error)
      }
      const alive = await send('GET', '/workflows/index')
      expect(alive.status).toBe(200)
    })

    it('fails a workflow run whose parameter template loops, and records why', async () => {
      const [template, error] = HOSTILE_TEMPLATES[1]
      const graph = buildGraph([
        { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } },
        { id: 2, module: 'stop-execution', type: 'action', params: { message: template } },
      ])
      const run = await send('POST', '/sluice/workflows/run', {
        body: { trigger_id: 'event-publish', graph, data: { Event: { id: '1', info: 'x' } }, dry_run: false },
      })
      expect(run.status).toBe(200)
      expect(run.json.success).toBe(false)
      expect(run.json.errors.join(' ')).toMatch(error)
      const recorded = await send('GET', `/sluice/runs/${run.json.run_id}`)
      expect(JSON.stringify(recorded.json)).toMatch(error)
    })

    it('still renders the templates MISP’s examples use', async () => {
      const result = await send('POST', '/workflows/moduleStatelessExecution/stop-execution', {
        body: {
          input_data: '{"Event": {"info": "Phishing", "Attribute": [{"value": "a"}, {"value": "b"}]}}',
          module_indexed_param: {
            message:
              'Blocked {{ Event.info }}: {% for a in Event.Attribute %}{{ a.value }};{% endfor %}{{ range(3)|length }}',
          },
        },
      })
      expect(result.json).toEqual({ success: false, errors: ['Blocked Phishing: a;b;3'] })
    })
  })
}

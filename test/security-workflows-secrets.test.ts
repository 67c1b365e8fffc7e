/**
 * Secret parameters (docs/outbound.md "Secrets": webhook headers, the Teams URL, the Splunk HEC
 * token, the Telegram bot token) over real HTTP on every test database: after manual runs,
 * graph runs (real and dry) and a stateless run, none of them appears in the API's answers
 * about runs: the run history, its traces and its list, nor in what the debug listener keeps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDatabases } from './harness/databases.ts'
import { buildGraph } from './harness/graph-builder.ts'
import { startWorkflowApi, type WorkflowApiServer } from './harness/workflow-api.ts'

const SECRETS = ['S3CRET-HEADER', 'S3CRET-TEAMS', 'S3CRET-HEC', 'S3CRET-BOT']

/** event-publish ─▶ webhook ─▶ ms-teams-webhook ─▶ splunk-hec-export ─▶ telegram-send-alert, all with secrets. */
const graph = buildGraph([
  { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } },
  {
    id: 2,
    module: 'webhook',
    type: 'action',
    params: { url: 'http://127.0.0.1:9/hook', headers: 'Authorization: Bearer S3CRET-HEADER', payload: '{}' },
    outputs: { output_1: [3] },
  },
  {
    id: 3,
    module: 'ms-teams-webhook',
    type: 'action',
    params: { url: 'http://127.0.0.1:9/webhookb2/S3CRET-TEAMS' },
    outputs: { output_1: [4] },
  },
  {
    id: 4,
    module: 'splunk-hec-export',
    type: 'action',
    params: { url: 'http://127.0.0.1:9/services/collector', hec_token: 'S3CRET-HEC' },
    outputs: { output_1: [5] },
  },
  { id: 5, module: 'telegram-send-alert', type: 'action', params: { bot_token: 'bot1:S3CRET-BOT', chat_id: '1' } },
])

function expectNoSecret(label: string, text: string) {
  for (const secret of SECRETS)
    expect(text.includes(secret), `${label} shows ${secret}: ${text.slice(0, 400)}`).toBe(false)
}

for (const db of testDatabases()) {
  describe(`${db.name}: secret parameters stay out of run answers`, () => {
    let server: WorkflowApiServer
    let send: WorkflowApiServer['send']
    beforeAll(async () => {
      server = await startWorkflowApi(db)
      send = server.send
      const settings: Array<[string, unknown]> = [
        ['Plugin.Workflow_enable', true],
        ['Plugin.Workflow_debug_url', `${server.baseUrl}/sluice/debug-listener`],
      ]
      for (const [name, value] of settings) {
        const edited = await send('POST', `/servers/serverSettingsEdit/${name}`, { body: { value } })
        expect(edited.status, name).toBe(200)
      }
      for (const module of ['webhook', 'ms-teams-webhook', 'splunk-hec-export', 'telegram-send-alert']) {
        expect((await send('POST', `/workflows/toggleModule/${module}/1/0`)).status).toBe(200)
      }
      await send('GET', '/workflows/editor/event-publish.json')
      const saved = await send('POST', '/workflows/edit/1', {
        body: { Workflow: { data: graph, debug_enabled: true } },
      })
      expect(saved.status).toBe(200)
    })
    afterAll(async () => server.close())

    it('keeps secrets out of the history, the traces and the debug listener', async () => {
      const runIds: string[] = []
      const manual = await send('POST', '/workflows/executeWorkflow/1', {
        body: { Workflow: { data: '{"Event": {"id": "1", "info": "x"}}' } },
      })
      expect(manual.status).toBe(200)
      expectNoSecret('executeWorkflow', manual.text)
      runIds.push(manual.json.run_id)
      for (const dryRun of [false, true]) {
        const run = await send('POST', '/sluice/workflows/run', {
          body: { trigger_id: 'event-publish', graph, data: { Event: { id: '1', info: 'x' } }, dry_run: dryRun },
        })
        expect(run.status).toBe(200)
        expectNoSecret(`graph run (dry: ${dryRun})`, run.text)
        if (run.json.run_id) runIds.push(run.json.run_id)
      }
      const stateless = await send('POST', '/workflows/moduleStatelessExecution/webhook', {
        body: {
          input_data: '{}',
          module_indexed_param: { url: 'http://127.0.0.1:9/x', headers: 'X-Key: S3CRET-HEADER' },
        },
      })
      expectNoSecret('stateless run', stateless.text)
      for (const id of runIds) {
        const run = await send('GET', `/sluice/runs/${id}`)
        expect(run.status).toBe(200)
        expectNoSecret(`run ${id}`, run.text)
      }
      expectNoSecret('run list', (await send('GET', '/sluice/runs')).text)
      const posts = await send('GET', '/sluice/debug-listener/posts')
      expect(posts.json.posts.length).toBeGreaterThan(0)
      expectNoSecret('debug posts', posts.text)
    })
  })
}

/**
 * Hostile workflow graphs and filters over real HTTP on every test database: graphs far larger
 * or more tangled than any editor makes, node ids that are JavaScript's own property names,
 * and index filters built to backtrack. Each gets a 2xx or a 4xx naming the problem, never a
 * 500 or a stalled process, and a refused save leaves the stored workflow as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_PATH_STEPS } from '../src/engine/index.ts'
import { testDatabases } from './harness/databases.ts'
import { buildGraph, diamondLadder, type NodeSpec } from './harness/graph-builder.ts'
import { startWorkflowApi, type WorkflowApiServer } from './harness/workflow-api.ts'

/** event-publish ─▶ stop-execution ─▶ stop-execution ─▶ … (`length` nodes in all). */
function chain(length: number, closingTarget?: number): Record<string, any> {
  const nodes: NodeSpec[] = [{ id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } }]
  for (let id = 2; id <= length; id++) {
    const next = id < length ? [id + 1] : closingTarget === undefined ? [] : [closingTarget]
    nodes.push({ id, module: 'stop-execution', type: 'action', outputs: { output_1: next } })
  }
  return buildGraph(nodes)
}

for (const db of testDatabases()) {
  describe(`${db.name}: hostile workflow graphs`, () => {
    let server: WorkflowApiServer
    let send: WorkflowApiServer['send']
    beforeAll(async () => {
      server = await startWorkflowApi(db)
      send = server.send
      const enabled = await send('POST', '/servers/serverSettingsEdit/Plugin.Workflow_enable', {
        body: { value: true },
      })
      expect(enabled.status).toBe(200)
      const opened = await send('GET', '/workflows/editor/event-publish.json')
      expect(opened.json.Workflow.id).toBe('1')
    })
    afterAll(async () => server.close())

    it('checks a chain of 10,000 nodes and finds the cycle that closes one; refuses to save it, as no run could trace it', async () => {
      const long = chain(10_000)
      const checked = await send('POST', '/workflows/checkGraph', { body: { graph: JSON.stringify(long) } })
      expect(checked.status).toBe(200)
      expect(checked.json.is_acyclic).toEqual({ is_acyclic: true, cycles: [] })

      const closed = await send('POST', '/workflows/checkGraph', {
        body: { graph: JSON.stringify(chain(10_000, 9_998)) },
      })
      expect(closed.status).toBe(200)
      expect(closed.json.is_acyclic).toEqual({
        is_acyclic: false,
        cycles: [
          [10_000, 9_998, 'Cycle'],
          [9_999, 10_000, 'Cycle'],
          [9_998, 9_999, 'Cycle'],
        ],
      })

      // Every node's trace entry carries its path: 10,000 of them make a 1 GB answer.
      const saved = await send('POST', '/workflows/edit/1', { body: { Workflow: { data: JSON.stringify(long) } } })
      expect(saved.status).toBe(403)
      expect(saved.json.errors).toMatch(/too many paths to follow/)
      const run = await send('POST', '/sluice/workflows/run', {
        body: { trigger_id: 'event-publish', graph: long, data: { Event: { id: '1' } }, dry_run: true },
      })
      expect(run.status).toBe(400)
      expect(run.json.message).toMatch(/too many paths to follow/)

      const saveable = await send('POST', '/workflows/edit/1', { body: { Workflow: { data: chain(300) } } })
      expect(saveable.status).toBe(200)
    })

    it('refuses a graph whose paths multiply past the limit, naming it, and keeps the stored graph', async () => {
      const small = chain(3)
      expect((await send('POST', '/workflows/edit/1', { body: { Workflow: { data: small } } })).status).toBe(200)
      const ladder = diamondLadder(40)
      const tooMany = `The workflow graph has too many paths to follow (over ${MAX_PATH_STEPS} steps); split it into smaller workflows`

      const checked = await send('POST', '/workflows/checkGraph', { body: { graph: ladder } })
      expect(checked.status).toBe(400)
      expect(checked.json.message).toBe(tooMany)

      const saved = await send('POST', '/workflows/edit/1', { body: { Workflow: { data: ladder } } })
      expect(saved.status).toBe(403)
      expect(saved.json.errors).toBe(tooMany)
      const view = await send('GET', '/workflows/view/1')
      expect(Object.keys(view.json.Workflow.data)).toEqual(['1', '2', '3'])

      const run = await send('POST', '/sluice/workflows/run', {
        body: { trigger_id: 'event-publish', graph: ladder, data: { Event: { id: '1' } }, dry_run: true },
      })
      expect(run.status).toBe(400)
      expect(run.json.errors).toEqual({ Workflow: { graph: [tooMany] } })
    })

    it('still checks a small ladder of diamonds as MISP does', async () => {
      const checked = await send('POST', '/workflows/checkGraph', { body: { graph: diamondLadder(3) } })
      expect(checked.status).toBe(200)
      expect(checked.json.is_acyclic.is_acyclic).toBe(true)
      // stop-execution blocks, and every path to it runs from a concurrent task.
      expect(checked.json.path_warnings.has_path_warnings).toBe(true)
      const saved = await send('POST', '/workflows/edit/1', { body: { Workflow: { data: diamondLadder(3) } } })
      expect(saved.status).toBe(200)
    })

    it('treats node ids named like JavaScript’s own properties as plain ids, polluting nothing', async () => {
      for (const id of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '-1', '']) {
        const graph = `{"${id}": {"id": 1, "data": {"id": "event-publish", "module_type": "trigger"}, "outputs": {"output_1": {"connections": [{"node": "${id}"}]}}}}`
        const checked = await send('POST', '/workflows/checkGraph', { body: { graph } })
        const saved = await send('POST', '/workflows/edit/1', {
          rawBody: `{"Workflow": {"data": ${JSON.stringify(graph)}}}`,
        })
        const run = await send('POST', '/sluice/workflows/run', {
          rawBody: `{"trigger_id": "event-publish", "dry_run": true, "data": {}, "graph": ${JSON.stringify(graph)}}`,
        })
        for (const answer of [checked, saved, run]) expect(answer.status, `${id}: ${answer.text}`).toBeLessThan(500)
        expect(saved.status).toBe(403)
        expect(run.status).toBe(400)
      }
      const polluting = '{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}}'
      await send('POST', '/workflows/checkGraph', { body: { graph: polluting } })
      await send('POST', '/workflows/edit/1', { body: { Workflow: { data: polluting } } })
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    })

    it('refuses a parameter value of a shape no module reads, naming the node and the parameter', async () => {
      const before = await send('GET', '/workflows/view/1')
      for (const message of [{ text: 'hi' }, [{ text: 'hi' }]]) {
        const graph = buildGraph([
          { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } },
          { id: 2, module: 'stop-execution', type: 'action', params: { message } },
        ])
        const expected = `Node 2 (\`stop-execution\`): parameter \`message\` must be a text, a number, a flag or a list of them, not ${Array.isArray(message) ? 'a list of objects' : 'an object'}`
        const saved = await send('POST', '/workflows/edit/1', { body: { Workflow: { data: graph } } })
        expect(saved.status).toBe(403)
        expect(saved.json.errors).toBe(expected)
        const run = await send('POST', '/sluice/workflows/run', {
          body: { trigger_id: 'event-publish', graph, data: { Event: { id: '1' } }, dry_run: true },
        })
        expect(run.status).toBe(400)
        expect(run.json.errors).toEqual({ Workflow: { graph: [expected] } })
      }
      expect((await send('GET', '/workflows/view/1')).json).toEqual(before.json)
      const stateless = await send('POST', '/workflows/moduleStatelessExecution/stop-execution', {
        body: { input_data: '{}', module_indexed_param: { message: { text: 'hi' } } },
      })
      expect(stateless.status).toBe(400)
      expect(stateless.json.errors).toEqual({
        Workflow: { module_indexed_param: ['Parameter `message` must be a text, a number, a flag or a list of them'] },
      })
      const lists = buildGraph([
        { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } },
        { id: 2, module: 'stop-execution', type: 'action', params: { message: 'Stopped' } },
      ])
      expect((await send('POST', '/workflows/edit/1', { body: { Workflow: { data: lists } } })).status).toBe(200)
    })

    it('answers an index filter made of many wildcards', async () => {
      const wildcards = `${'%'.repeat(5_000)}x`
      const workflows = await send('POST', '/workflows/index', { body: { name: wildcards } })
      expect(workflows.status).toBe(200)
      expect(workflows.json).toEqual([])
      const interleaved = `${'%a'.repeat(2_000)}%b`
      const blueprints = await send('POST', '/workflowBlueprints/index', { body: { name: interleaved } })
      expect(blueprints.status).toBe(200)
      const named = await send('POST', '/workflows/index', { body: { name: '%for%trigger%publish' } })
      expect(named.json.map((entry: any) => entry.Workflow.id)).toEqual(['1'])
    })

    it('answers 400 naming input_data when a stateless run cannot convert it to the core format', async () => {
      for (const input of ['5', '{"Event": 5}', '{"Event": {"Attribute": 5, "Tag": "x", "Object": [1]}}']) {
        const result = await send('POST', '/workflows/moduleStatelessExecution/stop-execution', {
          body: { input_data: input, convert_data: 1 },
        })
        expect(result.status, input).toBe(400)
        expect(Object.keys(result.json.errors.Workflow)).toEqual(['input_data'])
      }
    })

    it('refuses a blueprint node the index cannot read, naming it, and keeps the index readable', async () => {
      const bad = [{ id: 1, data: { id: 'stop-execution', module_type: 'action' }, outputs: 5 }]
      for (const [action, body] of [
        ['add', { WorkflowBlueprint: { name: 'Bad outputs', data: bad } }],
        [
          'import',
          { WorkflowBlueprint: { json: JSON.stringify({ WorkflowBlueprint: { name: 'Bad outputs', data: bad } }) } },
        ],
      ] as const) {
        const result = await send('POST', `/workflowBlueprints/${action}`, { body })
        expect(result.status, action).toBe(403)
        expect(result.json.errors).toEqual({ data: ['Node "1": `outputs` must be an object'] })
      }
      const unnamed = [{ id: 1, data: { module_type: 'action' }, outputs: [] }]
      const refused = await send('POST', '/workflowBlueprints/add', {
        body: { WorkflowBlueprint: { name: 'No module', data: unnamed } },
      })
      expect(refused.status).toBe(403)
      expect(refused.json.errors).toEqual({ data: ['Node "1": `data.id` (the module id) must be a non-empty string'] })
      const index = await send('GET', '/workflowBlueprints/index')
      expect(index.status).toBe(200)
      expect(index.json).toEqual([])
    })

    it('refuses to save a node that names no module, naming the node, and keeps the stored graph', async () => {
      const before = await send('GET', '/workflows/view/1')
      const graph = buildGraph([
        { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } },
        { id: 2, module: 'stop-execution', type: 'action' },
      ])
      delete graph['2'].data.id
      const saved = await send('POST', '/workflows/edit/1', { body: { Workflow: { data: graph } } })
      expect(saved.status).toBe(403)
      expect(saved.json.errors).toBe('Node "2": `data.id` (the module id) must be a non-empty string')
      expect((await send('GET', '/workflows/view/1')).json).toEqual(before.json)
    })

    it('refuses a blueprint timestamp the store cannot hold, and saves nothing', async () => {
      for (const timestamp of [1e30, 2 ** 31, -1, 'soon']) {
        const added = await send('POST', '/workflowBlueprints/add', {
          body: { WorkflowBlueprint: { name: 'Far future', data: '[]', timestamp } },
        })
        expect(added.status, String(timestamp)).toBe(403)
        expect(added.json.errors).toEqual({ timestamp: ['Must be a Unix time in seconds'] })
      }
      const index = await send('GET', '/workflowBlueprints/index')
      expect(index.json).toEqual([])
    })
  })
}

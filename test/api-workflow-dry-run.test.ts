/**
 * `POST /sluice/workflows/run` over real HTTP on every test database (issue #6 point 4;
 * docs/workflow-api.md): an unsaved graph runs on a raw trigger payload; a dry run records what
 * its data-changing and outbound actions would do (secrets masked) and changes nothing — no tag,
 * no request to the receiver, no history row — while a real run does both.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SITE_ADMIN_ONLY } from '../src/api/routes/workflow-admin-access.ts'
import { SAVE_RULE_MESSAGES } from '../src/engine/index.ts'
import { listEventTags, type TagLinkRecord } from '../src/store/index.ts'
import { testDatabases } from './harness/databases.ts'
import { buildGraph } from './harness/graph-builder.ts'
import { type HttpReceiver, startHttpReceiver } from './harness/http-receiver.ts'
import { startWorkflowApi, type WorkflowApiServer } from './harness/workflow-api.ts'

/** event-publish → tag_operation(add `workflow:dry-run`) → webhook(receiver, with a secret header). */
function tagAndNotify(receiverUrl: string) {
  return buildGraph([
    { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } },
    {
      id: 2,
      module: 'tag_operation',
      type: 'action',
      params: { scope: 'event', action: 'add', locality: 'global', tags: ['workflow:dry-run'] },
      outputs: { output_1: [3] },
    },
    {
      id: 3,
      module: 'webhook',
      type: 'action',
      params: {
        url: `${receiverUrl}/hook`,
        headers: 'Authorization: Bearer top-secret-value',
        payload: '{"info": "{{ Event.info }}"}',
      },
    },
  ])
}

for (const db of testDatabases()) {
  describe(`${db.name}: POST /sluice/workflows/run`, () => {
    let server: WorkflowApiServer
    let send: WorkflowApiServer['send']
    let receiver: HttpReceiver
    let userKey = ''
    let event: { id: string; info: string }
    let payload: unknown

    const eventTagNames = async () =>
      ((await listEventTags(server.store.db, Number(event.id))) as TagLinkRecord[]).map((link) => link.name).sort()
    /** The ids of the runs in the history (`GET /sluice/runs`). */
    const runIds = async () => {
      const page = await send('GET', '/sluice/runs?limit=100')
      expect(page.status).toBe(200)
      return page.json.runs.map((run: { id: string }) => run.id)
    }

    beforeAll(async () => {
      server = await startWorkflowApi(db)
      send = server.send
      receiver = await startHttpReceiver()
      await server.platform.settings.set('Sluice.outbound_allow_list', ['127.0.0.1'])
      await server.platform.settings.set('Plugin.Workflow_enable', true)
      // Action modules start disabled, as in MISP.
      for (const module of ['tag_operation', 'webhook']) {
        expect((await send('POST', `/workflows/toggleModule/${module}/1`)).status).toBe(200)
      }
      const added = await send('POST', '/admin/users/add', {
        body: { User: { email: 'analyst@example.org', org_id: 1, role_id: 3 } },
      })
      userKey = added.json.User.authkey
      const created = await send('POST', '/events/add', { body: { Event: { info: 'Dry run target' } } })
      expect(created.status).toBe(200)
      event = created.json.Event
      payload = { Event: (await send('GET', `/events/view/${event.id}`)).json.Event }
    })
    afterAll(async () => {
      await receiver.close()
      await server.close()
    })
    beforeEach(() => {
      receiver.requests.length = 0
    })

    it('dry-runs an unsaved graph: the effects name the tag and the webhook, and nothing changes', async () => {
      const runsBefore = await runIds()
      const tagsBefore = await eventTagNames()
      const answer = await send('POST', '/sluice/workflows/run', {
        body: { trigger_id: 'event-publish', graph: tagAndNotify(receiver.url), data: payload, dry_run: true },
      })
      expect(answer.status).toBe(200)
      expect(answer.json).toMatchObject({ dry_run: true, success: true, outcome: 'success', run_id: null, errors: [] })
      expect(answer.json.trace.entries.map((entry: any) => [entry.nodeId, entry.moduleId, entry.status])).toEqual([
        ['2', 'tag_operation', 'success'],
        ['3', 'webhook', 'success'],
      ])
      expect(answer.json.trace.entries[0].dataIn.Event.info).toBe('Dry run target')
      const effects = answer.json.effects
      expect(effects.map((effect: any) => [effect.node_id, effect.module_id, effect.operation])).toEqual([
        ['2', 'tag_operation', 'backend.attachTag'],
        ['3', 'webhook', 'outbound.http'],
      ])
      expect(effects[0].arguments).toEqual([
        { kind: 'event', eventId: String(event.id) },
        expect.objectContaining({ name: 'workflow:dry-run', local: false }),
      ])
      expect(effects[1].arguments[0]).toMatchObject({
        url: `${receiver.url}/hook`,
        method: 'POST',
        body: '{"info":"Dry run target"}',
      })
      expect(effects[1].arguments[0].headers.Authorization).toBe('******')
      expect(JSON.stringify(answer.json)).not.toContain('top-secret-value')
      expect(await eventTagNames()).toEqual(tagsBefore)
      expect(tagsBefore).not.toContain('workflow:dry-run')
      expect(receiver.requests).toHaveLength(0)
      expect(await runIds()).toEqual(runsBefore)
    })

    it('takes the graph and the data as JSON strings too, as MISP’s clients send `Workflow.data`', async () => {
      const answer = await send('POST', '/sluice/workflows/run', {
        body: {
          trigger_id: 'event-publish',
          graph: JSON.stringify(tagAndNotify(receiver.url)),
          data: JSON.stringify(payload),
          dry_run: true,
        },
      })
      expect(answer.status).toBe(200)
      expect(answer.json.effects.map((effect: any) => effect.operation)).toEqual(['backend.attachTag', 'outbound.http'])
      expect(receiver.requests).toHaveLength(0)
    })

    it('reports a concurrent-task branch of a dry run without running it', async () => {
      const graph = buildGraph([
        { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } },
        { id: 2, module: 'concurrent-task', type: 'logic', outputs: { output_1: [3] } },
        { id: 3, module: 'webhook', type: 'action', params: { url: `${receiver.url}/later` } },
      ])
      const answer = await send('POST', '/sluice/workflows/run', {
        body: { trigger_id: 'event-publish', graph, data: payload, dry_run: true },
      })
      expect(answer.status).toBe(200)
      expect(answer.json.effects).toEqual([
        expect.objectContaining({
          node_id: '2',
          module_id: 'concurrent-task',
          operation: 'deferrer.defer',
          arguments: [{ startNode: '3', enqueuedBy: '2' }],
        }),
      ])
      await server.platform.drain()
      expect(receiver.requests).toHaveLength(0)
    })

    it('runs the same graph for real: the tag is attached, the receiver gets the request, the run is recorded', async () => {
      const answer = await send('POST', '/sluice/workflows/run', {
        body: { trigger_id: 'event-publish', graph: tagAndNotify(receiver.url), data: payload, dry_run: false },
      })
      expect(answer.status).toBe(200)
      expect(answer.json).toMatchObject({ dry_run: false, success: true, outcome: 'success', effects: [] })
      expect(await eventTagNames()).toContain('workflow:dry-run')
      expect(receiver.requests).toHaveLength(1)
      expect(receiver.requests[0]?.headers.authorization).toBe('Bearer top-secret-value')
      expect(JSON.parse(receiver.requests[0]?.body ?? '')).toEqual({ info: 'Dry run target' })
      const run = await send('GET', `/sluice/runs/${answer.json.run_id}`)
      expect(run.status).toBe(200)
      expect(run.json).toMatchObject({ kind: 'manual', triggerId: 'event-publish', outcome: 'success' })
      expect(JSON.stringify(run.json)).not.toContain('top-secret-value')
    })

    it('answers 400 naming the problem of a bad graph', async () => {
      const twoTriggers = buildGraph([
        { id: 1, module: 'event-publish', type: 'trigger' },
        { id: 2, module: 'event-publish', type: 'trigger' },
      ])
      const counted = await send('POST', '/sluice/workflows/run', {
        body: { trigger_id: 'event-publish', graph: twoTriggers, data: payload, dry_run: true },
      })
      expect(counted.status).toBe(400)
      expect(JSON.stringify(counted.json)).toContain(SAVE_RULE_MESSAGES.triggerCount)

      const notAGraph = await send('POST', '/sluice/workflows/run', {
        body: { trigger_id: 'event-publish', graph: 42, data: payload, dry_run: true },
      })
      expect(notAGraph.status).toBe(400)
      expect(JSON.stringify(notAGraph.json)).toContain('The workflow graph must be an object keyed by node id')

      const notJson = await send('POST', '/sluice/workflows/run', {
        body: { trigger_id: 'event-publish', graph: '{"1": ', data: payload, dry_run: true },
      })
      expect(notJson.status).toBe(400)
      expect(notJson.json.errors).toEqual({ Workflow: { graph: ['Not valid JSON'] } })

      const otherTrigger = await send('POST', '/sluice/workflows/run', {
        body: { trigger_id: 'event-after-save', graph: tagAndNotify(receiver.url), data: payload, dry_run: true },
      })
      expect(otherTrigger.status).toBe(400)
      expect(JSON.stringify(otherTrigger.json)).toContain('belongs to trigger `event-after-save`')

      const missing = await send('POST', '/sluice/workflows/run', {
        body: { trigger_id: 'event-publish', graph: tagAndNotify(receiver.url), data: payload },
      })
      expect(missing.status).toBe(400)
      expect(JSON.stringify(missing.json)).toContain('dry_run')
    })

    it('is in the OpenAPI document with its body schema', async () => {
      const document = await send('GET', '/api/openapi.json')
      const route = document.json.paths['/sluice/workflows/run']?.post
      expect(route?.requestBody?.content?.['application/json']?.schema?.required).toEqual(
        expect.arrayContaining(['trigger_id', 'graph', 'data', 'dry_run']),
      )
    })

    it('refuses a user who is not a site admin with 403', async () => {
      const answer = await send('POST', '/sluice/workflows/run', {
        key: userKey,
        body: { trigger_id: 'event-publish', graph: tagAndNotify(receiver.url), data: payload, dry_run: true },
      })
      expect(answer.status).toBe(403)
      expect(JSON.stringify(answer.json)).toContain(SITE_ADMIN_ONLY)
      expect(receiver.requests).toHaveLength(0)
    })
  })
}

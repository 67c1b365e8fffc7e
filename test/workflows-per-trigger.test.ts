/**
 * Several workflows on one trigger (ARCHITECTURE.md §2, issue #4), end to end over real HTTP on
 * every test database: workflows run in their saved order, the first veto stops the operation
 * and the workflows after it never run, and when all pass every one of them has run.
 *
 *   event-publish ─▶ A (trigger → stop-execution)    ─┐  order A, B: A vetoes, B never runs
 *                 └▶ B (trigger only: a no-op)       ─┘  order B, A: B runs, then A vetoes
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBuiltinRegistry } from '../src/modules/index.ts'
import { testDatabases } from './harness/databases.ts'
import { probeModule } from './harness/test-modules.ts'
import { publishThenStopGraph } from './harness/graph-builder.ts'
import { startWorkflowApi, type WorkflowApiServer } from './harness/workflow-api.ts'

for (const db of testDatabases()) {
  describe(`${db.name}: several workflows on event-publish`, () => {
    let server: WorkflowApiServer
    let send: WorkflowApiServer['send']
    let a = ''
    let b = ''
    let eventId = ''
    const counters = async () => {
      const list = (await send('GET', '/sluice/triggers/event-publish/workflows')).json.workflows
      return Object.fromEntries(list.map((row: any) => [row.Workflow.name, row.Workflow.counter]))
    }
    const publish = () => send('POST', `/events/publish/${eventId}`)

    beforeAll(async () => {
      server = await startWorkflowApi(db)
      send = server.send
      await send('POST', '/servers/serverSettingsEdit/Plugin.Workflow_enable', { body: { value: true } })
      await send('POST', '/workflows/toggleModule/event-publish/1/1')
      a = (await send('GET', '/workflows/editor/event-publish')).json.Workflow.id
      const saved = await send('POST', `/workflows/edit/${a}`, {
        body: { Workflow: { name: 'A', data: JSON.stringify(publishThenStopGraph('A vetoes')) } },
      })
      expect(saved.status).toBe(200)
      const added = await send('POST', '/sluice/triggers/event-publish/workflows', { body: { name: 'B' } })
      expect(added.status).toBe(200)
      b = added.json.Workflow.id
      await send('POST', `/workflows/edit/${b}`, {
        body: { Workflow: { data: JSON.stringify(publishThenStopGraph()) } },
      })
      eventId = (await send('POST', '/events/add', { body: { Event: { info: 'two workflows', distribution: 0 } } }))
        .json.Event.id
    })
    afterAll(async () => server.close())

    it('keeps one workflow per trigger through the editor, and adds another only on request, last in order', async () => {
      expect((await send('GET', '/workflows/editor/event-publish')).json.Workflow.id).toBe(a)
      const list = (await send('GET', '/sluice/triggers/event-publish/workflows')).json.workflows
      expect(list.map((row: any) => row.Workflow.id)).toEqual([a, b])
      expect(list[1].Workflow.data['1'].data.id).toBe('event-publish')
    })
    it('stops at the first veto: the operation is refused and the next workflow never runs', async () => {
      const result = await publish()
      expect(result.status).toBe(403)
      expect(result.json.message).toContain('A vetoes')
      expect(await counters()).toEqual({ A: '1', B: '0' })
      expect((await send('GET', `/events/view/${eventId}`)).json.Event.published).toBe(false)
    })
    it('runs them in the saved order after a reorder: B runs, then A vetoes', async () => {
      const reordered = await send('PUT', '/sluice/triggers/event-publish/workflows/order', {
        body: { workflow_ids: [b, a] },
      })
      expect(reordered.status).toBe(200)
      expect(reordered.json.workflows.map((row: any) => row.Workflow.id)).toEqual([b, a])
      expect((await publish()).status).toBe(403)
      expect(await counters()).toEqual({ B: '1', A: '2' })
    })
    it('runs every workflow when none vetoes, and the operation goes ahead', async () => {
      await send('POST', `/workflows/edit/${a}`, {
        body: { Workflow: { data: JSON.stringify(publishThenStopGraph()) } },
      })
      const result = await publish()
      expect(result.status).toBe(200)
      expect(await counters()).toEqual({ B: '2', A: '3' })
      expect((await send('GET', `/events/view/${eventId}`)).json.Event.published).toBe(true)
    })
    it('refuses an order that leaves out or repeats a workflow, naming the field', async () => {
      for (const ids of [[a], [a, a], [a, b, '999']]) {
        const result = await send('PUT', '/sluice/triggers/event-publish/workflows/order', {
          body: { workflow_ids: ids },
        })
        expect(result.status).toBe(400)
        expect(Object.keys(result.json.errors.Workflow)).toEqual(['workflow_ids'])
      }
      const unknown = await send('POST', '/sluice/triggers/no-such/workflows', { body: {} })
      expect(unknown.status).toBe(400)
    })
  })
}

/**
 * Blocking paths first, deferred paths after (ARCHITECTURE.md §2):
 *
 *   A: 1 event-publish ─┬▶ 2 probe                      B: 11 event-publish ─┬▶ 12 probe
 *                       └▶ 3 concurrent-task ─▶ 4 probe                      └▶ 13 concurrent-task ─▶ 14 probe
 *
 * Publishing visits 2 and 12 (the blocking paths, in order) before 4 and 14 (the deferred ones).
 */
function probeGraph(base: number) {
  const key = (offset: number) => String(base + offset)
  const connection = (target: number) => ({ node: key(target), output: 'input_1' })
  const from = (source: number) => ({ input_1: { connections: [{ node: key(source), input: 'output_1' }] } })
  const plain = (id: number, module: string, type: string, inputs: unknown, targets: number[]) => ({
    id: base + id,
    name: module,
    class: 'block-type-default',
    typenode: false,
    data: {
      id: module,
      module_type: type,
      name: module,
      indexed_params: {},
      saved_filters: { selector: '', value: '', operator: '', path: '' },
      multiple_output_connection: type !== 'action',
    },
    inputs,
    outputs:
      targets.length === 0 && type === 'action'
        ? { output_1: { connections: [] } }
        : { output_1: { connections: targets.map(connection) } },
    pos_x: 0,
    pos_y: 0,
  })
  const trigger = plain(1, 'event-publish', 'trigger', [], [2, 3])
  return {
    [key(1)]: trigger,
    [key(2)]: plain(2, 'probe', 'action', from(1), []),
    [key(3)]: plain(3, 'concurrent-task', 'logic', from(1), [4]),
    [key(4)]: plain(4, 'probe', 'action', from(3), []),
  }
}

for (const db of testDatabases()) {
  describe(`${db.name}: blocking paths of every workflow before their deferred paths`, () => {
    const visits: string[] = []
    let server: WorkflowApiServer
    beforeAll(async () => {
      server = await startWorkflowApi(db, { registry: createBuiltinRegistry().with([probeModule(visits)]) })
      const { send } = server
      await send('POST', '/servers/serverSettingsEdit/Plugin.Workflow_enable', { body: { value: true } })
      await send('POST', '/workflows/toggleModule/event-publish/1/1')
      await send('POST', '/workflows/toggleModule/probe/1')
      const a = (await send('GET', '/workflows/editor/event-publish')).json.Workflow.id
      expect(
        (await send('POST', `/workflows/edit/${a}`, { body: { Workflow: { data: JSON.stringify(probeGraph(0)) } } }))
          .status,
      ).toBe(200)
      const b = (await send('POST', '/sluice/triggers/event-publish/workflows', { body: { name: 'B' } })).json.Workflow
        .id
      expect(
        (await send('POST', `/workflows/edit/${b}`, { body: { Workflow: { data: JSON.stringify(probeGraph(10)) } } }))
          .status,
      ).toBe(200)
    })
    afterAll(async () => server.close())

    it('visits both blocking probes in order, then both deferred probes', async () => {
      const event = (await server.send('POST', '/events/add', { body: { Event: { info: 'order', distribution: 0 } } }))
        .json.Event
      expect((await server.send('POST', `/events/publish/${event.id}`)).status).toBe(200)
      await server.platform.drain()
      expect(visits.slice(0, 2)).toEqual(['2', '12'])
      expect(visits.slice(2).sort()).toEqual(['14', '4'])
    })
  })
}

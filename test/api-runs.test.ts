/**
 * `/sluice/runs` over real HTTP on every test database (issue #4 point 3, docs/runs.md): runs of
 * a blocking trigger, of a non-blocking trigger and of its concurrent-task branch are recorded
 * with their trace and data; the list filters them; a replay gives the same outcome and trace
 * for an unchanged workflow; retention purges; bad input is a 400 naming the field; a user who
 * is not a site admin gets 403.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createBuiltinRegistry } from '../src/modules/index.ts'
import type { LocalPlatform } from '../src/platform/index.ts'
import { deleteWorkflow, insertRun, type Store, updateWorkflow } from '../src/store/index.ts'
import { testDatabases } from './harness/databases.ts'
import { buildGraph } from './harness/graph-builder.ts'
import { call, type RunningApp } from './harness/http.ts'
import { type ServedTestPlatform, serveTestPlatform } from './harness/test-platform.ts'

const KEY = 'r'.repeat(40)

/**
 *   event-publish ─▶ published-if ─then─▶ stop-execution "Already published"
 *                              └──else─▶ stop-execution "Not published yet"
 */
function publishGraph(elseMessage: string) {
  return buildGraph([
    { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } },
    {
      id: 2,
      module: 'published-if',
      type: 'logic',
      params: { condition: 'equals' },
      outputs: { output_1: [3], output_2: [4] },
    },
    { id: 3, module: 'stop-execution', type: 'action', params: { message: 'Already published' } },
    { id: 4, module: 'stop-execution', type: 'action', params: { message: elseMessage } },
  ])
}

/**
 *   event-after-save ─▶ concurrent-task ─▶ published-if ─then─▶ (nothing)
 *                                                    └─else─▶ stop-execution "Branch stop"
 */
const afterSaveGraph = buildGraph([
  { id: 1, module: 'event-after-save', type: 'trigger', outputs: { output_1: [2] } },
  { id: 2, module: 'concurrent-task', type: 'logic', multiple: true, outputs: { output_1: [3] } },
  {
    id: 3,
    module: 'published-if',
    type: 'logic',
    params: { condition: 'equals' },
    outputs: { output_1: [], output_2: [4] },
  },
  { id: 4, module: 'stop-execution', type: 'action', params: { message: 'Branch stop' } },
])

/** A trace without its timings, for comparing two runs. */
function untimed(trace: any) {
  return { ...trace, entries: trace.entries.map(({ durationMs: _durationMs, ...entry }: any) => entry) }
}

for (const db of testDatabases()) {
  describe(`${db.name}: /sluice/runs`, () => {
    let env: ServedTestPlatform
    let store: Store
    let platform: LocalPlatform
    let app: RunningApp
    let userKey: string
    let publishWorkflowId: string

    const send: ServedTestPlatform['send'] = (...args) => env.send(...args)

    beforeEach(async () => {
      env = await serveTestPlatform(db, { adminKey: KEY, registry: createBuiltinRegistry() })
      ;({ store, platform, app } = env)
      await platform.settings.set('Plugin.Workflow_enable', true)
      await platform.settings.set('Plugin.Workflow_triggers_event-publish', true)
      await platform.settings.set('Plugin.Workflow_triggers_event-after-save', true)
      const installed = await platform.workflows.install({
        id: 0,
        name: 'Publish gate',
        trigger_id: 'event-publish',
        data: publishGraph('Not published yet'),
      })
      publishWorkflowId = String(installed.id)
      const added = await send('POST', '/admin/users/add', { User: { email: 'analyst@example.org', role_id: '3' } })
      userKey = added.json.User.authkey
    })
    afterEach(() => env.close())

    /** Installs the `After save` workflow (afterSaveGraph) on event-after-save. */
    const installAfterSave = () =>
      platform.workflows.install({ id: 0, name: 'After save', trigger_id: 'event-after-save', data: afterSaveGraph })

    /** Adds an event over HTTP and publishes it (the gate vetoes); answers the event id. */
    async function vetoedPublish(info: string): Promise<string> {
      const added = await send('POST', '/events/add', { Event: { info } })
      expect(added.status, added.text).toBe(200)
      const id = added.json.Event.id
      await send('POST', `/events/publish/${id}`)
      return id
    }

    it('records a blocking run with its outcome, errors, input, graph and per-node trace with data', async () => {
      const eventId = await vetoedPublish('Gate test')
      const list = await send('GET', '/sluice/runs?trigger=event-publish')
      expect(list.status, list.text).toBe(200)
      expect(list.json.total).toBe(1)
      const [summary] = list.json.runs
      expect(summary).toMatchObject({
        kind: 'trigger',
        triggerId: 'event-publish',
        workflowId: publishWorkflowId,
        workflowName: 'Publish gate',
        outcome: 'blocked',
        parentId: null,
      })
      expect(summary.errors[0]).toContain('Not published yet')
      expect(summary.chain).toEqual([{ workflowId: publishWorkflowId, triggerId: 'event-publish', runId: summary.id }])

      const view = await send('GET', `/sluice/runs/${summary.id}`)
      expect(view.status, view.text).toBe(200)
      expect(view.json.input.Event.id).toBe(eventId)
      expect(view.json.graph).toEqual(publishGraph('Not published yet'))
      expect(view.json.trace.outcomeText).toBe('blocked')
      expect(view.json.trace.blockingNodes).toEqual(['4'])
      const nodes = view.json.trace.entries.map((entry: any) => [entry.nodeId, entry.moduleId, entry.status])
      expect(nodes).toContainEqual(['2', 'published-if', 'success'])
      expect(nodes).toContainEqual(['4', 'stop-execution', 'partial-success'])
      const ifEntry = view.json.trace.entries.find((entry: any) => entry.nodeId === '2')
      expect(ifEntry.branch).toEqual(['output_2'])
      // The node saw the normalised event (core format), not the raw input.
      expect(ifEntry.dataIn.Event.id).toBe(eventId)
      expect(ifEntry.dataIn.Event._AttributeFlattened).toBeDefined()
      expect(typeof ifEntry.durationMs).toBe('number')
    })

    it('records a non-blocking run and its concurrent-task branch, linked to it', async () => {
      await installAfterSave()
      await send('POST', '/events/add', { Event: { info: 'Deferred' } })
      await platform.drain()
      const deferred = await send('GET', '/sluice/runs?kind=deferred')
      expect(deferred.json.runs).toHaveLength(1)
      const parent = deferred.json.runs[0]
      expect(parent).toMatchObject({ triggerId: 'event-after-save', outcome: 'success' })
      const view = await send('GET', `/sluice/runs/${parent.id}`)
      expect(view.json.children).toHaveLength(1)
      const branch = view.json.children[0]
      expect(branch).toMatchObject({ kind: 'concurrent', parentId: parent.id, startNode: '3', outcome: 'blocked' })
      // The branch belongs to its parent's chain: it adds no link of its own.
      expect(branch.chain).toEqual(parent.chain)
      const byParent = await send('GET', `/sluice/runs?parent=${parent.id}`)
      expect(byParent.json.runs.map((run: any) => run.id)).toEqual([branch.id])
      const branchView = await send('GET', `/sluice/runs/${branch.id}`)
      expect(branchView.json.trace.message).toContain('Error while executing workflow concurrent task')
      expect(branchView.json.input.Event.info).toBe('Deferred')
    })

    it('filters by outcome, workflow and time, newest first, with paging', async () => {
      const before = Date.now() - 1
      await vetoedPublish('One')
      await vetoedPublish('Two')
      await vetoedPublish('Three')
      const page = await send('GET', '/sluice/runs?outcome=blocked&limit=2&page=1')
      expect(page.json).toMatchObject({ total: 3, page: 1, limit: 2 })
      const infos = async (path: string) =>
        Promise.all(
          (await send('GET', path)).json.runs.map(
            async (run: any) => (await send('GET', `/sluice/runs/${run.id}`)).json.input.Event.info,
          ),
        )
      expect(await infos('/sluice/runs?outcome=blocked&limit=2&page=1')).toEqual(['Three', 'Two'])
      expect(await infos('/sluice/runs?outcome=blocked&limit=2&page=2')).toEqual(['One'])
      expect((await send('GET', '/sluice/runs?outcome=success')).json.total).toBe(0)
      expect((await send('GET', `/sluice/runs?workflow=${publishWorkflowId}`)).json.total).toBe(3)
      expect((await send('GET', '/sluice/runs?workflow=999')).json.total).toBe(0)
      const iso = new Date(before).toISOString()
      expect((await send('GET', `/sluice/runs?from=${iso}`)).json.total).toBe(3)
      expect((await send('GET', `/sluice/runs?to=${before - 60_000}`)).json.total).toBe(0)
    })

    it('counts runs per time bucket, trigger and outcome for the chart', async () => {
      await vetoedPublish('Chart 1')
      await vetoedPublish('Chart 2')
      await installAfterSave()
      await send('POST', '/events/add', { Event: { info: 'Chart 3' } })
      await platform.drain()
      const stats = await send('GET', '/sluice/runs/stats?bucket=day')
      expect(stats.status, stats.text).toBe(200)
      expect(stats.json.bucketMs).toBe(86_400_000)
      const byKey = Object.fromEntries(
        stats.json.groups.map((group: any) => [`${group.triggerId}/${group.outcome}`, group]),
      )
      expect(byKey['event-publish/blocked'].runs).toBe(2)
      // The deferred run succeeded, its branch was blocked.
      expect(byKey['event-after-save/success'].runs).toBe(1)
      expect(byKey['event-after-save/blocked'].runs).toBe(1)
      expect(byKey['event-publish/blocked'].maxMs).toBeGreaterThanOrEqual(byKey['event-publish/blocked'].avgMs)
      const filtered = await send('GET', '/sluice/runs/stats?trigger=event-after-save&bucket=minute')
      expect(filtered.json.groups.every((group: any) => group.triggerId === 'event-after-save')).toBe(true)
      const tooMany = await send('GET', '/sluice/runs/stats?bucket=minute&from=2020-01-01T00:00:00Z')
      expect(tooMany.status).toBe(400)
      expect(tooMany.text).toContain('bucket')
      expect((await send('GET', '/sluice/runs/stats', undefined, userKey)).status).toBe(403)
    })

    it('replays a recorded run with the same outcome and trace when the workflow is unchanged', async () => {
      await vetoedPublish('Replay me')
      const [original] = (await send('GET', '/sluice/runs')).json.runs
      const recorded = (await send('GET', `/sluice/runs/${original.id}`)).json
      for (const against of ['recorded', 'current']) {
        const replay = await send('POST', `/sluice/runs/${original.id}/replay`, { against })
        expect(replay.status, replay.text).toBe(200)
        expect(replay.json).toMatchObject({ kind: 'replay', parentId: original.id, outcome: 'blocked' })
        expect(replay.json.errors).toEqual(recorded.errors)
        expect(replay.json.input).toEqual(recorded.input)
        expect(untimed(replay.json.trace)).toEqual(untimed(recorded.trace))
      }
      const children = (await send('GET', `/sluice/runs/${original.id}`)).json.children
      expect(children.map((run: any) => run.kind)).toEqual(['replay', 'replay'])
    })

    it('replays against the graph that ran or the workflow as saved now', async () => {
      await vetoedPublish('Changed later')
      const [original] = (await send('GET', '/sluice/runs')).json.runs
      await updateWorkflow(store.db, Number(publishWorkflowId), {
        data: JSON.stringify(publishGraph('Edited message')),
      })
      platform.dispatcher.workflowsChanged()
      const recorded = await send('POST', `/sluice/runs/${original.id}/replay`, { against: 'recorded' })
      expect(recorded.json.errors[0]).toContain('Not published yet')
      expect(recorded.json.graph).toEqual(publishGraph('Not published yet'))
      const current = await send('POST', `/sluice/runs/${original.id}/replay`, { against: 'current' })
      expect(current.json.errors[0]).toContain('Edited message')
      expect(current.json.graph).toEqual(publishGraph('Edited message'))
    })

    it('replays the recorded graph of a deleted workflow; against the current one it answers 404', async () => {
      await vetoedPublish('Deleted later')
      const [original] = (await send('GET', '/sluice/runs')).json.runs
      await deleteWorkflow(store.db, Number(publishWorkflowId))
      platform.dispatcher.workflowsChanged()
      const current = await send('POST', `/sluice/runs/${original.id}/replay`, { against: 'current' })
      expect(current.status).toBe(404)
      expect(current.json.message).toContain('no longer exists')
      const recorded = await send('POST', `/sluice/runs/${original.id}/replay`, { against: 'recorded' })
      expect(recorded.status, recorded.text).toBe(200)
      expect(recorded.json).toMatchObject({ kind: 'replay', outcome: 'blocked', workflowName: 'Publish gate' })
    })

    it('replays a concurrent-task branch from its start node', async () => {
      await installAfterSave()
      await send('POST', '/events/add', { Event: { info: 'Branch replay' } })
      await platform.drain()
      const [branch] = (await send('GET', '/sluice/runs?kind=concurrent')).json.runs
      const recorded = (await send('GET', `/sluice/runs/${branch.id}`)).json
      const replay = await send('POST', `/sluice/runs/${branch.id}/replay`, { against: 'recorded' })
      expect(replay.status, replay.text).toBe(200)
      expect(replay.json).toMatchObject({ kind: 'replay', startNode: '3', outcome: 'blocked' })
      expect(untimed(replay.json.trace)).toEqual(untimed(recorded.trace))
    })

    it('purges by age and count on demand, and the settings say how', async () => {
      const settings = await send('GET', '/sluice/runs/settings')
      expect(settings.json).toEqual({
        captureData: true,
        dataCapBytes: 16_384,
        maxAgeDays: 30,
        maxCount: 100_000,
        loopMaxDepth: 10,
        loopMaxReentries: 10,
      })
      const old = Date.now() - 40 * 86_400_000
      for (const id of ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002']) {
        await insertRun(store.db, {
          id,
          kind: 'trigger',
          trigger_id: 'event-publish',
          outcome: 'success',
          input: '{}',
          errors: '[]',
          trace: '{"outcomeText":"success","executedNodes":[],"blockingNodes":[],"blockedPaths":[],"entries":[]}',
          node_data: '[]',
          chain: '[]',
          started_at: old,
          duration_ms: 1,
        })
      }
      await vetoedPublish('Keep 1')
      await vetoedPublish('Keep 2')
      await vetoedPublish('Keep 3')
      expect((await send('POST', '/sluice/runs/purge')).json).toEqual({ deleted: 2 })
      expect((await send('GET', '/sluice/runs')).json.total).toBe(3)
      const changed = await send('POST', '/sluice/runs/settings', { maxCount: 1 })
      expect(changed.status, changed.text).toBe(200)
      expect(changed.json.maxCount).toBe(1)
      expect((await send('POST', '/sluice/runs/purge')).json).toEqual({ deleted: 2 })
      const left = (await send('GET', '/sluice/runs')).json.runs
      expect(left).toHaveLength(1)
      // The newest run stays, and its graph with it.
      expect((await send('GET', `/sluice/runs/${left[0].id}`)).json.input.Event.info).toBe('Keep 3')
      expect((await send('GET', `/sluice/runs/${left[0].id}`)).json.graph).toEqual(publishGraph('Not published yet'))
    })

    it('caps the data a node saw and marks the cut', async () => {
      await send('POST', '/sluice/runs/settings', { dataCapBytes: 256 })
      await vetoedPublish('x'.repeat(1000))
      const [run] = (await send('GET', '/sluice/runs')).json.runs
      const entry = (await send('GET', `/sluice/runs/${run.id}`)).json.trace.entries.find((e: any) => e.nodeId === '2')
      // Cut where the budget ran out, marked, and still JSON one can browse.
      expect(entry.dataTruncated).toBe(true)
      expect(JSON.stringify(entry.dataIn).length).toBeLessThan(700)
      expect(entry.dataIn.Event.info).toMatch(/^x+… \(\d+ more characters\)$/)
      expect(JSON.stringify(entry.dataIn)).toContain('more keys')
      await send('POST', '/sluice/runs/settings', { captureData: false })
      await vetoedPublish('No data')
      const [latest] = (await send('GET', '/sluice/runs')).json.runs
      const entries = (await send('GET', `/sluice/runs/${latest.id}`)).json.trace.entries
      expect(entries.every((e: any) => !('dataIn' in e))).toBe(true)
    })

    it('answers 400 naming the field for bad filters, bodies and settings; nothing is half-saved', async () => {
      const cases: Array<[string, string, unknown, string]> = [
        ['GET', '/sluice/runs?outcome=maybe', undefined, 'outcome'],
        ['GET', '/sluice/runs?kind=cron', undefined, 'kind'],
        ['GET', '/sluice/runs?from=yesterday', undefined, 'from'],
        ['GET', '/sluice/runs?limit=0', undefined, 'limit'],
        ['GET', '/sluice/runs?limit=abc', undefined, 'limit'],
        ['GET', '/sluice/runs?workflow=abc', undefined, 'workflow'],
        ['GET', '/sluice/runs?from=2030-01-01T00:00:00Z&to=2020-01-01T00:00:00Z', undefined, 'to'],
        ['POST', '/sluice/runs/settings', { maxAgeDays: -1 }, 'maxAgeDays'],
        ['POST', '/sluice/runs/settings', { loopMaxDepth: 0 }, 'loopMaxDepth'],
        ['POST', '/sluice/runs/settings', { maxCount: 5, surprise: 1 }, 'surprise'],
        ['POST', '/sluice/runs/settings', { captureData: 'yes' }, 'captureData'],
      ]
      for (const [method, path, body, field] of cases) {
        const answer = await send(method, path, body)
        expect(answer.status, `${path} ${answer.text}`).toBe(400)
        expect(answer.text, path).toContain(field)
      }
      // maxCount: 5 came with a bad field: it was not saved.
      expect((await send('GET', '/sluice/runs/settings')).json.maxCount).toBe(100_000)
      await vetoedPublish('Replay validation')
      const [run] = (await send('GET', '/sluice/runs')).json.runs
      for (const body of [{ against: 'yesterday' }, {}]) {
        const answer = await send('POST', `/sluice/runs/${run.id}/replay`, body)
        expect(answer.status, answer.text).toBe(400)
        expect(answer.text).toContain('against')
      }
      expect((await send('GET', '/sluice/runs')).json.total).toBe(1)
      expect((await send('GET', '/sluice/runs/not-a-run')).status).toBe(404)
      expect((await send('GET', '/sluice/runs/00000000-0000-4000-8000-00000000abcd')).status).toBe(404)
    })

    it('answers 403 to a user who is not a site admin, and to no key', async () => {
      await vetoedPublish('Private')
      const [run] = (await send('GET', '/sluice/runs')).json.runs
      for (const [method, path, body] of [
        ['GET', '/sluice/runs', undefined],
        ['GET', `/sluice/runs/${run.id}`, undefined],
        ['POST', `/sluice/runs/${run.id}/replay`, { against: 'current' }],
        ['POST', '/sluice/runs/purge', undefined],
        ['GET', '/sluice/runs/settings', undefined],
        ['POST', '/sluice/runs/settings', { maxCount: 1 }],
      ] as const) {
        expect((await send(method, path, body, userKey)).status, path).toBe(403)
        expect((await call(app.baseUrl, method, path)).status, path).toBe(403)
      }
      expect((await send('GET', '/sluice/runs')).json.total).toBe(1)
    })

    it('keeps MISP’s execution counter and logs while recording', async () => {
      await vetoedPublish('Counted')
      const workflows = await platform.workflows.list()
      expect(workflows.find((workflow) => String(workflow.id) === publishWorkflowId)?.counter).toBe('1')
      const logs = await send('GET', '/admin/logs/index?model=Workflow')
      expect(logs.json.some((row: any) => row.Log.title.startsWith('Execution stopped.'))).toBe(true)
    })

    it('reads and changes the run settings over MISP’s server settings endpoints too', async () => {
      const listed = await send('GET', '/servers/serverSettings')
      const byName = Object.fromEntries(listed.json.finalSettings.map((row: any) => [row.setting, row]))
      expect(byName['Sluice.loop_max_depth'].value).toBe(10)
      expect(byName['Sluice.runs_max_age_days'].value).toBe(30)
      const edited = await send('POST', '/servers/serverSettingsEdit/Sluice.loop_max_depth', { value: 4 })
      expect(edited.status, edited.text).toBe(200)
      expect((await send('GET', '/sluice/runs/settings')).json.loopMaxDepth).toBe(4)
    })

    it('lists the run routes in the OpenAPI document', async () => {
      const document = await call(app.baseUrl, 'GET', '/api/openapi.json')
      for (const path of ['/sluice/runs', '/sluice/runs/{id}', '/sluice/runs/{id}/replay', '/sluice/runs/purge']) {
        expect(Object.keys(document.json.paths)).toContain(path)
      }
    })
  })
}

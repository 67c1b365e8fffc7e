/**
 * MISP's `/workflows/…` API over real HTTP against the real platform on every test database
 * (spec/ENGINE.md §6.1–§6.2, §6.4): MISP's request and response shapes, the gate, site-admin
 * only, saves that leave nothing half-saved, and Sluice's versions (list, diff, restore).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SITE_ADMIN_ONLY } from '../src/api/routes/workflow-admin-access.ts'
import { WORKFLOWS_DISABLED_MESSAGE } from '../src/api/routes/workflows.ts'
import { SAVE_RULE_MESSAGES } from '../src/engine/index.ts'
import { testDatabases } from './harness/databases.ts'
import { startWorkflowApi, type WorkflowApiServer } from './harness/workflow-api.ts'

/** A trigger node as the editor saves it (data abbreviated, as spec/ENGINE.md §1.3.3). */
function triggerNode(trigger: string, targets: string[] = []) {
  return {
    id: 1,
    name: trigger,
    class: 'block-type-trigger',
    typenode: false,
    data: { id: trigger, module_type: 'trigger', name: trigger, indexed_params: [], multiple_output_connection: false },
    inputs: [],
    outputs: { output_1: { connections: targets.map((node) => ({ node, output: 'input_1' })) } },
    pos_x: 0,
    pos_y: 0,
  }
}

function node(
  id: number,
  module: string,
  moduleType: string,
  params: Record<string, unknown>,
  from: string,
  to: string[] = [],
) {
  return {
    id,
    name: module,
    class: 'block-type-default',
    typenode: false,
    data: {
      id: module,
      module_type: moduleType,
      name: module,
      indexed_params: params,
      saved_filters: { selector: '', value: '', operator: '', path: '' },
      multiple_output_connection: false,
    },
    inputs: { input_1: { connections: [{ node: from, input: 'output_1' }] } },
    outputs:
      to.length === 0 ? [] : { output_1: { connections: to.map((target) => ({ node: target, output: 'input_1' })) } },
    pos_x: 300 * id,
    pos_y: 0,
  }
}

/** event-publish → stop-execution("<message>"). */
function stopGraph(message: string) {
  return {
    '1': triggerNode('event-publish', ['2']),
    '2': node(2, 'stop-execution', 'action', { message }, '1'),
  }
}

for (const db of testDatabases()) {
  describe(`${db.name}: /workflows`, () => {
    let server: WorkflowApiServer
    let send: WorkflowApiServer['send']
    let userKey = ''
    beforeAll(async () => {
      server = await startWorkflowApi(db)
      send = server.send
      const added = await send('POST', '/admin/users/add', {
        body: { User: { email: 'analyst@example.org', org_id: 1, role_id: 3 } },
      })
      expect(added.status).toBe(200)
      userKey = added.json.User.authkey
    })
    afterAll(async () => server.close())

    describe('gate and access (§6.1)', () => {
      it('answers 403 with MISP’s message while Plugin.Workflow_enable is off', async () => {
        const result = await send('GET', '/workflows/index')
        expect(result.status).toBe(403)
        expect(result.json).toEqual({
          name: WORKFLOWS_DISABLED_MESSAGE,
          message: WORKFLOWS_DISABLED_MESSAGE,
          url: '/workflows/index',
        })
      })
      it('turns workflows on through POST /servers/serverSettingsEdit/Plugin.Workflow_enable, as MISP’s set-up says', async () => {
        const edited = await send('POST', '/servers/serverSettingsEdit/Plugin.Workflow_enable', {
          body: { value: true },
        })
        expect(edited.status).toBe(200)
        expect(edited.json).toEqual({
          saved: true,
          success: true,
          name: 'Field updated',
          message: 'Field updated',
          url: '/servers/serverSettingsEdit',
        })
        const index = await send('GET', '/workflows/index')
        expect(index.status).toBe(200)
        expect(index.json).toEqual([])
      })
      it('refuses a user who is not a site admin with 403', async () => {
        const result = await send('GET', '/workflows/index', { key: userKey })
        expect(result.status).toBe(403)
        expect(result.json.message).toBe(SITE_ADMIN_ONLY)
        const settings = await send('GET', '/servers/serverSettings', { key: userKey })
        expect(settings.status).toBe(403)
      })
      it('answers 404 for an unknown action and 405 for a method MISP does not take', async () => {
        expect((await send('GET', '/workflows/nope')).status).toBe(404)
        expect((await send('GET', '/workflows/delete/1')).status).toBe(405)
      })
    })

    describe('GET /servers/serverSettings and POST /servers/serverSettingsEdit (§6.4)', () => {
      it('lists the workflow settings with MISP’s fields', async () => {
        const result = await send('GET', '/servers/serverSettings')
        expect(result.status).toBe(200)
        const byName = Object.fromEntries(result.json.finalSettings.map((row: any) => [row.setting, row]))
        expect(byName['Plugin.Workflow_enable']).toMatchObject({
          value: true,
          type: 'boolean',
          tab: 'Plugin',
          level: 1,
        })
        expect(byName['Plugin.Workflow_debug_url'].value).toBe('http://127.0.0.1:27051')
        expect(byName['Plugin.Workflow_triggers_event-publish']).toMatchObject({
          value: false,
          description: 'Enable/disable the `event-publish` trigger',
        })
        expect(byName['Plugin.Action_services_port'].value).toBe(6666)
        expect((await send('GET', '/servers/serverSettings.json')).json.finalSettings).toEqual(
          result.json.finalSettings,
        )
        const plugin = await send('GET', '/servers/serverSettings/Plugin.json')
        expect(plugin.json.finalSettings.every((row: any) => row.tab === 'Plugin')).toBe(true)
      })
      it('answers 400 naming the setting for a value of the wrong type, and stores nothing', async () => {
        const result = await send('POST', '/servers/serverSettingsEdit/Plugin.Action_services_port', {
          body: { value: 'many' },
        })
        expect(result.status).toBe(400)
        expect(result.json.errors).toEqual({
          Server: { 'Plugin.Action_services_port': ['The value must be a number'] },
        })
        const url = await send('POST', '/servers/serverSettingsEdit/Plugin.Workflow_debug_url', {
          body: { value: 'ftp://x' },
        })
        expect(url.status).toBe(400)
        const missing = await send('POST', '/servers/serverSettingsEdit/Plugin.Workflow_debug_url', { body: {} })
        expect(missing.status).toBe(400)
        const view = await send('GET', '/servers/getSetting/Plugin.Action_services_port')
        expect(view.json.value).toBe(6666)
      })
      it('answers 404 for a setting it does not know', async () => {
        const result = await send('POST', '/servers/serverSettingsEdit/Plugin.Nope', { body: { value: 1 } })
        expect(result.status).toBe(404)
        expect(result.json.message).toBe('Setting Plugin.Nope is invalid.')
      })
      it('takes MISP’s form strings for booleans and numbers', async () => {
        expect(
          (
            await send('POST', '/servers/serverSettingsEdit/Plugin.Action_timeout', {
              body: { Server: { value: '20' } },
            })
          ).status,
        ).toBe(200)
        expect((await send('GET', '/servers/getSetting/Plugin.Action_timeout')).json.value).toBe(20)
      })
    })

    describe('editor, index, view (§6.2.1, §6.2.2, §6.2.5)', () => {
      it('creates the trigger’s workflow on demand with MISP’s initial graph, once', async () => {
        const opened = await send('GET', '/workflows/editor/event-publish.json')
        expect(opened.status).toBe(200)
        const workflow = opened.json.Workflow
        expect(workflow).toMatchObject({
          id: '1',
          name: 'Workflow for trigger event-publish',
          description: '',
          enabled: false,
          counter: '0',
          trigger_id: 'event-publish',
          debug_enabled: false,
        })
        expect(workflow.uuid).toMatch(/^[0-9a-f-]{36}$/)
        expect(Object.keys(workflow.data)).toEqual(['1'])
        const trigger = workflow.data['1']
        expect(trigger).toMatchObject({
          id: 1,
          class: 'block-type-trigger',
          typenode: false,
          inputs: [],
          pos_x: 0,
          pos_y: 0,
        })
        expect(trigger.outputs).toEqual({ output_1: { connections: [] } })
        expect(trigger.name).toBeUndefined()
        expect(trigger.data).toMatchObject({
          id: 'event-publish',
          module_type: 'trigger',
          blocking: true,
          disabled: true,
        })
        expect(Array.isArray(trigger.data.saved_filters)).toBe(true)
        expect(workflow.listening_triggers.map((t: any) => t.id)).toEqual(['event-publish'])
        const again = await send('GET', '/workflows/editor/event-publish')
        expect(again.json.Workflow.id).toBe('1')
      })
      it('answers MISP’s failure envelope for an unknown trigger', async () => {
        const result = await send('GET', '/workflows/editor/no-such-trigger')
        expect(result.status).toBe(403)
        expect(result.json).toEqual({
          saved: false,
          name: 'Could not add Workflow',
          message: 'Could not add Workflow',
          url: '/workflows/editor/no-such-trigger',
          errors: 'Unkown trigger no-such-trigger',
          id: 'no-such-trigger',
        })
      })
      it('lists workflows with named-parameter and body filters', async () => {
        expect((await send('GET', '/workflows/index.json')).json).toHaveLength(1)
        expect((await send('GET', '/workflows/index/quickFilter:PUBLISH')).json).toHaveLength(1)
        expect((await send('GET', '/workflows/index/name:nothing')).json).toHaveLength(0)
        expect((await send('POST', '/workflows/index', { body: { name: 'Workflow for%' } })).json[0].Workflow.id).toBe(
          '1',
        )
        expect((await send('GET', '/workflows')).json).toHaveLength(1)
        expect((await send('GET', '/workflows/edit/1.json')).json.Workflow.id).toBe('1')
      })
      it('views one workflow by id, as Mermaid and DOT with format:, and answers 404 for an unknown id', async () => {
        const view = await send('POST', '/workflows/view/1.json')
        expect(view.status).toBe(200)
        expect(view.json.Workflow.trigger_id).toBe('event-publish')
        const mermaid = await send('GET', '/workflows/view/1/format:mermaid')
        expect(mermaid.json).toEqual({ message: 'flowchart LR\n' })
        const dot = await send('POST', '/workflows/view/1', { body: { format: 'dot' } })
        expect(dot.json.message).toBe(
          'digraph G {\n  {\n    1 [margin="0", shape="diamond", label="Event Publish"]\n  }\n}',
        )
        const missing = await send('GET', '/workflows/view/99')
        expect(missing.status).toBe(404)
        expect(missing.json.message).toBe('Invalid Workflow.')
      })
    })

    describe('POST /workflows/edit (§6.2.3) and versions', () => {
      it('saves a graph sent as a JSON string and answers {Workflow}', async () => {
        const graph = stopGraph('first')
        const result = await send('POST', '/workflows/edit/1.json', {
          body: { Workflow: { data: JSON.stringify(graph), name: 'Stop publishing', description: 'v2' } },
        })
        expect(result.status).toBe(200)
        expect(result.json.Workflow).toMatchObject({
          id: '1',
          name: 'Stop publishing',
          description: 'v2',
          trigger_id: 'event-publish',
        })
        expect(result.json.Workflow.data).toEqual(graph)
      })
      it('answers the AJAX envelope the editor reads, graph sent as an object', async () => {
        const result = await send('POST', '/workflows/edit/1', {
          body: { Workflow: { data: stopGraph('second') } },
          headers: { 'X-Requested-With': 'XMLHttpRequest' },
        })
        expect(result.status).toBe(200)
        expect(result.json).toMatchObject({
          saved: true,
          success: true,
          name: 'Workflow saved.',
          message: 'Workflow saved.',
          url: '/workflows/edit',
        })
        expect(result.json.data.Workflow.data['2'].data.indexed_params.message).toBe('second')
      })
      it('refuses a cycle with MISP’s message and keeps the stored workflow', async () => {
        const graph: any = stopGraph('cycle')
        graph['2'].outputs = { output_1: { connections: [{ node: '3', output: 'input_1' }] } }
        graph['3'] = node(3, 'tag-if', 'logic', {}, '2', ['2'])
        const result = await send('POST', '/workflows/edit/1', {
          body: { Workflow: { data: JSON.stringify(graph), name: 'broken' } },
        })
        expect(result.status).toBe(403)
        expect(result.json).toEqual({
          saved: false,
          name: 'Could not edit Workflow',
          message: 'Could not edit Workflow',
          url: '/workflows/edit/1',
          errors: SAVE_RULE_MESSAGES.cycle,
          id: '1',
        })
        const stored = (await send('GET', '/workflows/view/1')).json.Workflow
        expect(stored.name).toBe('Stop publishing')
        expect(stored.data['2'].data.indexed_params.message).toBe('second')
      })
      it('refuses no trigger, two connections on one output, another trigger, bad JSON and a missing graph', async () => {
        const noTrigger = { '2': node(2, 'stop-execution', 'action', {}, '1') }
        const crowded: any = stopGraph('x')
        crowded['1'].outputs.output_1.connections.push({ node: '3', output: 'input_1' })
        crowded['3'] = node(3, 'stop-execution', 'action', {}, '1')
        const otherTrigger = { '1': triggerNode('event-after-save') }
        const cases: Array<[unknown, string | RegExp]> = [
          [JSON.stringify(noTrigger), SAVE_RULE_MESSAGES.triggerCount],
          [JSON.stringify(crowded), SAVE_RULE_MESSAGES.multipleConnections],
          [JSON.stringify(otherTrigger), /belongs to trigger `event-publish`/],
          ['{not json', /^data: The graph is not valid JSON/],
          [undefined, 'data: The graph is required'],
        ]
        for (const [data, message] of cases) {
          const result = await send('POST', '/workflows/edit/1', { body: { Workflow: { data } } })
          expect(result.status).toBe(403)
          expect(result.json.errors).toMatch(message)
        }
        const versions = (await send('GET', '/sluice/workflows/1/versions')).json.versions
        expect(versions.map((version: any) => version.version)).toEqual([3, 2, 1])
      })
      it('lists versions newest first, shows one, and diffs two: nodes and parameters', async () => {
        const one = await send('GET', '/sluice/workflows/1/versions/1')
        expect(one.json.version).toMatchObject({
          version: 1,
          name: 'Workflow for trigger event-publish',
          workflow_id: '1',
        })
        expect(Object.keys(one.json.version.data)).toEqual(['1'])
        const diff = await send('GET', '/sluice/workflows/1/versions/1/diff/3')
        expect(diff.status).toBe(200)
        expect(diff.json.from).toBe(1)
        expect(diff.json.to).toBe(3)
        expect(diff.json.workflow.name).toEqual({ from: 'Workflow for trigger event-publish', to: 'Stop publishing' })
        expect(diff.json.nodes.added).toEqual([
          { id: '2', module_id: 'stop-execution', module_type: 'action', name: 'stop-execution' },
        ])
        expect(diff.json.nodes.removed).toEqual([])
        expect(diff.json.nodes.changed[0]).toMatchObject({
          id: '1',
          connections: { added: ['output_1 → 2'], removed: [] },
        })
        const params = await send('GET', '/sluice/workflows/1/versions/2/diff/3')
        expect(params.json.nodes.changed).toEqual([
          {
            id: '2',
            module_id: 'stop-execution',
            module_type: 'action',
            name: 'stop-execution',
            parameters: { added: {}, removed: {}, changed: { message: { from: 'first', to: 'second' } } },
          },
        ])
        expect((await send('GET', '/sluice/workflows/1/versions/9')).status).toBe(404)
      })
      it('restores a version as a new save, which itself is a version', async () => {
        const restored = await send('POST', '/sluice/workflows/1/versions/2/restore')
        expect(restored.status).toBe(200)
        expect(restored.json.Workflow.data['2'].data.indexed_params.message).toBe('first')
        const versions = (await send('GET', '/sluice/workflows/1/versions')).json.versions
        expect(versions[0]).toMatchObject({ version: 4, restored_from: 2 })
        const same = await send('GET', '/sluice/workflows/1/versions/2/diff/4')
        expect(same.json.is_same).toBe(true)
      })
      it('labels connections after a path filter in its answers, and never stores the labels (§2.8.4)', async () => {
        const graph: any = stopGraph('filtered')
        graph['1'].outputs.output_1.connections = [{ node: '3', output: 'input_1' }]
        graph['3'] = node(3, 'generic-filter-data', 'logic', { 'filtering-label': 'A' }, '1', ['2'])
        graph['2'].inputs.input_1.connections = [{ node: '3', input: 'output_1' }]
        const saved = await send('POST', '/workflows/edit/1', { body: { Workflow: { data: JSON.stringify(graph) } } })
        const label = [{ id: 'a', name: 'A', variant: 'info' }]
        expect(saved.json.Workflow.data['2'].inputs.input_1.connections[0].labels).toEqual(label)
        const viewed = await send('GET', '/workflows/view/1')
        expect(viewed.json.Workflow.data['2'].inputs.input_1.connections[0].labels).toEqual(label)
        // The editor sends the labels back with its next save: they are dropped again.
        await send('POST', '/workflows/edit/1', { body: { Workflow: { data: viewed.json.Workflow.data } } })
        const versions = (await send('GET', '/sluice/workflows/1/versions')).json.versions
        const stored = (await send('GET', `/sluice/workflows/1/versions/${versions[0].version}`)).json.version.data
        expect(stored['2'].inputs.input_1.connections[0].labels).toBeUndefined()
        const restored = await send('POST', `/sluice/workflows/1/versions/${versions[2].version}/restore`)
        expect(restored.json.Workflow.data['2'].data.indexed_params.message).toBe('first')
      })
      it('serves Mermaid and DOT of a workflow on Sluice’s routes', async () => {
        const mermaid = await send('GET', '/sluice/workflows/1/graph.mmd')
        expect(mermaid.headers.get('content-type')).toMatch(/^text\/plain/)
        expect(mermaid.text).toBe('flowchart LR\n    1{{"event-publish"}} --> 2["stop-execution"]\n')
        const dot = await send('GET', '/sluice/workflows/1/graph.dot')
        expect(dot.text).toContain('    1 -> 2 []\n')
      })
    })

    describe('triggers, modules, toggles (§6.2.7–§6.2.12)', () => {
      it('lists triggers with their workflow, filtered by named parameters', async () => {
        const all = await send('GET', '/workflows/triggers.json')
        expect(all.status).toBe(200)
        expect(all.json).toHaveLength(17)
        const publish = all.json.find((trigger: any) => trigger.id === 'event-publish')
        expect(publish.Workflow.id).toBe('1')
        expect(all.json.find((trigger: any) => trigger.id === 'user-after-save').Workflow).toBeUndefined()
        const blocking = await send('GET', '/workflows/triggers/blocking:1/scope:event')
        expect(blocking.json.map((trigger: any) => trigger.id).sort()).toEqual(['event-before-save', 'event-publish'])
        const paged = await send('GET', '/workflows/triggers/limit:5/page:2')
        expect(paged.json).toHaveLength(5)
      })
      it('enables and disables a trigger through toggleModule/<id>/<0|1>/1', async () => {
        const on = await send('POST', '/workflows/toggleModule/event-publish/1/1')
        expect(on.json).toEqual({
          saved: true,
          success: true,
          name: 'Enabled module event-publish',
          message: 'Enabled module event-publish',
          url: '/workflows/toggle_module/event-publish',
          id: 'event-publish',
        })
        const enabled = await send('GET', '/workflows/triggers/enabled:1')
        expect(enabled.json.map((trigger: any) => trigger.id)).toEqual(['event-publish'])
        expect((await send('GET', '/servers/getSetting/Plugin.Workflow_triggers_event-publish')).json.value).toBe(true)
      })
      it('toggles modules, refuses unknown ones with MISP’s failure envelope', async () => {
        const off = await send('POST', '/workflows/toggleModule/webhook/0')
        expect(off.json.name).toBe('Disabled module webhook')
        const view = await send('GET', '/workflows/moduleView/webhook.json')
        expect(view.json).toMatchObject({ id: 'webhook', disabled: true })
        const unknown = await send('PUT', '/workflows/toggleModule/nope/1/0')
        expect(unknown.status).toBe(403)
        expect(unknown.json).toMatchObject({
          saved: false,
          name: 'Could not toggle_module Workflow',
          errors: 'Could not Enabled module nope',
        })
      })
      it('mass-toggles modules from a JSON list in Workflow.module_ids', async () => {
        const result = await send('POST', '/workflows/massToggleField/enabled/1/0', {
          body: { Workflow: { module_ids: JSON.stringify(['webhook', 'count-if', 'nope']) } },
        })
        expect(result.status).toBe(200)
        expect(result.json).toMatchObject({ name: 'Enabled 2 modules', id: ['webhook', 'count-if', 'nope'] })
        const none = await send('POST', '/workflows/massToggleField/enabled/0', {
          body: { Workflow: { module_ids: '["nope"]' } },
        })
        expect(none.status).toBe(403)
        expect(none.json.name).toBe('Could not disable modules')
        const field = await send('POST', '/workflows/massToggleField/name/1', {
          body: { Workflow: { module_ids: '[]' } },
        })
        expect(field.status).toBe(405)
        expect(field.json.message).toBe('The field `name` cannot be toggled')
      })
      it('lists modules with MISP’s filters', async () => {
        const actions = await send('GET', '/workflows/moduleIndex.json')
        expect(actions.json.every((module: any) => module.module_type === 'action')).toBe(true)
        const logic = await send('GET', '/workflows/moduleIndex/type:logic')
        expect(logic.json).toHaveLength(10)
        const blocking = await send('GET', '/workflows/moduleIndex/type:all/actiontype:blocking')
        expect(blocking.json.map((module: any) => module.id)).toEqual(['stop-execution'])
        const enabled = await send('GET', '/workflows/moduleIndex/type:logic/enabled:1')
        expect(enabled.json.map((module: any) => module.id)).toContain('count-if')
        expect(enabled.json.every((module: any) => module.disabled === false)).toBe(true)
        // MISP's listing carries every tag name in tag_operation's options; `fulltaglist:0` leaves them out.
        await send('POST', '/tags/add', { body: { Tag: { name: 'tlp:amber' } } })
        const tagsOf = (list: any[]) =>
          list.find((module) => module.id === 'tag_operation').params.find((p: any) => p.id === 'tags').options
        expect(tagsOf((await send('GET', '/workflows/moduleIndex/type:action')).json)).toContain('tlp:amber')
        expect(tagsOf((await send('GET', '/workflows/moduleIndex/type:action/fulltaglist:0')).json)).toEqual([])
      })
      it('views a trigger with its workflow and listening workflows; 404 for an unknown module', async () => {
        const view = await send('GET', '/workflows/moduleView/event-publish')
        expect(view.json).toMatchObject({ id: 'event-publish', disabled: false, listening_workflows: [1] })
        expect(view.json.Workflow.id).toBe('1')
        const missing = await send('GET', '/workflows/moduleView/nope')
        expect(missing.status).toBe(404)
        expect(missing.json.message).toBe('Invalid trigger ID')
      })
    })

    describe('checkGraph, debug mode, runs (§6.2.6, §6.2.9, §6.2.13–§6.2.15)', () => {
      it('checks an unsaved graph in MISP’s shape', async () => {
        const graph: any = stopGraph('x')
        graph['2'].outputs = { output_1: { connections: [{ node: '1', output: 'input_1' }] } }
        const result = await send('POST', '/workflows/checkGraph', { body: { graph: JSON.stringify(graph) } })
        expect(result.status).toBe(200)
        expect(result.json.is_acyclic.is_acyclic).toBe(false)
        expect(result.json).toHaveProperty('multiple_output_connection.has_multiple_output_connection', false)
        expect(result.json).toHaveProperty('path_warnings.has_path_warnings', false)
      })
      it('switches debug mode only over AJAX, always reporting success', async () => {
        const plain = await send('POST', '/workflows/debugToggleField/1/1')
        expect(plain.status).toBe(405)
        expect(plain.json.message).toBe('This action is available via AJAX only.')
        const ajax = await send('POST', '/workflows/debugToggleField/1/1', {
          headers: { 'X-Requested-With': 'XMLHttpRequest' },
        })
        expect(ajax.json).toEqual({
          saved: true,
          success: true,
          name: 'Enabled debug mode',
          message: 'Enabled debug mode',
          url: '/workflows/toggle_debug/1',
          id: '1',
        })
        expect((await send('GET', '/workflows/view/1')).json.Workflow.debug_enabled).toBe(true)
        await send('POST', '/workflows/debugToggleField/1/0', { headers: { 'X-Requested-With': 'XMLHttpRequest' } })
        expect((await send('GET', '/workflows/view/1')).json.Workflow.debug_enabled).toBe(false)
      })
      it('runs a workflow by hand on raw trigger data: blocked by stop-execution, counter +1', async () => {
        const event = {
          Event: {
            id: '5',
            uuid: '7b2a8a1c-3f4e-4a5b-9c6d-1e2f3a4b5c6d',
            info: 'manual',
            published: false,
            Attribute: [],
          },
        }
        const result = await send('POST', '/workflows/executeWorkflow/1', {
          body: { Workflow: { data: JSON.stringify(event) } },
        })
        expect(result.status).toBe(200)
        expect(result.json).toMatchObject({ success: false, outcome: 'blocked' })
        const recorded = (await send('GET', '/sluice/runs')).json.runs.find((run: any) => run.id === result.json.run_id)
        expect(recorded).toMatchObject({ kind: 'manual', outcome: 'blocked', workflowId: '1' })
        expect((await send('GET', '/workflows/view/1')).json.Workflow.counter).toBe('1')
        const invalid = await send('POST', '/workflows/executeWorkflow/1', { body: { Workflow: { data: '{nope' } } })
        expect(invalid.status).toBe(200)
        expect(invalid.json).toEqual({ success: false, outcome: 'Invalid JSON' })
      })
      it('runs one module stateless: tag-if on data carrying the tag', async () => {
        const data = { Event: { Tag: [{ name: 'tlp:red' }] } }
        const result = await send('POST', '/workflows/moduleStatelessExecution/tag-if', {
          body: {
            input_data: JSON.stringify(data),
            module_indexed_param: { scope: 'event', condition: 'in_or', tags: ['tlp:red'], clusters: [] },
            convert_data: 0,
          },
        })
        expect(result.status).toBe(200)
        expect(result.json).toEqual({ success: true, errors: [] })
        const other = await send('POST', '/workflows/moduleStatelessExecution/tag-if', {
          body: {
            input_data: JSON.stringify({ Event: { Tag: [] } }),
            module_indexed_param: { scope: 'event', condition: 'in_or', tags: ['tlp:red'] },
          },
        })
        expect(other.json.success).toBe(false)
        const bad = await send('POST', '/workflows/moduleStatelessExecution/tag-if', { body: { input_data: '{' } })
        expect(bad.status).toBe(400)
        expect(bad.json.errors).toEqual({ Workflow: { input_data: ['Not valid JSON'] } })
        expect(
          (await send('POST', '/workflows/moduleStatelessExecution/nope', { body: { input_data: '{}' } })).status,
        ).toBe(404)
        const runs = (await send('GET', '/sluice/runs')).json.runs
        expect(runs.filter((run: any) => run.kind === 'stateless')).toHaveLength(2)
      })
      it('answers rebuildRedis with a success envelope and keeps the enabled modules', async () => {
        const result = await send('GET', '/workflows/rebuildRedis')
        expect(result.json).toMatchObject({ saved: true, success: true })
        const enabled = await send('GET', '/workflows/moduleIndex/type:all/enabled:1')
        expect(enabled.json.length).toBeGreaterThan(0)
      })
    })

    describe('POST /workflows/delete (§6.2.4)', () => {
      it('deletes a workflow with its versions and answers MISP’s envelope', async () => {
        const extra = await send('POST', '/sluice/triggers/user-after-save/workflows', { body: { name: 'to delete' } })
        const id = extra.json.Workflow.id
        const result = await send('DELETE', `/workflows/delete/${id}`)
        expect(result.json).toEqual({
          saved: true,
          success: true,
          name: 'Workflow deleted.',
          message: 'Workflow deleted.',
          url: `/workflows/delete/${id}`,
          id,
        })
        expect((await send('GET', `/workflows/view/${id}`)).status).toBe(404)
        expect((await send('GET', `/sluice/workflows/${id}/versions`)).status).toBe(404)
        expect((await send('POST', `/workflows/delete/${id}`)).status).toBe(404)
      })
    })
  })
}

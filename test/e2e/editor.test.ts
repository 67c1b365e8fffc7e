/**
 * The workflow editor in Chromium (issue #6 point 3), against the built app served by Sluice on
 * a temporary database. A user builds MISP's PAP:RED/tlp:red blocking workflow on
 * `event-publish` by dragging modules from the palette, filling the forms (the tag picker
 * searches the server) and drawing connections; the saved JSON has MISP's shape and really
 * blocks publishing. Undo/redo, refused connections, and "open and save without change gives
 * the same JSON" for every MISP blueprint fixture are checked too.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { loadWorkflowJson } from '../../src/engine/index.ts'
import { createBuiltinRegistry } from '../../src/modules/index.ts'
import { readDrawflow, writeDrawflow } from '../../web/src/editor/model/drawflow.ts'
import { createNode } from '../../web/src/editor/model/new-node.ts'
import { blueprintFiles } from '../harness/shared.ts'
import { ADMIN_KEY, describeBrowser, openSignedIn, type Sluice, startSluice, type TestPage } from './harness.ts'

describeBrowser('workflow editor', () => {
  let sluice: Sluice
  let browser: Browser
  let tab: TestPage
  let workflowId: string
  /** The event with a tlp:red attribute the first test creates. */
  let redEventId = ''

  /** A REST call with the admin key, as an API client would make it. */
  async function rest(method: string, path: string, body?: unknown): Promise<any> {
    const response = await fetch(`${sluice.baseUrl}${path}`, {
      method,
      headers: {
        Authorization: ADMIN_KEY,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`)
    return text === '' ? undefined : JSON.parse(text)
  }

  async function savedGraph(): Promise<Record<string, any>> {
    const body = await rest('GET', `/workflows/view/${workflowId}`)
    const data = body.Workflow.data
    return typeof data === 'string' ? JSON.parse(data) : data
  }

  /** Loads the editor afresh (a full page load, so nothing of a previous visit stays). */
  async function openEditor(page: Page): Promise<void> {
    await page.goto('/#/workflows/editor/event-publish')
    await page.reload()
    await page.getByRole('region', { name: 'Workflow canvas' }).waitFor()
    await page.getByRole('region', { name: /\(node 1\)$/ }).waitFor()
  }

  beforeAll(async () => {
    sluice = await startSluice()
    await sluice.platform.settings.set('Plugin.Workflow_enable', true)
    await sluice.platform.settings.set('Plugin.Workflow_triggers_event-publish', true)
    for (const name of ['PAP:RED', 'tlp:red', 'tlp:white', 'PAP:GREEN'])
      await rest('POST', '/tags/add', { Tag: { name } })
    const opened = await rest('GET', '/workflows/editor/event-publish')
    workflowId = String((opened.Workflow ?? opened).id)
    ;({ browser, tab } = await openSignedIn(sluice))
  }, 90_000)
  afterAll(async () => {
    await browser?.close()
    await sluice?.close()
  })

  it('builds the PAP:RED/tlp:red blocking workflow by drag-and-drop and forms, and saves MISP’s JSON', async () => {
    const { page } = tab
    await openEditor(page)
    const canvas = page.getByRole('region', { name: 'Workflow canvas' })
    const palette = page.getByRole('complementary', { name: 'Module palette' })

    await palette.getByRole('tab', { name: 'Logic' }).click()
    await palette.getByRole('listitem', { name: 'IF :: Tag' }).dragTo(canvas, { targetPosition: { x: 60, y: 60 } })
    const settings = page.getByRole('region', { name: 'Node settings: IF :: Tag' })
    await settings.waitFor()
    await settings.getByLabel('Scope').selectOption('event_attribute')
    const tags = settings.getByRole('group', { name: 'Tags' })
    await tags.getByRole('combobox', { name: 'Tags search' }).fill('PAP:R')
    await tags.getByRole('option', { name: 'PAP:RED' }).click()
    // The second one from the keyboard: arrow down into the suggestions, Enter.
    await tags.getByRole('combobox', { name: 'Tags search' }).fill('tlp:r')
    await tags.getByRole('option', { name: 'tlp:red' }).waitFor()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await expect.poll(() => tags.getByRole('list', { name: 'Tags: selected' }).getByRole('listitem').count()).toBe(2)

    await palette.getByRole('tab', { name: 'Actions' }).click()
    await palette.getByRole('searchbox', { name: 'Search for a block' }).fill('stop')
    await palette
      .getByRole('listitem', { name: 'Stop execution' })
      .dragTo(canvas, { targetPosition: { x: 60, y: 500 } })
    const stopSettings = page.getByRole('region', { name: 'Node settings: Stop execution' })
    await stopSettings.getByLabel('Stop message').fill('Blocked: PAP:RED or tlp:red attribute')

    // Arrange the three nodes apart before drawing the connections.
    await page.getByRole('button', { name: 'Auto-layout' }).click()
    await page.waitForTimeout(100)
    await page.getByLabel('Event Publish output').dragTo(page.getByLabel('IF :: Tag input 1'))
    await page.getByLabel('IF :: Tag then').dragTo(page.getByLabel('Stop execution input 1'))
    await page.getByRole('button', { name: /^Problems \(0 errors/ }).waitFor()
    await page.getByRole('button', { name: /^Problems \(0 errors/ }).click()
    const serverCheck = page.getByRole('status', { name: 'Server check' })
    await expect
      .poll(async () => (await serverCheck.allTextContents()).join(' '))
      .toContain('agrees with the list above.')

    // A second connection from the same output is refused while drawing, with the reason.
    await page.getByLabel('Event Publish output').dragTo(page.getByLabel('Stop execution input 1'))
    await expect
      .poll(async () => (await page.getByRole('alert').allTextContents()).join(' '))
      .toContain('already has a connection')

    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await expect
      .poll(async () => (await page.getByRole('status', { name: 'Save state' }).allTextContents()).join(' '))
      .toContain('Saved')

    const graph = await savedGraph()
    const keys = Object.keys(graph).filter((key) => key !== '_frames')
    expect(keys).toEqual(['1', '2', '3'])
    expect(graph['1'].outputs).toEqual({ output_1: { connections: [{ node: '2', output: 'input_1' }] } })
    expect(graph['2']).toMatchObject({
      id: 2,
      name: 'IF :: Tag',
      class: 'block-type-if block-type-logic expect-misp-core-format',
      typenode: false,
      inputs: { input_1: { connections: [{ node: '1', input: 'output_1' }] } },
      outputs: { output_1: { connections: [{ node: '3', output: 'input_1' }] }, output_2: { connections: [] } },
      data: {
        id: 'tag-if',
        module_type: 'logic',
        indexed_params: { scope: 'event_attribute', condition: 'in_or', tags: ['PAP:RED', 'tlp:red'], clusters: [] },
        saved_filters: { selector: '', value: '', operator: '', path: '' },
        multiple_output_connection: false,
      },
    })
    expect(graph['3']).toMatchObject({
      id: 3,
      name: 'Stop execution',
      inputs: { input_1: { connections: [{ node: '2', input: 'output_1' }] } },
      outputs: [],
      data: {
        id: 'stop-execution',
        module_type: 'action',
        indexed_params: { message: 'Blocked: PAP:RED or tlp:red attribute' },
      },
    })
    expect(typeof graph['2'].pos_x).toBe('number')
    expect(typeof graph['2'].data.node_uid).toBe('string')

    // The saved workflow vetoes publishing an event with a tlp:red attribute.
    const event = await rest('POST', '/events/add', { Event: { info: 'editor e2e', distribution: 0 } })
    const eventId = event.Event.id
    redEventId = String(eventId)
    const attribute = await rest('POST', `/attributes/add/${eventId}`, {
      Attribute: { type: 'ip-src', value: '203.0.113.9' },
    })
    await rest('POST', '/tags/attachTagToObject', { uuid: attribute.Attribute.uuid, tag: 'tlp:red' })
    const publish = await fetch(`${sluice.baseUrl}/events/publish/${eventId}`, {
      method: 'POST',
      headers: { Authorization: ADMIN_KEY, Accept: 'application/json' },
    })
    expect(JSON.stringify(await publish.json())).toContain('Blocked: PAP:RED or tlp:red attribute')
    expect(tab.consoleErrors).toEqual([])
  })

  it('undoes and redoes with the keyboard and the toolbar, and never deletes the trigger', async () => {
    const { page } = tab
    await openEditor(page)
    const stop = page.getByRole('region', { name: 'Stop execution (node 3)' })
    await stop.click()
    await page.keyboard.press('Delete')
    await expect.poll(() => stop.count()).toBe(0)
    await expect
      .poll(async () => (await page.getByRole('status', { name: 'Save state' }).allTextContents()).join(' '))
      .toContain('Unsaved changes')
    await page.keyboard.press('Control+z')
    await expect.poll(() => stop.count()).toBe(1)
    await expect
      .poll(async () => (await page.getByRole('status', { name: 'Save state' }).allTextContents()).join(' '))
      .toContain('Saved')
    await page.keyboard.press('Control+Shift+z')
    await expect.poll(() => stop.count()).toBe(0)
    await page.getByRole('button', { name: 'Undo' }).click()
    await expect.poll(() => stop.count()).toBe(1)
    await page.getByRole('button', { name: 'Redo' }).click()
    await expect.poll(() => stop.count()).toBe(0)
    await page.keyboard.press('Control+y')
    await page.keyboard.press('Control+z')
    await expect.poll(() => stop.count()).toBe(1)

    await page.getByRole('region', { name: /Event Publish \(node 1\)/ }).click()
    await page.keyboard.press('Delete')
    await expect
      .poll(async () => (await page.getByRole('alert').allTextContents()).join(' '))
      .toContain('The trigger node cannot be deleted')
    expect(await page.getByRole('region', { name: /Event Publish \(node 1\)/ }).count()).toBe(1)
  })

  it('switches the workflow’s debug mode from the toolbar, on the server at once, and shows it after a reload', async () => {
    const { page } = tab
    await openEditor(page)
    const debug = page.getByRole('switch', { name: 'Debug mode' })
    expect(await debug.getAttribute('aria-checked')).toBe('false')
    await debug.click()
    await expect.poll(() => debug.getAttribute('aria-checked')).toBe('true')
    const viewed = await rest('GET', `/workflows/view/${workflowId}`)
    expect(viewed.Workflow.debug_enabled).toBe(true)
    await openEditor(page)
    expect(await page.getByRole('switch', { name: 'Debug mode' }).getAttribute('aria-checked')).toBe('true')
    await page.getByRole('switch', { name: 'Debug mode' }).click()
    await expect.poll(() => page.getByRole('switch', { name: 'Debug mode' }).getAttribute('aria-checked')).toBe('false')
    expect((await rest('GET', `/workflows/view/${workflowId}`)).Workflow.debug_enabled).toBe(false)
  })

  it('runs the workflow from the editor (a dry run by default) on the sample event, a stored event and a past run’s input, and draws the trace on the nodes', async () => {
    const { page } = tab
    await openEditor(page)
    await page.getByRole('button', { name: 'Run…' }).click()
    const panel = page.getByRole('region', { name: 'Run the workflow' })
    await panel.getByRole('button', { name: 'Run workflow' }).click()
    const result = panel.getByRole('figure', { name: 'Run result' })
    await expect.poll(async () => (await result.allTextContents()).join(' ')).toContain('Outcome: blocked')
    const ifNode = page.getByRole('region', { name: 'IF :: Tag (node 2)' })
    await expect
      .poll(async () => (await ifNode.getByRole('note').allTextContents()).join(' '))
      .toContain('Run: success → then')
    const stopNode = page.getByRole('region', { name: 'Stop execution (node 3)' })
    await expect
      .poll(async () => (await stopNode.getByRole('note').allTextContents()).join(' '))
      .toContain('Run: blocked')
    await stopNode.click()
    await expect.poll(async () => await panel.getByText('What node 3 saw').count()).toBe(1)

    // A real event from the store as input, then a past run's input.
    await panel.getByLabel('Event id from the store').fill(redEventId)
    await panel.getByRole('button', { name: 'Use this event' }).click()
    await expect.poll(async () => (await result.allTextContents()).join(' ')).toContain(`Loaded event ${redEventId}.`)
    expect(await panel.getByLabel('Input data (JSON)').inputValue()).toContain('203.0.113.9')
    await panel.getByRole('button', { name: 'Run workflow' }).click()
    await expect.poll(async () => (await result.allTextContents()).join(' ')).toContain('Outcome: blocked')
    await panel.getByRole('button', { name: 'Past runs…' }).click()
    await panel.getByRole('list', { name: 'Past runs' }).getByRole('button').first().click()
    await expect.poll(async () => (await result.allTextContents()).join(' ')).toContain('Loaded the input of run')

    // Leaving with unsaved changes asks first; dismissing keeps the editor.
    await page.getByRole('button', { name: 'Auto-layout' }).click()
    page.once('dialog', (dialog) => void dialog.dismiss())
    await page.getByRole('link', { name: '‹ Triggers' }).click()
    expect(await page.getByRole('region', { name: 'Workflow canvas' }).count()).toBe(1)
    await page.getByRole('button', { name: 'Undo' }).click()
    expect(tab.consoleErrors).toEqual([])
  })

  it('dry-runs the unsaved graph on a pasted sample: the trace is drawn, the would-be tag is listed, nothing changes on the server', async () => {
    const { page } = tab
    await rest('POST', '/workflows/toggleModule/tag_operation/1')
    const created = await rest('POST', '/events/add', { Event: { info: 'dry run e2e', distribution: 0 } })
    const eventId = String(created.Event.id)
    const sample = { Event: (await rest('GET', `/events/view/${eventId}`)).Event }
    const savedBefore = await savedGraph()
    const runIds = async () =>
      ((await rest('GET', '/sluice/runs?limit=100')).runs as Array<{ id: string }>).map((run) => run.id)
    const runsBefore = await runIds()
    await openEditor(page)

    // Add "Tag operation" on the else branch of IF :: Tag, without saving.
    const canvas = page.getByRole('region', { name: 'Workflow canvas' })
    const palette = page.getByRole('complementary', { name: 'Module palette' })
    await palette.getByRole('tab', { name: 'Actions' }).click()
    await palette.getByRole('searchbox', { name: 'Search for a block' }).fill('tag operation')
    await palette.getByRole('listitem', { name: 'Tag operation' }).dragTo(canvas, { targetPosition: { x: 60, y: 60 } })
    const settings = page.getByRole('region', { name: 'Node settings: Tag operation' })
    await settings.waitFor()
    const tags = settings.getByRole('group', { name: 'Tags' })
    await tags.getByRole('combobox', { name: 'Tags search' }).fill('PAP:G')
    await tags.getByRole('option', { name: 'PAP:GREEN' }).click()
    await page.getByRole('button', { name: 'Auto-layout' }).click()
    await page.waitForTimeout(100)
    await page.getByLabel('IF :: Tag else').dragTo(page.getByLabel('Tag operation input 1'))
    await expect
      .poll(async () => (await page.getByRole('status', { name: 'Save state' }).allTextContents()).join(' '))
      .toContain('Unsaved changes')

    await page.getByRole('button', { name: 'Run…' }).click()
    const panel = page.getByRole('region', { name: 'Run the workflow' })
    const dryRun = panel.getByRole('switch', { name: 'Dry run' })
    expect(await dryRun.isChecked()).toBe(true)
    await panel.getByLabel('Input data (JSON)').fill(JSON.stringify(sample, null, 2))
    await panel.getByRole('button', { name: 'Run workflow' }).click()
    const result = panel.getByRole('figure', { name: 'Run result' })
    await expect.poll(async () => (await result.allTextContents()).join(' ')).toContain('Dry run. Outcome: success')
    const ifNode = page.getByRole('region', { name: 'IF :: Tag (node 2)' })
    await expect
      .poll(async () => (await ifNode.getByRole('note').allTextContents()).join(' '))
      .toContain('Run: success → else')
    const tagNode = page.getByRole('region', { name: /^Tag operation \(node \d+\)$/ })
    await expect
      .poll(async () => (await tagNode.getByRole('note').allTextContents()).join(' '))
      .toContain('Run: success')
    const effects = panel.getByRole('list', { name: 'Would-be effects list' })
    await expect
      .poll(async () => (await effects.getByRole('listitem').allTextContents()).join(' '))
      .toContain('backend.attachTag')
    const listed = (await effects.getByRole('listitem').allTextContents()).join(' ')
    expect(listed).toContain('(tag_operation)')
    expect(listed).toContain('PAP:GREEN')

    // Nothing changed on the server: no tag on the event, no run recorded, the saved graph as it was.
    const after = (await rest('GET', `/events/view/${eventId}`)).Event
    expect(JSON.stringify(after.Tag ?? [])).not.toContain('PAP:GREEN')
    expect(await savedGraph()).toEqual(savedBefore)
    expect(await runIds()).toEqual(runsBefore)
    expect(tab.consoleErrors).toEqual([])

    // Leave the unsaved changes behind for the next tests.
    page.once('dialog', (dialog) => void dialog.accept())
    await page.reload()
  })

  it('fills hash paths with a live preview, sets a node filter, copies and pastes, and diffs and restores a version', async () => {
    const { page } = tab
    for (const id of ['tag_operation', 'generic-filter-data']) await rest('POST', `/workflows/toggleModule/${id}/1/0`)
    await openEditor(page)
    const palette = page.getByRole('complementary', { name: 'Module palette' })

    // Path filter: the selector preset and the sub-path preview read the sample event.
    await palette.getByRole('tab', { name: 'Logic' }).click()
    await palette.getByRole('button', { name: 'Add Filter :: Generic' }).click()
    const filter = page.getByRole('region', { name: 'Node settings: Filter :: Generic' })
    await filter.getByLabel('Data selector presets').selectOption('Event._AttributeFlattened.{n}')
    expect(await filter.getByLabel('Data selector', { exact: true }).inputValue()).toBe('Event._AttributeFlattened.{n}')
    await filter.getByLabel('Hash path', { exact: true }).fill('type')
    await filter.getByText('Preview on sample data').last().click()
    await expect
      .poll(async () => (await filter.getByRole('figure', { name: 'Hash path preview' }).allTextContents()).join(' '))
      .toContain('"ip-dst"')
    await filter.getByLabel('Operator').selectOption('in_or')
    await filter.getByRole('combobox', { name: 'Value list search' }).fill('ip-src')
    await page.keyboard.press('Enter')
    await expect
      .poll(() => filter.getByRole('list', { name: 'Value list: selected' }).getByRole('listitem').count())
      .toBe(1)

    // Node filter on an action that supports filters.
    await palette.getByRole('tab', { name: 'Actions' }).click()
    await palette.getByRole('button', { name: 'Add Tag operation' }).click()
    const tagOp = page.getByRole('region', { name: 'Node settings: Tag operation' })
    await tagOp.getByRole('button', { name: 'Node filter…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Node filtering' })
    await dialog.getByLabel('Element selector').press('Escape')
    await expect.poll(() => dialog.count()).toBe(0)
    await tagOp.getByRole('button', { name: 'Node filter…' }).click()
    await dialog.getByLabel('Element selector').fill('Event._AttributeFlattened.{n}')
    await dialog.getByRole('button', { name: 'Save filter' }).click()
    await expect
      .poll(async () => (await dialog.getByRole('alert').allTextContents()).join(' '))
      .toContain('are all needed')
    await dialog.getByLabel('Value', { exact: true }).fill('tlp:red')
    await dialog.getByLabel('Hash path').fill('Tag.{n}.name')
    await dialog.getByRole('button', { name: 'Save filter' }).click()
    await expect
      .poll(async () =>
        (await page.getByRole('region', { name: 'Tag operation (node 5)' }).allTextContents()).join(' '),
      )
      .toContain('Filter set')

    // Copy and paste: the copy gets the next id and keeps the filter.
    await page.getByRole('region', { name: 'Tag operation (node 5)' }).click()
    await page.keyboard.press('Control+c')
    await page.keyboard.press('Control+v')
    await page.getByRole('region', { name: 'Tag operation (node 6)' }).waitFor()
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await expect
      .poll(async () => (await page.getByRole('status', { name: 'Save state' }).allTextContents()).join(' '))
      .toContain('Saved')
    const graph = await savedGraph()
    expect(graph['4'].data.indexed_params).toMatchObject({
      selector: 'Event._AttributeFlattened.{n}',
      hash_path: 'type',
      operator: 'in_or',
      value_list: ['ip-src'],
    })
    expect(graph['5'].data.saved_filters).toEqual({
      selector: 'Event._AttributeFlattened.{n}',
      value: 'tlp:red',
      operator: 'in',
      path: 'Tag.{n}.name',
    })
    expect(graph['6'].data.saved_filters).toEqual(graph['5'].data.saved_filters)

    // Version history: the first version (the bare trigger) against the editor's graph, then restore.
    await page.getByRole('button', { name: 'Versions' }).click()
    const versions = page.getByRole('region', { name: 'Version history' })
    await versions.getByRole('button', { name: /^Version 1 / }).click()
    await expect
      .poll(async () => (await versions.getByRole('figure', { name: 'Diff' }).allTextContents()).join(' '))
      .toContain('+ node 2 IF :: Tag')
    expect((await versions.getByRole('figure', { name: 'Diff' }).allTextContents()).join(' ')).not.toContain('node 1 ')
    await versions.getByRole('button', { name: 'Restore this version' }).click()
    await expect.poll(() => page.getByRole('region', { name: /\(node \d+\)$/ }).count()).toBe(1)
    await page.keyboard.press('Control+z')
    await expect.poll(() => page.getByRole('region', { name: /\(node \d+\)$/ }).count()).toBe(6)
    expect(tab.consoleErrors).toEqual([])
  })

  it('saves a multi-selection as a blueprint and inserts it by drag-and-drop with new ids and a frame', async () => {
    const { page } = tab
    await openEditor(page)
    // The pasted copies of the previous test sit on top of other nodes: tidy up first.
    await page.getByRole('button', { name: 'Auto-layout' }).click()
    await page.waitForTimeout(100)
    await page.getByRole('region', { name: 'IF :: Tag (node 2)' }).click()
    // The settings panel narrowed the canvas: bring every node back into view.
    await page.getByRole('button', { name: 'Fit view', exact: true }).click()
    await page.getByRole('region', { name: 'Stop execution (node 3)' }).click({ modifiers: ['Control'] })
    await page.getByRole('button', { name: 'Save as blueprint' }).click()
    const dialog = page.getByRole('dialog', { name: 'Save as blueprint' })
    await dialog.getByLabel('Name').fill('Stop on red')
    expect(await dialog.getByLabel('Description').inputValue()).toBe('[event-publish]')
    await dialog.getByRole('button', { name: 'Save blueprint' }).click()
    await page.getByRole('status').filter({ hasText: 'Blueprint “Stop on red” saved.' }).waitFor()
    const stored = (await rest('GET', '/workflowBlueprints/index')).map((row: any) => row.WorkflowBlueprint)
    const blueprint = stored.find((row: any) => row.name === 'Stop on red')
    const data = typeof blueprint.data === 'string' ? JSON.parse(blueprint.data) : blueprint.data
    expect(data.map((node: any) => [node.id, node.data.id])).toEqual([
      [2, 'tag-if'],
      [3, 'stop-execution'],
    ])

    const palette = page.getByRole('complementary', { name: 'Module palette' })
    await palette.getByRole('tab', { name: 'Blueprints' }).click()
    await palette
      .getByRole('listitem', { name: 'Stop on red' })
      .dragTo(page.getByRole('region', { name: 'Workflow canvas' }), { targetPosition: { x: 80, y: 80 } })
    await page.getByRole('region', { name: 'Stop execution (node 8)' }).waitFor()
    await page.getByRole('region', { name: 'Frame: Stop on red' }).waitFor()
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await expect
      .poll(async () => (await page.getByRole('status', { name: 'Save state' }).allTextContents()).join(' '))
      .toContain('Saved')
    const graph = await savedGraph()
    expect(graph['7'].data.indexed_params.tags).toEqual(['PAP:RED', 'tlp:red'])
    expect(graph['7'].outputs.output_1.connections).toEqual([{ node: '8', output: 'input_1' }])
    expect(graph['7'].inputs.input_1.connections).toEqual([])
    expect(Object.values(graph._frames)).toEqual([expect.objectContaining({ text: 'Stop on red', nodes: [7, 8] })])
    expect(tab.consoleErrors).toEqual([])
  })

  it('opens every MISP blueprint fixture and saves it without change: the server holds the same JSON', async () => {
    const { page } = tab
    const registry = createBuiltinRegistry()
    for (const [file, json] of blueprintFiles()) {
      const { record } = loadWorkflowJson(json, 'event-publish', (id) => registry.trigger(id)?.descriptor)
      await rest('POST', `/workflows/edit/${workflowId}`, { Workflow: { data: JSON.stringify(record.data) } })
      const before = JSON.stringify(await savedGraph())
      await openEditor(page)
      await page.getByRole('region', { name: 'Workflow canvas' }).click({ position: { x: 5, y: 5 } })
      await page.keyboard.press('Control+s')
      await page.getByRole('status').filter({ hasText: 'Workflow saved.' }).waitFor()
      expect(JSON.stringify(await savedGraph()), file).toBe(before)
    }
    expect(tab.consoleErrors).toEqual([])
  }, 120_000)

  it('shows a path warning on the node and names it in the problems list', async () => {
    const { page } = tab
    await rest('POST', '/workflows/toggleModule/concurrent-task/1/0')
    const modules = (await rest('GET', '/workflows/moduleIndex/type:all')) as any[]
    const opened = await rest('GET', '/workflows/editor/event-publish')
    const current = (opened.Workflow ?? opened).data
    const doc = readDrawflow({ '1': (typeof current === 'string' ? JSON.parse(current) : current)['1'] })
    doc.nodes['2'] = createNode(
      modules.find((m) => m.id === 'concurrent-task'),
      2,
      340,
      0,
    )
    doc.nodes['3'] = createNode(
      modules.find((m) => m.id === 'stop-execution'),
      3,
      680,
      0,
    )
    doc.order.push('2', '3')
    doc.edges = [
      { id: '1:output_1->2:input_1', source: '1', sourcePort: 'output_1', target: '2', targetPort: 'input_1' },
      { id: '2:output_1->3:input_1', source: '2', sourcePort: 'output_1', target: '3', targetPort: 'input_1' },
    ]
    const graph = writeDrawflow(doc)
    await rest('POST', `/workflows/edit/${workflowId}`, { Workflow: { data: JSON.stringify(graph) } })
    await openEditor(page)
    const stop = page.getByRole('region', { name: 'Stop execution (node 3)' })
    await expect.poll(async () => (await stop.getByRole('note').allTextContents()).join(' ')).toContain('⚠ 1 problem')
    expect(await stop.getByRole('note').first().getAttribute('aria-label')).toContain(
      'blocking node from a non-blocking context',
    )
    await page.getByRole('button', { name: /^Problems \(0 errors, 1 warning\)/ }).click()
    const list = page.getByRole('region', { name: 'Problems' })
    await expect
      .poll(async () => (await list.getByRole('listitem').allTextContents()).join(' '))
      .toContain('“Stop execution” (node 3) comes after the concurrent task “Concurrent Task” (node 2)')
    await list.getByRole('button', { name: 'Show node 3' }).click()

    // Connections from the keyboard, in the node's settings: remove, connect, and a refusal.
    await page.getByRole('button', { name: 'Fit view', exact: true }).click()
    await page.getByRole('region', { name: 'Concurrent Task (node 2)' }).click()
    const settings = page.getByRole('region', { name: 'Node settings: Concurrent Task' })
    await settings.getByRole('button', { name: 'Remove connection concurrent tasks to node 3' }).click()
    await page.getByRole('button', { name: /^Problems \(0 errors, 0 warnings\)/ }).waitFor()
    await settings.getByLabel('Connect concurrent tasks to').selectOption({ label: '“Stop execution” (node 3)' })
    await settings.getByRole('button', { name: 'Connect', exact: true }).click()
    await page.getByRole('button', { name: /^Problems \(0 errors, 1 warning\)/ }).waitFor()
    await page.getByRole('region', { name: /Event Publish \(node 1\)/ }).click()
    const trigger = page.getByRole('region', { name: 'Node settings: Event Publish' })
    await trigger.getByLabel('Connect output to').selectOption({ label: '“Stop execution” (node 3)' })
    await trigger.getByRole('button', { name: 'Connect', exact: true }).click()
    await expect
      .poll(async () => (await page.getByRole('alert').allTextContents()).join(' '))
      .toContain('already has a connection')
    expect(tab.consoleErrors).toEqual([])
  })
})

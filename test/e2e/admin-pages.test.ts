/**
 * The admin pages in Chromium (issue #6): the Settings switch that opens the workflow pages,
 * the Triggers index (filters that combine, enable, debug mode), the Modules index (filters,
 * disable and enable), a module's stateless execution form, and editing a setting.
 */
import { expect, it } from 'vitest'
import { call } from '../harness/http.ts'
import { describeBrowser, useSignedInSluice } from './harness.ts'

describeBrowser('admin pages', () => {
  const session = useSignedInSluice({ hash: '#/triggers' })

  it('points from the workflow gate to the settings, where the switch turns workflows on', async () => {
    const { page } = session.tab
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/^The workflow plugin must be enabled/)
    await page.getByRole('link', { name: 'Turn workflows on in the settings' }).click()
    const workflows = page.getByRole('table', { name: 'Workflows' })
    await workflows.getByRole('checkbox', { name: 'Plugin.Workflow_enable' }).check()
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Field updated')
    expect(await workflows.getByRole('checkbox', { name: 'Plugin.Workflow_enable' }).isChecked()).toBe(true)
    // The gate's 403 was the expected answer of the first page.
    session.tab.consoleErrors.length = 0
  })

  it('lists the triggers with filters that combine, enables one and switches its debug mode', async () => {
    const { page } = session.tab
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Triggers' }).click()
    const table = page.getByRole('table', { name: 'Triggers' })
    await table.getByRole('rowheader', { name: /Event Publish/ }).waitFor()
    expect(await table.getByRole('row').count()).toBe(1 + 17)
    await page.getByRole('group', { name: 'Blocking' }).getByRole('button', { name: 'Blocking', exact: true }).click()
    await page.getByRole('group', { name: 'Scope' }).getByRole('button', { name: 'event', exact: true }).click()
    const names = () => table.getByRole('rowheader').getByRole('link').allTextContents()
    expect(await names()).toEqual(['Event Before Save', 'Event Publish'])

    await page.getByRole('button', { name: 'Enable Event Publish' }).click()
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Enabled module event-publish')
    await page.getByRole('group', { name: 'State' }).getByRole('button', { name: 'Enabled', exact: true }).click()
    expect(await names()).toEqual(['Event Publish'])

    // The trigger has no workflow until its editor is opened: the debug switch says so.
    const debug = page.getByRole('checkbox', { name: 'Debug mode of Event Publish' })
    expect(await debug.isDisabled()).toBe(true)
    expect(
      (await call(session.sluice.baseUrl, 'GET', '/workflows/editor/event-publish', { key: session.sluice.adminKey }))
        .status,
    ).toBe(200)
    await page.getByRole('group', { name: 'State' }).getByRole('button', { name: 'Any', exact: true }).click()
    await page.reload()
    await debug.check()
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Enabled debug mode')
    expect(await debug.isChecked()).toBe(true)
    const link = table.getByRole('link', { name: 'Open the editor of Event Publish' })
    expect(await link.getAttribute('href')).toBe('#/workflows/editor/event-publish')
    expect(session.tab.consoleErrors).toEqual([])
  })

  it('filters the modules, disables and re-enables one', async () => {
    const { page } = session.tab
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Modules' }).click()
    const table = page.getByRole('table', { name: 'Modules' })
    await table.getByRole('rowheader', { name: /IF :: Tag/ }).waitFor()
    await page.getByRole('group', { name: 'Type' }).getByRole('button', { name: 'Logic' }).click()
    expect(await table.getByRole('row').count()).toBe(1 + 10)
    await page.getByLabel('Search').fill('tag')
    expect(await table.getByRole('rowheader').getByRole('link').allTextContents()).toEqual(['IF :: Tag'])
    await page.getByRole('button', { name: 'Disable IF :: Tag' }).click()
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Disabled module tag-if')
    await page.getByRole('button', { name: 'Enable IF :: Tag' }).click()
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Enabled module tag-if')
    expect(session.tab.consoleErrors).toEqual([])
  })

  it('runs a module statelessly from its page and shows status, time and result', async () => {
    const { page } = session.tab
    await page.getByRole('link', { name: 'IF :: Tag' }).click()
    await page.getByRole('heading', { level: 1, name: 'IF :: Tag' }).waitFor()
    const form = page.getByRole('form', { name: 'Stateless module execution' })
    await form.getByLabel('Scope').selectOption('event')
    await form.getByLabel('Tags').fill('tlp:red')
    await form.getByLabel('Input JSON').fill(JSON.stringify({ Event: { info: 'x', Tag: [{ name: 'tlp:red' }] } }))
    expect(await form.getByLabel('Convert input data into MISP core format').isChecked()).toBe(true)
    await form.getByRole('button', { name: 'Execute module' }).click()
    const result = page.getByRole('region', { name: 'Execution result' })
    await expect.poll(() => result.getByRole('heading').textContent()).toMatch(/^Execution result: 200 \[\d+ ms\]$/)
    expect(JSON.parse((await result.locator('pre').textContent()) ?? '')).toEqual({ success: true, errors: [] })
    expect(session.tab.consoleErrors).toEqual([])
  })

  it('edits a setting and shows it after a reload', async () => {
    const { page } = session.tab
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click()
    const field = page.getByRole('textbox', { name: 'Plugin.Workflow_debug_url' })
    await field.fill('http://127.0.0.1:27052')
    await page.getByRole('button', { name: 'Save Plugin.Workflow_debug_url' }).click()
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Field updated')
    await page.reload()
    await expect.poll(() => field.inputValue()).toBe('http://127.0.0.1:27052')
    const loop = page.getByRole('spinbutton', { name: 'Loop limit: longest chain of runs' })
    await loop.fill('7')
    await page.getByRole('button', { name: 'Save Loop limit: longest chain of runs' }).click()
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'loopMaxDepth' }).count()).toBe(1)
    expect(session.tab.consoleErrors).toEqual([])
  })
})

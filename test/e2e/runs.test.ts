/**
 * The Runs pages in Chromium (issue #6): publishes through the API with the PAP:RED/tlp:red
 * blocking workflow installed leave blocked and successful runs; the page charts them over time
 * by outcome and latency per trigger, filters them, opens a run with its trace drawn on the graph
 * that ran, and replays it.
 */
import { expect, it } from 'vitest'
import { call } from '../harness/http.ts'
import { describeBrowser, installPapRedBlocking, type Sluice, useSignedInSluice } from './harness.ts'

describeBrowser('Runs pages', () => {
  /** Creates and publishes an event through MISP's API; answers the publish status. */
  async function publish(sluice: Sluice, info: string, tag: string): Promise<number> {
    const key = sluice.adminKey
    const body = { Event: { info, Attribute: [{ type: 'ip-src', value: '198.51.100.9', Tag: [{ name: tag }] }] } }
    const created = await call(sluice.baseUrl, 'POST', '/events/add', { key, body })
    return (await call(sluice.baseUrl, 'POST', `/events/publish/${created.json.Event.id}`, { key })).status
  }

  const session = useSignedInSluice({
    hash: '#/runs',
    async seed(sluice) {
      await installPapRedBlocking(sluice.platform)
      expect(await publish(sluice, 'Red 1', 'tlp:red')).toBe(403)
      expect(await publish(sluice, 'Red 2', 'tlp:red')).toBe(403)
      expect(await publish(sluice, 'Green 1', 'tlp:green')).toBe(200)
    },
  })

  it('charts the runs by outcome over time and the latency per trigger', async () => {
    const { page } = session.tab
    const chart = page.getByRole('img', { name: /^Runs over time by outcome\./ })
    await chart.waitFor()
    expect(await chart.getAttribute('aria-label')).toMatch(/3 runs from .*: 1 success, 2 blocked, 0 failure$/)
    const latency = page.getByRole('table', { name: 'Latency per trigger' })
    const row = latency.getByRole('row', { name: /event-publish/ })
    expect((await row.getByRole('cell').allTextContents())[0]).toBe('3')
    expect(await page.getByRole('table', { name: 'Runs' }).getByRole('row').count()).toBe(1 + 3)
    await page.getByRole('group', { name: 'Outcome' }).getByRole('button', { name: 'Blocked' }).click()
    await expect.poll(() => page.getByRole('table', { name: 'Runs' }).getByRole('row').count()).toBe(1 + 2)
    expect(session.tab.consoleErrors).toEqual([])
  })

  it('opens from a trigger’s row with the trigger filter set', async () => {
    const { page } = session.tab
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Triggers' }).click()
    await page.getByRole('link', { name: 'Runs of Event Publish' }).click()
    await expect.poll(() => page.getByRole('combobox', { name: 'Trigger' }).inputValue()).toBe('event-publish')
    await expect.poll(() => page.getByRole('table', { name: 'Runs' }).getByRole('row').count()).toBe(1 + 3)
    await page.getByRole('group', { name: 'Outcome' }).getByRole('button', { name: 'Blocked' }).click()
    await expect.poll(() => page.getByRole('table', { name: 'Runs' }).getByRole('row').count()).toBe(1 + 2)
    expect(session.tab.consoleErrors).toEqual([])
  })

  it('opens a blocked run with its trace on the graph, and replays it', async () => {
    const { page } = session.tab
    await page.getByRole('table', { name: 'Runs' }).getByRole('link').first().click()
    await page.getByRole('heading', { level: 1, name: 'Run of PAP:RED and tlp:red Blocking' }).waitFor()
    const graph = page.getByRole('region', { name: 'Run trace graph' })
    await graph.getByText(/^Stop execution — [a-z-]+, [\d.]+ ms$/).waitFor()
    await graph.getByText(/^IF :: Tag — success, [\d.]+ ms$/).waitFor()
    const trace = page.getByRole('table', { name: 'Trace' })
    expect(await trace.getByRole('cell', { name: 'stop-execution' }).count()).toBe(1)
    // The data a node saw is stored by reference to the run's input and derived again for the page.
    await trace.getByText('Show', { exact: true }).first().click()
    const seen = await trace.locator('pre').first().textContent()
    expect(seen).toContain('"_AttributeFlattened"')
    expect(seen).toContain('tlp:red')
    expect(await page.getByRole('alert').textContent()).toMatch(/Execution stopped/)
    const before = page.url()
    await page.getByRole('button', { name: 'Replay with the graph that ran' }).click()
    await expect.poll(() => page.url()).not.toBe(before)
    await page
      .getByRole('definition')
      .filter({ hasText: /^replay$/ })
      .waitFor()
    await page
      .getByRole('definition')
      .filter({ hasText: /^blocked/ })
      .waitFor()
    expect(session.tab.consoleErrors).toEqual([])
  })
})

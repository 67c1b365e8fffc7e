/**
 * Pictures of the workflow editor for the README (docs/screenshots/): the PAP:RED/tlp:red
 * blocking workflow open in the editor with a node's form, and the same workflow after a run
 * from the editor with the trace drawn on the nodes. Taken in Chromium from the real built app
 * over a fresh temporary database. Run: `node test/e2e/editor-screenshots.ts`.
 */
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { loadWorkflowJson } from '../../src/engine/index.ts'
import { createBuiltinRegistry } from '../../src/modules/index.ts'
import { sharedJson } from '../harness/shared.ts'
import { launchBrowser, openPage, signIn, startSluice } from './harness.ts'

const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
const PAP_RED = 'fixtures/misp-workflow-blueprints/blueprint_pap_red-and-tlp_red-blocking_1661328258.json'

const sluice = await startSluice()
const browser = await launchBrowser()
try {
  const registry = createBuiltinRegistry()
  await sluice.platform.settings.set('Plugin.Workflow_enable', true)
  await sluice.platform.settings.set('Plugin.Workflow_triggers_event-publish', true)
  const { record } = loadWorkflowJson(sharedJson(PAP_RED), 'event-publish', (id) => registry.trigger(id)?.descriptor)
  await sluice.platform.workflows.install(record)
  const { page } = await openPage(browser, sluice.baseUrl)
  await signIn(page)
  await page.goto('/#/workflows/editor/event-publish')
  await page.getByRole('region', { name: /\(node 1\)$/ }).waitFor()
  await page.getByRole('button', { name: 'Auto-layout' }).click()
  await page.getByRole('button', { name: 'Fit view', exact: true }).click()
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await page.getByRole('status', { name: 'Save state' }).filter({ hasText: '✓ Saved' }).waitFor()
  await page.getByRole('region', { name: /^IF :: Tag \(node/ }).click()
  await page.getByRole('region', { name: 'Node settings: IF :: Tag' }).waitFor()
  await page.getByRole('button', { name: 'Fit view', exact: true }).click()
  mkdirSync(OUT, { recursive: true })
  await page.screenshot({ path: `${OUT}editor.png` })

  await page.getByRole('button', { name: 'Run…' }).click()
  const panel = page.getByRole('region', { name: 'Run the workflow' })
  await page.getByRole('button', { name: 'Fit view', exact: true }).click()
  await panel.getByRole('button', { name: 'Run workflow' }).click()
  await panel.getByRole('figure', { name: 'Run result' }).waitFor()
  await page
    .getByRole('note')
    .filter({ hasText: 'Run: blocked' })
    .waitFor()
    .catch(async (error) => {
      console.error(await panel.getByRole('figure', { name: 'Run result' }).innerText())
      throw error
    })
  await page.getByRole('region', { name: /^Stop execution \(node/ }).click()
  await panel.getByText(/^What node \d+ saw$/).waitFor()
  await page.screenshot({ path: `${OUT}editor-run-trace.png` })
  console.log(`wrote ${OUT}editor.png and ${OUT}editor-run-trace.png`)
} finally {
  await browser.close()
  await sluice.close()
}

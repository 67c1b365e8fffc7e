/**
 * `npm run screenshots`: the README's pictures of the web app (docs/screenshots/), taken in
 * Chromium from the real built app over a fresh temporary database seeded through MISP's API:
 * the triggers index, an event whose publishing a blocking workflow vetoed, the runs chart and
 * a run's trace.
 */
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { loadWorkflowJson } from '../../src/engine/index.ts'
import { createBuiltinRegistry } from '../../src/modules/index.ts'
import { call } from '../harness/http.ts'
import { sharedJson } from '../harness/shared.ts'
import { launchBrowser, openPage, signIn, startSluice } from './harness.ts'

const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
const PAP_RED = 'fixtures/misp-workflow-blueprints/blueprint_pap_red-and-tlp_red-blocking_1661328258.json'

const sluice = await startSluice()
const browser = await launchBrowser()
try {
  const { platform, baseUrl, adminKey: key } = sluice
  const registry = createBuiltinRegistry()
  await platform.settings.set('Plugin.Workflow_enable', true)
  await platform.settings.set('Plugin.Workflow_triggers_event-publish', true)
  const { record } = loadWorkflowJson(sharedJson(PAP_RED), 'event-publish', (id) => registry.trigger(id)?.descriptor)
  await platform.workflows.install(record)
  const events: string[] = []
  for (let index = 0; index < 24; index++) {
    const tag = index % 3 === 0 ? 'tlp:red' : 'tlp:green'
    const body = {
      Event: {
        info: `Campaign ${index + 1}`,
        Attribute: [{ type: 'ip-src', value: `198.51.100.${index + 1}`, Tag: [{ name: tag }] }],
      },
    }
    const created = await call(baseUrl, 'POST', '/events/add', { key, body })
    events.push(created.json.Event.id)
    await call(baseUrl, 'POST', `/events/publish/${created.json.Event.id}`, { key })
    await new Promise((resolve) => setTimeout(resolve, 40))
  }
  mkdirSync(OUT, { recursive: true })
  const { page } = await openPage(browser, baseUrl)
  await signIn(page, key, '#/triggers')
  await page.getByRole('table', { name: 'Triggers' }).waitFor()
  await page.screenshot({ path: `${OUT}triggers.png`, fullPage: true })

  await page.goto(`/#/events/${events[0]}`)
  await page.getByRole('button', { name: 'Publish', exact: true }).click()
  await page.getByRole('alert').waitFor()
  await page.screenshot({ path: `${OUT}event-veto.png`, fullPage: true })

  await page.goto('/#/runs')
  await page.getByRole('img', { name: /^Runs over time/ }).waitFor()
  await page.screenshot({ path: `${OUT}runs-chart.png` })

  await page.getByRole('group', { name: 'Outcome' }).getByRole('button', { name: 'Blocked' }).click()
  await page.getByRole('table', { name: 'Runs' }).getByRole('link').first().click()
  await page
    .getByRole('region', { name: 'Run trace graph' })
    .getByText(/Stop execution —/)
    .waitFor()
  await page.screenshot({ path: `${OUT}run-trace.png`, fullPage: true })
  process.stdout.write(`Screenshots written to ${OUT}\n`)
} finally {
  await browser.close()
  await sluice.close()
}

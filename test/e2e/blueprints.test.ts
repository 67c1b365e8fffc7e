/**
 * Blueprints in Chromium (issue #6): every MISP blueprint file of
 * `../shared/fixtures/misp-workflow-blueprints/` is imported through the page's file field and
 * opened, its graph drawn with every node, without a single error in the browser console; then
 * one is exported and deleted from the list.
 */
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { sharedJson } from '../harness/shared.ts'
import { describeBrowser, useSignedInSluice } from './harness.ts'

const FOLDER = fileURLToPath(new URL('../../../shared/fixtures/misp-workflow-blueprints/', import.meta.url))
const FILES = readdirSync(FOLDER)
  .filter((name) => name.endsWith('.json'))
  .sort()

describeBrowser('Blueprints pages', () => {
  const session = useSignedInSluice({ hash: '#/blueprints' })

  it(`imports and opens each of the ${FILES.length} MISP blueprint files without a console error`, async () => {
    const { page } = session.tab
    expect(FILES.length).toBeGreaterThan(0)
    for (const file of FILES) {
      const blueprint = sharedJson(`fixtures/misp-workflow-blueprints/${file}`).WorkflowBlueprint
      await page.goto('/#/blueprints')
      await page.getByRole('table', { name: 'Blueprints' }).waitFor()
      await page.getByText('Import a blueprint').click()
      await page.getByLabel('Blueprint file').setInputFiles(`${FOLDER}${file}`)
      await page.getByRole('heading', { level: 1, name: `Blueprint: ${blueprint.name}` }).waitFor()
      const graph = page.getByRole('region', { name: 'Blueprint graph' })
      // Each node is drawn with its module's name; a trigger node says it is the trigger.
      type BlueprintNode = { data: { name: string; module_type: string } }
      const names = new Set<string>(
        blueprint.data.map(({ data }: BlueprintNode) =>
          data.module_type === 'trigger' ? `${data.name} (trigger)` : data.name,
        ),
      )
      for (const name of names) {
        await graph.getByText(name, { exact: true }).first().waitFor()
      }
      const nodes = page.getByRole('definition').nth(4)
      expect(await nodes.textContent(), file).toBe(String(blueprint.data.length))
      expect(session.tab.consoleErrors, file).toEqual([])
    }
    await page.goto('/#/blueprints')
    const table = page.getByRole('table', { name: 'Blueprints' })
    for (const file of FILES) {
      const { name } = sharedJson(`fixtures/misp-workflow-blueprints/${file}`).WorkflowBlueprint
      await table.getByRole('link', { name, exact: true }).first().waitFor()
    }
  })

  it('exports a blueprint as MISP’s file and deletes it', async () => {
    const { page } = session.tab
    const { name } = sharedJson(`fixtures/misp-workflow-blueprints/${FILES[0]}`).WorkflowBlueprint
    await page.goto('/#/blueprints')
    const downloading = page.waitForEvent('download')
    await page
      .getByRole('button', { name: `Export ${name}` })
      .first()
      .click()
    const download = await downloading
    expect(download.suggestedFilename()).toMatch(/^blueprint_[a-z0-9:_./-]+_\d+\.json$/)
    const exported = JSON.parse(
      await (await import('node:fs/promises')).readFile((await download.path()) as string, 'utf8'),
    )
    expect(exported.WorkflowBlueprint.name).toBe(name)
    const before = await page.getByRole('button', { name: `Delete ${name}` }).count()
    page.once('dialog', (dialog) => dialog.accept())
    await page
      .getByRole('button', { name: `Delete ${name}` })
      .first()
      .click()
    await expect.poll(() => page.getByRole('button', { name: `Delete ${name}` }).count()).toBe(before - 1)
    expect(session.tab.consoleErrors).toEqual([])
  })
})

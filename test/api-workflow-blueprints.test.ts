/**
 * MISP's `/workflowBlueprints/…` API over real HTTP on every test database (spec/ENGINE.md §6.3,
 * §7), and the byte compatibility of exports: every published MISP blueprint file
 * (shared/fixtures/misp-workflow-blueprints, read in place) is imported, exported and compared
 * with the file byte for byte. Three differences are stated and checked exactly, not ignored:
 *
 *   1. `id` is the id Sluice gave the blueprint (MISP exports its own database id too);
 *   2. `mermaid` of the eight files MISP generated under PHP 7 lacks the first node's edges;
 *      Sluice's has them (docs/differences-from-misp.md "Mermaid export");
 *   3. five older files are indented with two spaces and end with a newline; MISP's export
 *      (PHP's JSON_PRETTY_PRINT) and Sluice's use four spaces and no final newline.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { blueprintToMermaid } from '../src/engine/index.ts'
import { createBuiltinRegistry } from '../src/modules/index.ts'
import { resolveServeSettings } from '../src/cli/commands/serve.ts'
import { testDatabases } from './harness/databases.ts'
import { call, startServe } from './harness/http.ts'
import { startWorkflowApi, type WorkflowApiServer } from './harness/workflow-api.ts'

const FOLDER = fileURLToPath(new URL('../../shared/fixtures/misp-workflow-blueprints/', import.meta.url))
const FILES = [
  'blueprint_attach-tlp_clear-on-tlp_white_1661328256.json',
  'blueprint_curation---allow-curation-process.json',
  'blueprint_curation---assign-a-country-galaxycluster-on-ips.json',
  'blueprint_curation---assign-threat-level-based-on-enriched-location.json',
  'blueprint_curation---normalize-tlp-&-pap-tag.json',
  'blueprint_curation---remove-automation-flag-from-data-having-correlation-with-predefined-feed.json',
  'blueprint_curation---remove-automation-flag-from-false-positive-tripping-over-warninglist.json',
  'blueprint_curation---remove-automation-flag-from-known-non-malicious-hashes.json',
  'blueprint_curation---toggle-automation-flag-from-network-ioc-based-on-abuseipdb.json',
  'blueprint_curation---toggle-automation-flag-from-urls-based-on-google-safe-browsing.json',
  'blueprint_disable-to_ids-flag-for-existing-hash-in-hashlookup_1667228944.json',
  'blueprint_pap_red-and-tlp_red-blocking_1661328258.json',
  'blueprint_set-tag-based-on-bgp-ranking-maliciousness-level_1668498668.json',
]
const read = (name: string) => readFileSync(`${FOLDER}${name}`, 'utf8')
const isTwoSpace = (text: string) => text.startsWith('{\n  "WorkflowBlueprint"')

const registry = createBuiltinRegistry()

/** The files whose `mermaid` field MISP computed under PHP 7, without the list's first node. */
const RENDERED_BY_PHP7 = FILES.filter((name) => name.startsWith('blueprint_curation---') && name !== FILES[1])

/**
 * The file's text as Sluice must export it: the file with Sluice's id and, for the PHP 7 files,
 * Sluice's Mermaid text, after checking that the file's is exactly the picture without the first node.
 */
function expectedExport(name: string, fileText: string, sluiceId: string, sluiceMermaid: string): string {
  const file = JSON.parse(fileText).WorkflowBlueprint
  let text = fileText.replace(`"id": "${file.id}"`, `"id": "${sluiceId}"`)
  expect(sluiceMermaid).toBe(blueprintToMermaid(file.data, registry))
  if (RENDERED_BY_PHP7.includes(name)) {
    expect(file.mermaid).toBe(blueprintToMermaid(file.data.slice(1), registry))
    expect(sluiceMermaid).not.toBe(file.mermaid)
    text = text.replace(JSON.stringify(file.mermaid), JSON.stringify(sluiceMermaid))
  }
  return text
}

for (const db of testDatabases()) {
  describe(`${db.name}: /workflowBlueprints`, () => {
    let server: WorkflowApiServer
    let send: WorkflowApiServer['send']
    const ids = new Map<string, string>()
    beforeAll(async () => {
      server = await startWorkflowApi(db, { blueprintsDir: FOLDER })
      send = server.send
    })
    afterAll(async () => server.close())

    describe('import and export of MISP’s published files (byte compatibility)', () => {
      it('reads the 13 files of the fixture folder', () => {
        expect(FILES.map(read).length).toBe(13)
      })
      for (const name of FILES) {
        it(`${name}: imports, and exports byte for byte as MISP’s file`, async () => {
          const fileText = read(name)
          const imported = await send('POST', '/workflowBlueprints/import', {
            body: { WorkflowBlueprint: { json: fileText } },
          })
          expect(imported.status).toBe(200)
          const blueprint = imported.json.WorkflowBlueprint
          const file = JSON.parse(fileText).WorkflowBlueprint
          expect(blueprint).toMatchObject({
            uuid: file.uuid,
            name: file.name,
            timestamp: file.timestamp,
            default: false,
          })
          expect(blueprint.data).toEqual(file.data)
          ids.set(name, blueprint.id)

          const exported = await send('GET', `/workflowBlueprints/export/${blueprint.id}`)
          expect(exported.status).toBe(200)
          expect(exported.headers.get('content-type')).toMatch(/^application\/json/)
          expect(exported.headers.get('content-disposition')).toMatch(
            /^attachment; filename="blueprint_[a-z0-9.&_-]+_[0-9]+\.json"$/,
          )
          const expected = expectedExport(name, fileText, blueprint.id, blueprint.mermaid)
          if (isTwoSpace(fileText)) {
            expect(exported.text).toBe(JSON.stringify(JSON.parse(expected), null, 4))
            expect(`${JSON.stringify(JSON.parse(exported.text), null, 2)}\n`).toBe(expected)
          } else {
            expect(exported.text).toBe(expected)
          }
        })
      }
      it('differs in `mermaid` from exactly the eight files MISP rendered under PHP 7', async () => {
        const differing: string[] = []
        for (const name of FILES) {
          const view = await send('GET', `/workflowBlueprints/view/${ids.get(name)}`)
          if (view.json.WorkflowBlueprint.mermaid !== JSON.parse(read(name)).WorkflowBlueprint.mermaid)
            differing.push(name)
        }
        expect(differing).toEqual(RENDERED_BY_PHP7)
        expect(differing).toHaveLength(8)
      })
      it('refuses a second import of the same uuid with MISP’s message, and a file that is not JSON', async () => {
        const again = await send('POST', '/workflowBlueprints/import', {
          body: { WorkflowBlueprint: { json: read(FILES[0]) } },
        })
        expect(again.status).toBe(403)
        expect(again.json).toMatchObject({
          saved: false,
          name: 'Could not add workflowBlueprint',
          url: '/workflow_blueprints/import',
          errors: { uuid: ['The UUID provided is not unique'] },
        })
        const broken = await send('POST', '/workflowBlueprints/import', { body: { WorkflowBlueprint: { json: '{' } } })
        expect(broken.status).toBe(403)
        expect(Object.keys(broken.json.errors)).toEqual(['json'])
      })
      it('imports its own export again after a delete, to the same export', async () => {
        const id = ids.get(FILES[11])!
        const first = (await send('GET', `/workflowBlueprints/export/${id}`)).text
        const deleted = await send('POST', `/workflowBlueprints/delete/${id}`)
        expect(deleted.json).toEqual({
          saved: true,
          success: true,
          name: 'WorkflowBlueprint deleted.',
          message: 'WorkflowBlueprint deleted.',
          url: `/workflow_blueprints/delete/${id}`,
          id,
        })
        const imported = await send('POST', '/workflow_blueprints/import.json', {
          body: { WorkflowBlueprint: { json: first } },
        })
        expect(imported.status).toBe(200)
        const newId = imported.json.WorkflowBlueprint.id
        ids.set(FILES[11], newId)
        const second = (await send('GET', `/workflowBlueprints/export/${newId}`)).text
        expect(second).toBe(first.replace(`"id": "${id}"`, `"id": "${newId}"`))
      })
    })

    describe('index, view, add, edit, delete', () => {
      it('lists blueprints in MISP’s shape with filters', async () => {
        const all = await send('GET', '/workflowBlueprints/index.json')
        expect(all.status).toBe(200)
        expect(all.json).toHaveLength(13)
        expect(Object.keys(all.json[0].WorkflowBlueprint)).toEqual([
          'id',
          'uuid',
          'name',
          'description',
          'timestamp',
          'data',
          'default',
          'mermaid',
        ])
        const quick = await send('GET', '/workflowBlueprints/index/quickFilter:curation')
        expect(quick.json).toHaveLength(9)
        const byUuid = await send('POST', '/workflowBlueprints/index', {
          body: { uuid: '1b51bef9-ed0e-4d49-b3ea-5acecd3d5d31' },
        })
        expect(byUuid.json.map((row: any) => row.WorkflowBlueprint.name)).toEqual(['PAP:RED and tlp:red Blocking'])
      })
      it('views one, as Mermaid and DOT with format:, and on Sluice’s graph routes', async () => {
        const id = ids.get(FILES[11])!
        const view = await send('GET', `/workflowBlueprints/view/${id}`)
        expect(view.json.WorkflowBlueprint.mermaid).toBe(
          'flowchart LR\n    53[/"fas:fa-code-branch  IF :: Tag"/] --> 54["fas:fa-ban  Stop execution"]\n',
        )
        const mermaid = await send('GET', `/workflowBlueprints/view/${id}/format:mermaid`)
        expect(mermaid.json).toEqual({ message: view.json.WorkflowBlueprint.mermaid })
        const dot = await send('GET', `/workflowBlueprints/view/${id}/format:dot`)
        expect(dot.json.message).toBe(
          'digraph G {\n  {\n    53 [margin="0", shape="parallelogram", label="IF :: Tag"]\n    54 [margin="0", shape="box", label="Stop execution"]\n  }\n    53 -> 54 []\n}',
        )
        expect((await send('GET', `/sluice/blueprints/${id}/graph.mmd`)).text).toBe(view.json.WorkflowBlueprint.mermaid)
        expect((await send('GET', `/sluice/blueprints/${id}/graph.dot`)).text).toBe(dot.json.message)
        const missing = await send('GET', '/workflowBlueprints/view/999')
        expect(missing.status).toBe(404)
        expect(missing.json.message).toBe('Invalid workflow blueprint')
      })
      it('adds one from a JSON string of nodes, lower-casing its uuid and forcing default to false', async () => {
        const nodes = JSON.parse(read(FILES[11])).WorkflowBlueprint.data
        const added = await send('POST', '/workflowBlueprints/add/1', {
          body: {
            WorkflowBlueprint: {
              name: 'Mine',
              description: '[event-publish]',
              data: JSON.stringify(nodes),
              uuid: 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE',
              default: true,
              id: 77,
            },
          },
        })
        expect(added.status).toBe(200)
        expect(added.json.WorkflowBlueprint).toMatchObject({
          name: 'Mine',
          uuid: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
          default: false,
        })
        expect(added.json.WorkflowBlueprint.id).not.toBe('77')
        expect(added.json.WorkflowBlueprint.data).toEqual(nodes)
      })
      it('refuses a missing name, a bad uuid and data that is not a node list, naming each field, and stores nothing', async () => {
        const result = await send('POST', '/workflowBlueprints/add', {
          body: { description: '', uuid: 'nope', data: '{"a": 1}' },
        })
        expect(result.status).toBe(403)
        expect(result.json.name).toBe('Could not add workflowBlueprint')
        expect(Object.keys(result.json.errors).sort()).toEqual(['data', 'name', 'uuid'])
        expect(result.json.errors.uuid).toEqual(['Please provide a valid RFC 4122 UUID'])
        expect((await send('GET', '/workflowBlueprints/index')).json).toHaveLength(14)
      })
      it('edits only the fields sent and clears default', async () => {
        const id = ids.get(FILES[0])!
        const before = (await send('GET', `/workflowBlueprints/view/${id}`)).json.WorkflowBlueprint
        const edited = await send('PUT', `/workflowBlueprints/edit/${id}`, {
          body: { WorkflowBlueprint: { name: 'Renamed' } },
        })
        expect(edited.status).toBe(200)
        expect(edited.json.WorkflowBlueprint).toMatchObject({
          name: 'Renamed',
          uuid: before.uuid,
          description: before.description,
        })
        expect(edited.json.WorkflowBlueprint.data).toEqual(before.data)
        const bad = await send('POST', `/workflowBlueprints/edit/${id}`, { body: { name: '' } })
        expect(bad.status).toBe(403)
        expect(bad.json).toMatchObject({ name: 'Could not edit workflowBlueprint', id })
      })
    })

    describe('POST /workflowBlueprints/update (§7.3)', () => {
      it('overwrites stored blueprints with a newer file, marks them default, and leaves the rest', async () => {
        const result = await send('POST', '/workflowBlueprints/update')
        expect(result.status).toBe(200)
        expect(result.json).toMatchObject({
          saved: true,
          success: true,
          name: 'Default workflow blueprints updated',
          url: '/workflow_blueprints/update',
          report: { created: 0, updated: 0, unchanged: 13 },
        })
      })
      it('with force, overwrites every blueprint of the folder, keeping ids, as default ones', async () => {
        const id = ids.get(FILES[0])!
        const result = await send('POST', '/workflowBlueprints/update/true')
        expect(result.json.report).toEqual({ created: 0, updated: 13, unchanged: 0 })
        const view = (await send('GET', `/workflowBlueprints/view/${id}`)).json.WorkflowBlueprint
        expect(view).toMatchObject({ name: 'Attach tlp:clear on tlp:white', default: true })
      })
      it('creates the missing ones, ignoring the files’ ids', async () => {
        const id = ids.get(FILES[5])!
        await send('POST', `/workflowBlueprints/delete/${id}`)
        const result = await send('PUT', '/workflowBlueprints/update')
        expect(result.json.report).toEqual({ created: 1, updated: 0, unchanged: 12 })
        const rows = (await send('GET', '/workflowBlueprints/index')).json.map((row: any) => row.WorkflowBlueprint)
        const recreated = rows.find((row: any) => row.uuid === JSON.parse(read(FILES[5])).WorkflowBlueprint.uuid)
        expect(recreated.default).toBe(true)
        expect(Number(recreated.id)).toBeGreaterThan(14)
      })
    })
  })

  describe(`${db.name}: /workflowBlueprints/update without a folder`, () => {
    let server: WorkflowApiServer
    beforeAll(async () => {
      server = await startWorkflowApi(db)
    })
    afterAll(async () => server.close())
    it('answers 404 with MISP’s message', async () => {
      const result = await server.send('POST', '/workflowBlueprints/update')
      expect(result.status).toBe(404)
      expect(result.json.message).toBe('Default blueprints could not be loaded or `` folder is empty')
    })
  })
}

describe('sluice serve --blueprints', () => {
  it('loads MISP’s blueprint folder through /workflowBlueprints/update in a real server process', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-blueprints-'))
    const key = 'B'.repeat(40)
    const instance = await startServe(['--data', dataDir, '--port', '0', '--blueprints', FOLDER], {
      SLUICE_ADMIN_KEY: key,
    })
    try {
      const result = await call(instance.baseUrl, 'POST', '/workflowBlueprints/update', { key })
      expect(result.status).toBe(200)
      expect(result.json.report).toEqual({ created: 13, updated: 0, unchanged: 0 })
      const index = await call(instance.baseUrl, 'GET', '/workflowBlueprints/index', { key })
      expect(index.json.every((row: any) => row.WorkflowBlueprint.default === true)).toBe(true)
    } finally {
      await instance.stop()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
  it('takes the folder from SLUICE_BLUEPRINTS_DIR, the flag winning', () => {
    expect(resolveServeSettings({}, { SLUICE_BLUEPRINTS_DIR: '/srv/blueprints' }).blueprintsDir).toBe('/srv/blueprints')
    expect(resolveServeSettings({ blueprints: '/a' }, { SLUICE_BLUEPRINTS_DIR: '/b' }).blueprintsDir).toBe('/a')
    expect(resolveServeSettings({}, {}).blueprintsDir).toBeUndefined()
  })
})

/// <reference lib="dom" />
/**
 * Editor benchmark in Chromium (issue #6, "What must hold"): the built web app served by Sluice
 * on a temporary SQLite database.
 *
 *   1. A 200-node workflow on `event-publish` (a binary tree of IF :: Tag nodes with action
 *      leaves) opens, and is interactive (a click on a node opens its settings): target 1 s.
 *   2. A tag picker over 20,000 tags: each keystroke's results show within 100 ms. The search is
 *      server-side (`/tags/index/searchall:`), the page never holds the full list.
 *
 * Run: `node bench/editor.ts` (Node 24 from node_modules). Prints a JSON summary.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { launchBrowser } from '../test/e2e/harness.ts'
import { buildApp } from '../src/api/index.ts'
import { createBuiltinRegistry } from '../src/modules/index.ts'
import { bootstrap, createPlatform } from '../src/platform/index.ts'
import { openDatabase } from '../src/store/index.ts'
import { buildWeb, isWebBuildStale, WEB_DIR } from '../web/build-if-stale.ts'
import type { ModuleDescriptor } from '../src/engine/contract/index.ts'
import { readDrawflow, writeDrawflow, type DocEdge } from '../web/src/editor/model/drawflow.ts'
import { createNode } from '../web/src/editor/model/new-node.ts'

const ADMIN_KEY = 'BenchAdminKey'.padEnd(40, '0')
const TAG_COUNT = 20_000
const NODE_COUNT = 200
const NAMESPACES = [
  'osint',
  'circl',
  'estimative-language',
  'admiralty-scale',
  'kill-chain',
  'veris',
  'ms-caro-malware',
  'malware_classification',
  'enisa',
  'workflow',
]
const WORDS = [
  'phishing',
  'ransomware',
  'botnet',
  'exfiltration',
  'reconnaissance',
  'credential',
  'dropper',
  'loader',
  'beacon',
  'scanner',
]

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]
}

async function main() {
  if (isWebBuildStale()) buildWeb()
  const folder = mkdtempSync(join(tmpdir(), 'sluice-bench-editor-'))
  const store = await openDatabase(`sqlite:${join(folder, 'sluice.sqlite')}`)
  const platform = createPlatform({ store, registry: createBuiltinRegistry() })
  await bootstrap(platform, { adminKey: ADMIN_KEY })
  await platform.settings.set('Plugin.Workflow_enable', true)
  const app = buildApp({ platform, version: '0.1.0', webRoot: join(WEB_DIR, 'dist') })
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 })
  const rest = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { Authorization: ADMIN_KEY, Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
    return response.json() as Promise<any>
  }

  // 20,000 tags straight into the store (the API would take minutes and measure nothing here).
  const names: string[] = []
  for (let i = 0; i < TAG_COUNT; i++)
    names.push(`${NAMESPACES[i % NAMESPACES.length]}:${WORDS[(i >> 3) % WORDS.length]}="${String(i).padStart(5, '0')}"`)
  names.push('tlp:red', 'PAP:RED')
  for (let i = 0; i < names.length; i += 500) {
    await store.db
      .insertInto('tags')
      .values(names.slice(i, i + 500).map((name) => ({ name })))
      .execute()
  }

  // The 200-node workflow: a binary tree of IF :: Tag nodes, action leaves.
  const opened = await rest('GET', '/workflows/editor/event-publish')
  const workflow = opened.Workflow ?? opened
  const modules = [...(await rest('GET', '/workflows/moduleIndex/type:all'))] as ModuleDescriptor[]
  const tagIf = modules.find((m) => m.id === 'tag-if') as ModuleDescriptor
  const action = modules.find((m) => m.id === 'push-zmq') as ModuleDescriptor
  const doc = readDrawflow(typeof workflow.data === 'string' ? JSON.parse(workflow.data) : workflow.data)
  const edges: DocEdge[] = []
  const depthOf = (t: number) => Math.floor(Math.log2(t))
  const rowIn = new Map<number, number>()
  for (let k = 2; k <= NODE_COUNT; k++) {
    const t = k - 1
    const depth = depthOf(t)
    const row = rowIn.get(depth) ?? 0
    rowIn.set(depth, row + 1)
    const node = createNode(2 * t <= NODE_COUNT - 1 ? tagIf : action, k, (depth + 1) * 340, row * 170 - 2 ** depth * 85)
    doc.nodes[String(k)] = node
    doc.order.push(String(k))
    const parent = t === 1 ? 1 : Math.floor(t / 2) + 1
    const port = t === 1 ? 'output_1' : t % 2 === 0 ? 'output_1' : 'output_2'
    edges.push({
      id: `${parent}:${port}->${k}:input_1`,
      source: String(parent),
      sourcePort: port,
      target: String(k),
      targetPort: 'input_1',
    })
  }
  doc.edges = edges
  await rest('POST', `/workflows/edit/${workflow.id}`, { Workflow: { data: JSON.stringify(writeDrawflow(doc)) } })

  const browser = await launchBrowser()
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1400, height: 900 } })
  const page = await context.newPage()
  page.on('console', (message) => message.type() === 'error' && console.error('browser:', message.text()))
  page.on(
    'response',
    (response) => response.status() >= 400 && console.error('http', response.status(), response.url()),
  )
  page.on('pageerror', (error) => console.error('browser:', error.message))
  await page.goto('/#/triggers')
  await page.getByLabel('API key', { exact: true }).fill(ADMIN_KEY)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('navigation', { name: 'Main' }).waitFor()

  const opens: Array<{ shownMs: number; interactiveMs: number }> = []
  for (let round = 0; round < 5; round++) {
    await page.evaluate(() => {
      location.hash = '#/triggers'
    })
    await page.getByRole('navigation', { name: 'Main' }).waitFor()
    await page.waitForTimeout(200)
    const t0 = Date.now()
    await page.evaluate(() => {
      location.hash = '#/workflows/editor/event-publish'
    })
    // Ready: the first node is drawn (React Flow renders only the nodes in the viewport).
    const firstNode = page.getByRole('region', { name: /\(node \d+\)$/ }).first()
    await firstNode.waitFor()
    const shown = Date.now() - t0
    // Interactive: a click on a node opens its settings.
    const name = ((await firstNode.getAttribute('aria-label')) ?? '').replace(/ \(node \d+\)$/, '')
    await firstNode.click()
    await page.getByRole('region', { name: `Node settings: ${name}` }).waitFor()
    opens.push({ shownMs: shown, interactiveMs: Date.now() - t0 })
  }
  const renderedNodes = await page.locator('.react-flow__node').count()
  // Then as much of the graph as fits (React Flow's 10 % minimum zoom): "Fit view" until the
  // nodes that come into view are drawn.
  const fitStart = Date.now()
  await page.getByRole('button', { name: 'Fit view', exact: true }).click()
  await page.waitForFunction((count) => document.querySelectorAll('.react-flow__node').length > count, renderedNodes)
  const fitAllMs = Date.now() - fitStart
  const renderedAfterFit = await page.locator('.react-flow__node').count()
  // The picker of an IF :: Tag node.
  await page.getByRole('button', { name: /^Problems/ }).click()
  await page.evaluate(() => {
    location.hash = '#/triggers'
  })
  await page.evaluate(() => {
    location.hash = '#/workflows/editor/event-publish'
  })
  await page.getByRole('region', { name: 'IF :: Tag (node 2)' }).click()

  // Tag picker: type a query one key at a time; wait for results answering each prefix.
  const search = page.getByRole('combobox', { name: 'Tags search' })
  // In the page: when each key went down, and when the listbox first showed results for the
  // query that key made (a MutationObserver on the listbox's `data-results-for`).
  await page.evaluate(() => {
    const w = window as unknown as { keyAt: Record<string, number>; resultsAt: Record<string, number>; lastKey: number }
    w.keyAt = {}
    w.resultsAt = {}
    w.lastKey = 0
    const box = document.querySelector<HTMLElement>('[role="listbox"][aria-label="Tags suggestions"]') as HTMLElement
    const input = document.querySelector<HTMLInputElement>(
      '[role="combobox"][aria-label="Tags search"]',
    ) as HTMLInputElement
    input.addEventListener('keydown', () => (w.lastKey = performance.now()), true)
    input.addEventListener('input', () => (w.keyAt[input.value] = w.lastKey), true)
    new MutationObserver(() => {
      const q = box.dataset.resultsFor ?? ''
      w.resultsAt[q] ??= performance.now()
    }).observe(box, { attributes: true, attributeFilter: ['data-results-for'], childList: true })
  })
  const keystrokes: Array<{ query: string; ms: number; inPageMs: number; matches: string }> = []
  for (const query of ['phishing', 'osint:beacon', '"01234"']) {
    await search.fill('')
    let typed = ''
    for (const ch of query) {
      typed += ch
      const t0 = Date.now()
      await search.press(ch === '"' ? 'Shift+Quote' : ch)
      await page
        .waitForFunction(
          (q) =>
            document.querySelector<HTMLElement>('[role="listbox"][aria-label="Tags suggestions"]')?.dataset
              .resultsFor === q,
          typed,
          { polling: 'raf', timeout: 5000 },
        )
        .catch(async (error) => {
          await page.screenshot({ path: join(folder, '..', 'bench-editor-failure.png') })
          console.error(
            'waiting for',
            JSON.stringify(typed),
            await page.evaluate(() =>
              [...document.querySelectorAll('[role="listbox"]')].map(
                (e) => `${e.getAttribute('aria-label')}=${JSON.stringify((e as HTMLElement).dataset.resultsFor)}`,
              ),
            ),
          )
          throw error
        })
      const ms = Date.now() - t0
      const inPageMs = await page.evaluate((q) => {
        const w = window as unknown as { keyAt: Record<string, number>; resultsAt: Record<string, number> }
        return Math.round(w.resultsAt[q] - w.keyAt[q])
      }, typed)
      keystrokes.push({
        query: typed,
        ms,
        inPageMs,
        matches: (await page.getByText(/match/).first().textContent()) ?? '',
      })
    }
  }
  const optionsInPage = await page.getByRole('option').count()
  const times = keystrokes.map((k) => k.ms).sort((a, b) => a - b)
  const inPage = keystrokes.map((k) => k.inPageMs).sort((a, b) => a - b)
  const summary = {
    workflowNodes: NODE_COUNT,
    open: opens,
    openMedianInteractiveMs: [...opens].map((o) => o.interactiveMs).sort((a, b) => a - b)[2],
    renderedNodesInOpeningView: renderedNodes,
    fitViewMs: fitAllMs,
    renderedNodesAfterFitView: renderedAfterFit,
    tags: names.length,
    keystrokes,
    keystrokeInPageP50Ms: percentile(inPage, 50),
    keystrokeInPageP95Ms: percentile(inPage, 95),
    keystrokeInPageMaxMs: inPage.at(-1),
    keystrokeP50Ms: percentile(times, 50),
    keystrokeP95Ms: percentile(times, 95),
    keystrokeMaxMs: times.at(-1),
    optionsInPageAfterLastKeystroke: optionsInPage,
  }
  console.log(JSON.stringify(summary, null, 2))
  await browser.close()
  await app.close()
  await platform.close()
  await store.close()
  rmSync(folder, { recursive: true, force: true })
}

await main()

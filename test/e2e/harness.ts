/**
 * The browser-test harness (issue #6): the built web app (built once per test run, only when
 * `web/dist` is missing or older than `web/src`), Sluice serving it on 127.0.0.1 over a temporary
 * SQLite database, and Debian's Chromium through playwright-core.
 *
 *   ensureWebBuilt() ─▶ startSluice() ─▶ launchBrowser() ─▶ openPage(browser, sluice) ─▶ signIn(page, sluice)
 *
 * `startSluice` runs the real `buildApp` in this process, so a test can also seed data through
 * `sluice.platform` (install a workflow, set a setting); `startSluiceProcess` runs the real
 * `sluice serve` command instead. Files that use the browser wrap their tests in
 * `describeBrowser`, which skips them, with a message, only when /usr/bin/chromium is absent.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe } from 'vitest'
import { buildApp } from '../../src/api/index.ts'
import { createBuiltinRegistry } from '../../src/modules/index.ts'
import { bootstrap, createPlatform, type LocalPlatform } from '../../src/platform/index.ts'
import { openDatabase } from '../../src/store/index.ts'
import { buildWeb, isWebBuildStale, WEB_DIR } from '../../web/build-if-stale.ts'
import { installBlueprintWorkflow } from '../harness/blueprint-workflow.ts'
import { startServe } from '../harness/http.ts'
import { sharedJson } from '../harness/shared.ts'

/** Debian's Chromium (never `npx playwright install`). */
export const CHROMIUM_PATH = '/usr/bin/chromium'

/** Whether the browser tests can run here. */
export const hasChromium = existsSync(CHROMIUM_PATH)

/** The built app served by `sluice serve`. */
export const WEB_ROOT = join(WEB_DIR, 'dist')

/** The site admin key every test server starts with (40 alphanumerics, as MISP's). */
export const ADMIN_KEY = 'E2eAdminKey0000000000000000000000000000'.padEnd(40, 'x')

/** `describe` for browser tests: skipped, with a message, when Chromium is not installed. */
export const describeBrowser: typeof describe = hasChromium
  ? describe
  : (((name: string, ...rest: unknown[]) => {
      console.warn(`${CHROMIUM_PATH} is missing: the browser tests "${name}" are skipped (apt-get install -y chromium)`)
      return (describe.skip as (...args: unknown[]) => void)(name, ...rest)
    }) as unknown as typeof describe)

/** MISP's PAP:RED/tlp:red blocking blueprint, among the shared fixtures. */
export const PAP_RED = 'fixtures/misp-workflow-blueprints/blueprint_pap_red-and-tlp_red-blocking_1661328258.json'

const LOCK_DIR = join(tmpdir(), 'sluice-web-build.lock')

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * Builds the web app when it is stale. Test files run in parallel workers, so one build at a
 * time: the first worker takes a lock folder, the others wait for it and re-check.
 */
export async function ensureWebBuilt(): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (!isWebBuildStale()) return
    try {
      mkdirSync(LOCK_DIR)
    } catch {
      // Another worker builds; a lock older than 2 minutes is left over from a killed run.
      const age = Date.now() - (statSync(LOCK_DIR, { throwIfNoEntry: false })?.mtimeMs ?? Date.now())
      if (age > 120_000) rmSync(LOCK_DIR, { recursive: true, force: true })
      await sleep(200)
      continue
    }
    try {
      if (isWebBuildStale()) buildWeb()
    } finally {
      rmSync(LOCK_DIR, { recursive: true, force: true })
    }
    return
  }
  throw new Error('the web app build did not finish in 2 minutes')
}

/** A Sluice server for one test file. */
export interface Sluice {
  baseUrl: string
  adminKey: string
  /** The platform behind the server (in-process servers only). */
  platform: LocalPlatform
  close(): Promise<void>
}

/** Builds the app over a fresh temporary SQLite database and listens on 127.0.0.1 (a free port). */
export async function startSluice(): Promise<Sluice> {
  await ensureWebBuilt()
  const folder = mkdtempSync(join(tmpdir(), 'sluice-e2e-'))
  const store = await openDatabase(`sqlite:${join(folder, 'sluice.sqlite')}`)
  const platform = createPlatform({ store, registry: createBuiltinRegistry() })
  await bootstrap(platform, { adminKey: ADMIN_KEY })
  const app = buildApp({ platform, version: '0.1.0', webRoot: WEB_ROOT })
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 })
  return {
    baseUrl,
    adminKey: ADMIN_KEY,
    platform,
    async close() {
      await app.close()
      await platform.close()
      await store.close()
      rmSync(folder, { recursive: true, force: true })
    },
  }
}

/** The real `sluice serve` on a temporary data folder; `stop()` ends it and removes the folder. */
export async function startSluiceProcess(): Promise<{ baseUrl: string; adminKey: string; close(): Promise<void> }> {
  await ensureWebBuilt()
  const folder = mkdtempSync(join(tmpdir(), 'sluice-e2e-serve-'))
  const served = await startServe(['--port', '0', '--data', folder], { SLUICE_ADMIN_KEY: ADMIN_KEY })
  return {
    baseUrl: served.baseUrl,
    adminKey: ADMIN_KEY,
    async close() {
      await served.stop()
      rmSync(folder, { recursive: true, force: true })
    },
  }
}

/** Launches headless Chromium with the flags this machine needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** A page in a fresh context (own cookies), with the browser console's errors collected. */
export interface TestPage {
  page: Page
  context: BrowserContext
  /** Console errors and uncaught exceptions seen so far. */
  consoleErrors: string[]
}

/** Opens a page on the app's origin in its own context. */
export async function openPage(browser: Browser, baseUrl: string): Promise<TestPage> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1400, height: 900 } })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  const consoleErrors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text())
  })
  page.on('pageerror', (error) => consoleErrors.push(`${error.name}: ${error.message}`))
  return { page, context, consoleErrors }
}

/**
 * Launches Chromium, opens a page and signs in as the site admin at `hash`, then forgets the
 * console errors seen so far: the app's first session probe, before signing in, answers 401 by
 * design. The browser is closed again when signing in fails.
 */
export async function openSignedIn(sluice: Sluice, hash = '#/triggers'): Promise<{ browser: Browser; tab: TestPage }> {
  const browser = await launchBrowser()
  try {
    const tab = await openPage(browser, sluice.baseUrl)
    await signIn(tab.page, sluice.adminKey, hash)
    tab.consoleErrors.length = 0
    return { browser, tab }
  } catch (error) {
    await browser.close()
    throw error
  }
}

/** A Sluice server with a Chromium tab signed in to it; `useSignedInSluice`'s `beforeAll` fills it in. */
export interface SignedInSluice {
  sluice: Sluice
  browser: Browser
  tab: TestPage
}

/** How `useSignedInSluice` prepares the server: the page to sign in at and data to seed first. */
export interface SignedInOptions {
  hash?: string
  /** Runs on the started server before the browser signs in. */
  seed?: (sluice: Sluice) => Promise<void>
}

/**
 * Registers the `beforeAll` that starts Sluice (`startSluice`), runs `options.seed` and signs a
 * fresh Chromium in at `options.hash` (`openSignedIn`), and the `afterAll` that closes the browser
 * and the server (whichever were started).
 */
export function useSignedInSluice(options: SignedInOptions = {}): SignedInSluice {
  const session = {} as SignedInSluice
  beforeAll(async () => {
    session.sluice = await startSluice()
    await options.seed?.(session.sluice)
    ;({ browser: session.browser, tab: session.tab } = await openSignedIn(session.sluice, options.hash))
  }, 120_000)
  afterAll(async () => {
    await session.browser?.close()
    await session.sluice?.close()
  })
  return session
}

/**
 * Turns workflows and the `event-publish` trigger on and installs MISP's PAP:RED/tlp:red
 * blocking blueprint on `event-publish` (it vetoes a publish with either tag).
 */
export async function installPapRedBlocking(platform: LocalPlatform): Promise<void> {
  await platform.settings.set('Plugin.Workflow_enable', true)
  await installBlueprintWorkflow(platform, sharedJson(PAP_RED), 'event-publish')
}

/** Signs in through the sign-in form with an API key and waits for the navigation to appear. */
export async function signIn(page: Page, key: string = ADMIN_KEY, hash = '#/triggers'): Promise<void> {
  await page.goto(`/${hash}`)
  await page.getByLabel('API key', { exact: true }).fill(key)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('navigation', { name: 'Main' }).waitFor()
}

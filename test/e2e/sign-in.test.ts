/**
 * Signing in to the web app served by the real `sluice serve` (issue #6): the built app at `/`
 * beside MISP's API, a wrong key refused with the server's message, the session cookie's flags,
 * the navigation, a reload that keeps the session, and sign-out.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { call } from '../harness/http.ts'
import { describeBrowser, launchBrowser, openPage, signIn, startSluiceProcess, type TestPage } from './harness.ts'

const SECTIONS = ['Triggers', 'Workflows', 'Modules', 'Blueprints', 'Runs', 'Events', 'Settings']

describeBrowser('sign-in to the web app on sluice serve', () => {
  let sluice: Awaited<ReturnType<typeof startSluiceProcess>>
  let browser: Browser
  let tab: TestPage

  beforeAll(async () => {
    sluice = await startSluiceProcess()
    browser = await launchBrowser()
    tab = await openPage(browser, sluice.baseUrl)
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await sluice?.close()
  })

  it('serves the app at / and leaves the MISP API as it was', async () => {
    const index = await call(sluice.baseUrl, 'GET', '/')
    expect(index.status).toBe(200)
    expect(index.headers.get('content-type')).toMatch(/text\/html/)
    expect(index.text).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js">/)
    const api = await call(sluice.baseUrl, 'GET', '/events/index')
    expect(api.status).toBe(403)
    expect(api.json.message).toMatch(/^Authentication failed\./)
    const unknown = await call(sluice.baseUrl, 'GET', '/no/such/page', { key: sluice.adminKey })
    expect(unknown.status).toBe(404)
  })

  it('refuses a wrong key with the server’s message', async () => {
    const { page } = tab
    await page.goto('/')
    await page.getByLabel('API key', { exact: true }).fill('x'.repeat(40))
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/^Sign-in failed/)
  })

  it('signs in with the key, sets a strict HttpOnly cookie and shows every section', async () => {
    const { page, context } = tab
    await signIn(page, sluice.adminKey)
    const cookie = (await context.cookies()).find((entry) => entry.name === 'sluice_session')
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' })
    const nav = page.getByRole('navigation', { name: 'Main' })
    for (const section of SECTIONS) {
      await nav.getByRole('link', { name: section, exact: true }).click()
      await expect
        .poll(() => nav.getByRole('link', { name: section, exact: true }).getAttribute('aria-current'))
        .toBe('page')
    }
    await page.reload()
    await nav.waitFor()
    expect(await page.getByText('admin@admin.test').count()).toBe(1)
  })

  it('signs out, and a reload stays signed out', async () => {
    const { page } = tab
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('heading', { name: 'Sign in to Sluice' }).waitFor()
    await page.reload()
    await page.getByRole('heading', { name: 'Sign in to Sluice' }).waitFor()
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0)
  })

  it('signs in with an e-mail address and password', async () => {
    const { page } = tab
    const password = 'Sluice-e2e-password-42'
    const edit = await call(sluice.baseUrl, 'POST', '/admin/users/edit/1', {
      key: sluice.adminKey,
      body: { User: { password } },
    })
    expect(edit.status).toBe(200)
    await page.getByRole('radio', { name: 'Use an e-mail address and password' }).check()
    await page.getByLabel('E-mail', { exact: true }).fill('admin@admin.test')
    await page.getByLabel('Password', { exact: true }).fill(password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('navigation', { name: 'Main' }).waitFor()
    expect(await page.getByText('admin@admin.test').count()).toBe(1)
  })
})

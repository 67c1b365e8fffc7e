/**
 * The Events pages in Chromium (issue #6): a user creates an event, adds an attribute, tags it
 * `tlp:red` and publishes it from the event page; with MISP's PAP:RED/tlp:red blocking
 * blueprint installed on `event-publish`, the page shows the workflow's veto in MISP's words
 * and the event stays unpublished. Without the tag, publishing goes through.
 */
import { expect, it } from 'vitest'
import { describeBrowser, installPapRedBlocking, useSignedInSluice } from './harness.ts'

describeBrowser('Events pages', () => {
  const session = useSignedInSluice({ seed: (sluice) => installPapRedBlocking(sluice.platform) })

  /** Creates an event with one ip-src attribute through the UI; answers its id. */
  async function createEvent(info: string, value: string): Promise<string> {
    const { page } = session.tab
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Events' }).click()
    await page.getByLabel('Event info').fill(info)
    await page.getByRole('button', { name: 'Create event' }).click()
    const heading = page.getByRole('heading', { level: 1, name: new RegExp(`^Event \\d+: ${info}$`) })
    await heading.waitFor()
    const form = page.getByRole('form', { name: 'Add an attribute' })
    await form.getByLabel('Type').selectOption('ip-src')
    await form.getByLabel('Value').fill(value)
    await form.getByRole('button', { name: 'Add attribute' }).click()
    await page.getByRole('table', { name: 'Attributes' }).getByRole('cell', { name: value }).waitFor()
    return /^Event (\d+):/.exec((await heading.textContent()) ?? '')?.[1] ?? ''
  }

  it('shows the blocking workflow’s veto when publishing a tlp:red event, and the event stays unpublished', async () => {
    const { page } = session.tab
    const id = await createEvent('Phishing campaign', '198.51.100.7')
    const tagForm = page.getByRole('form', { name: 'Add a tag' })
    await tagForm.getByRole('combobox', { name: 'Tag' }).fill('tlp:red')
    const option = tagForm.getByRole('option', { name: /198\.51\.100\.7/ })
    await tagForm.getByLabel('Attach to').selectOption((await option.getAttribute('value')) ?? '')
    await tagForm.getByRole('button', { name: 'Add tag' }).click()
    await page.getByRole('table', { name: 'Attributes' }).getByText('tlp:red').waitFor()

    await page.getByRole('button', { name: 'Publish', exact: true }).click()
    const alert = page.getByRole('alert')
    await alert.waitFor()
    expect(await alert.textContent()).toMatch(
      /^Event publishing failed due to a blocking module failing\. The reason for the failure: .*PAP:RED and tlp:red Blocking/,
    )
    const published = page.getByRole('definition').filter({ hasText: /^(Yes|No)$/ })
    expect(await published.textContent()).toBe('No')
    const view = (await session.sluice.platform.events.view(
      (await session.sluice.platform.users.authenticate(session.sluice.adminKey))!,
      id,
    )) as { Event: { published: boolean } }
    expect(view.Event.published).toBe(false)
    // The only failed request is the vetoed publish itself (MISP's 403).
    expect(session.tab.consoleErrors).toEqual([
      'Failed to load resource: the server responded with a status of 403 (Forbidden)',
    ])
  })

  it('publishes an event without the tag and says so', async () => {
    const { page } = session.tab
    await createEvent('Benign event', '198.51.100.8')
    await page.getByRole('button', { name: 'Publish', exact: true }).click()
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/published/i)
    await expect
      .poll(() =>
        page
          .getByRole('definition')
          .filter({ hasText: /^(Yes|No)$/ })
          .textContent(),
      )
      .toBe('Yes')
    await page.getByRole('link', { name: 'Back to the events' }).click()
    await page.getByRole('button', { name: 'Published', exact: true }).click()
    const table = page.getByRole('table', { name: 'Events' })
    // The list answering the filter replaces the unfiltered one: wait for it, not for the first render.
    await expect.poll(() => table.getByRole('link', { name: 'Phishing campaign' }).count()).toBe(0)
    await table.getByRole('link', { name: 'Benign event' }).waitFor()
  })
})

/**
 * The host's Outbound inside the platform, on every test database: a workflow's `webhook` node
 * reaches a real receiver through the dispatcher's ports, and `send-mail` / `send-log-mail`
 * deliver to a real SMTP server, with recipients resolved from the users table as MISP resolves
 * them (spec/ENGINE.md §4.3). Secrets never reach the logs or the errors.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createJinjaRenderer, createBuiltinRegistry } from '../src/modules/index.ts'
import { sendLogMail } from '../src/modules/actions/send-log-mail.ts'
import { sendMail } from '../src/modules/actions/send-mail.ts'
import type { Actor, LocalPlatform } from '../src/platform/index.ts'
import { insertOrganisation, listLogs, type Store } from '../src/store/index.ts'
import { testDatabases } from './harness/databases.ts'
import { openTestPlatform, type TestPlatform } from './harness/test-platform.ts'
import { execModule } from './harness/exec-module.ts'
import { buildGraph } from './harness/graph-builder.ts'
import { type HttpReceiver, startHttpReceiver } from './harness/http-receiver.ts'
import { type SmtpReceiver, startSmtpReceiver } from './harness/smtp-receiver.ts'

for (const db of testDatabases()) {
  describe(`${db.name}: outbound in the platform`, () => {
    let env: TestPlatform
    let store: Store
    let platform: LocalPlatform
    let admin: Actor

    const roleId = async (name: string) =>
      (await store.db.selectFrom('roles').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id
    const ports = () => ({ outbound: platform.outbound, templates: createJinjaRenderer() })

    beforeEach(async () => {
      env = await openTestPlatform(db, { registry: createBuiltinRegistry() })
      ;({ store, platform, admin } = env)
    })
    afterEach(() => env.close())

    describe('webhook in a workflow run', () => {
      let receiver: HttpReceiver
      beforeEach(async () => {
        receiver = await startHttpReceiver()
      })
      afterEach(() => receiver.close())

      it('posts the saved event from event-after-save, and keeps the header secret out of the logs', async () => {
        await platform.settings.set('Plugin.Workflow_enable', true)
        await platform.settings.set('Plugin.Workflow_triggers_event-after-save', true)
        await platform.settings.set('Sluice.outbound_allow_list', ['127.0.0.1'])
        await platform.workflows.install({
          id: 0,
          name: 'Notify',
          trigger_id: 'event-after-save',
          debug_enabled: true,
          data: buildGraph([
            { id: 1, module: 'event-after-save', type: 'trigger', outputs: { output_1: [2] } },
            {
              id: 2,
              type: 'action',
              module: 'webhook',
              params: {
                url: `${receiver.url}/events/{{ Event.uuid }}`,
                headers: 'Authorization: Bearer top-secret-value',
                payload: '{"info": "{{ Event.info }}"}',
              },
            },
          ]),
        })
        const added = await platform.events.add(admin, { Event: { info: 'Wired up' } })
        await platform.drain()
        expect(receiver.requests).toHaveLength(1)
        const [got] = receiver.requests
        expect(got?.url).toBe(`/events/${added.Event.uuid}`)
        expect(got?.headers.authorization).toBe('Bearer top-secret-value')
        expect(JSON.parse(got?.body ?? '')).toEqual({ info: 'Wired up' })
        const logs = await listLogs(store.db)
        expect(JSON.stringify(logs)).not.toContain('top-secret-value')
      })

      it('records a refused destination as the node’s error in the log', async () => {
        await platform.settings.set('Plugin.Workflow_enable', true)
        await platform.settings.set('Plugin.Workflow_triggers_event-after-save', true)
        await platform.workflows.install({
          id: 0,
          name: 'Notify',
          trigger_id: 'event-after-save',
          debug_enabled: false,
          data: buildGraph([
            { id: 1, module: 'event-after-save', type: 'trigger', outputs: { output_1: [2] } },
            { id: 2, type: 'action', module: 'webhook', params: { url: receiver.url } },
          ]),
        })
        await platform.events.add(admin, { Event: { info: 'Nowhere to go' } })
        await platform.drain()
        expect(receiver.requests).toHaveLength(0)
        const titles = (await listLogs(store.db)).map((row) => row.title)
        expect(
          titles.some((title) => title.includes('`Security.rest_client_enable_arbitrary_urls` is turned off')),
        ).toBe(true)
      })
    })

    describe('send-mail and send-log-mail', () => {
      let smtp: SmtpReceiver
      let otherOrg: number
      beforeEach(async () => {
        smtp = await startSmtpReceiver({ user: 'mailer', pass: 'smtp-pa55word' })
        await platform.settings.set('Sluice.smtp_host', '127.0.0.1')
        await platform.settings.set('Sluice.smtp_port', smtp.port)
        await platform.settings.set('Sluice.smtp_username', 'mailer')
        await platform.settings.set('Sluice.smtp_password', 'smtp-pa55word')
        await platform.settings.set('MISP.email', 'misp@sluice.test')
        otherOrg = await insertOrganisation(store.db, {
          uuid: '5f2b3c4d-0000-4000-8000-000000000001',
          name: 'Other org',
          local: 1,
          date_created: '2026-01-01 00:00:00',
          date_modified: '2026-01-01 00:00:00',
        })
        await platform.users.add(admin, { email: 'analyst@example.org', role_id: await roleId('User') })
        await platform.users.add(admin, { email: 'orgadmin@example.org', role_id: await roleId('Org Admin') })
        await platform.users.add(admin, {
          email: 'other-admin@example.org',
          role_id: await roleId('Org Admin'),
          org_id: otherOrg,
        })
        const disabled = await platform.users.add(admin, { email: 'gone@example.org', role_id: await roleId('User') })
        await platform.users.edit(admin, disabled.User.id, { disabled: true })
      })
      afterEach(() => smtp.close())

      const recipientsOf = () => smtp.mails.flatMap((mail) => mail.to).sort()
      const event = { Event: { id: '3', info: 'Ransomware note' } }

      it('sends the rendered subject and body to the site admins and the listed e-mails', async () => {
        const run = await execModule(
          sendMail,
          {
            recipients: ['All admins', 'analyst@example.org'],
            mail_template_subject: 'New event: {{ Event.info }}',
            mail_template_body: 'Event #{{ Event.id }} needs a look.',
          },
          event,
          { ports: ports() },
        )
        expect(run).toMatchObject({ result: true, errors: [] })
        expect(recipientsOf()).toEqual(['admin@admin.test', 'analyst@example.org'])
        const [mail] = smtp.mails
        expect(mail?.from).toBe('misp@sluice.test')
        expect(mail?.raw).toContain('Subject: New event: Ransomware note')
        expect(mail?.raw).toContain('Event #3 needs a look.')
        expect(smtp.logins[0]).toBe('mailer:smtp-pa55word')
      })

      it('sends to every account, disabled ones included, for `All accounts`', async () => {
        await execModule(sendMail, { recipients: ['All accounts'], mail_template_subject: 's' }, event, {
          ports: ports(),
        })
        expect(recipientsOf()).toEqual([
          'admin@admin.test',
          'analyst@example.org',
          'gone@example.org',
          'orgadmin@example.org',
          'other-admin@example.org',
        ])
      })

      it('checks recipients and subject as MISP does', async () => {
        expect(
          await execModule(sendMail, { recipients: [], mail_template_subject: 's' }, event, { ports: ports() }),
        ).toMatchObject({ result: false, errors: ['No recipient set.'] })
        expect(
          await execModule(sendMail, { recipients: ['All admins'], mail_template_subject: '{{ Event.none }}' }, event, {
            ports: ports(),
          }),
        ).toMatchObject({ result: false, errors: ['The mail template is empty.'] })
        expect(smtp.mails).toHaveLength(0)
      })

      it('resolves `Org admins` to the admins of the organisation of Log.user_id', async () => {
        const analyst = await store.db
          .selectFrom('users')
          .select('id')
          .where('email', '=', 'analyst@example.org')
          .executeTakeFirstOrThrow()
        const run = await execModule(
          sendLogMail,
          { recipients: ['Org admins'], mail_template_subject: 'Log: {{ Log.title }}' },
          { Log: { id: '9', user_id: String(analyst.id), title: 'Login failed' } },
          { ports: ports() },
        )
        expect(run.result).toBe(true)
        // The admin of the host organisation has perm_admin too.
        expect(recipientsOf()).toEqual(['admin@admin.test', 'orgadmin@example.org'])
        expect(smtp.mails[0]?.raw).toContain('Subject: Log: Login failed')
      })

      it('resolves `Org admins` of user 0 (the system) to nobody', async () => {
        const run = await execModule(
          sendLogMail,
          { recipients: ['Org admins'], mail_template_subject: 'x' },
          { Log: { id: '9', user_id: '0', title: 'System' } },
          { ports: ports() },
        )
        expect(run.result).toBe(true)
        expect(smtp.mails).toHaveLength(0)
      })

      it('reports an SMTP login failure without the password', async () => {
        await platform.settings.set('Sluice.smtp_password', 'wrong-secret-pw')
        const run = await execModule(sendMail, { recipients: ['All admins'], mail_template_subject: 's' }, event, {
          ports: ports(),
        })
        expect(run.result).toBe(false)
        expect(run.errors[0]).toMatch(/^sending the mail to admin@admin\.test failed \(EAUTH/)
        expect(run.errors.join()).not.toContain('wrong-secret-pw')
      })

      it('reports an SMTP server that is down', async () => {
        await smtp.close()
        const run = await execModule(sendMail, { recipients: ['All admins'], mail_template_subject: 's' }, event, {
          ports: ports(),
        })
        expect(run.result).toBe(false)
        expect(run.errors[0]).toMatch(
          /^sending the mail to admin@admin\.test failed \((ECONNECTION|ESOCKET) from the SMTP server 127\.0\.0\.1\)$/,
        )
      })
    })
  })
}

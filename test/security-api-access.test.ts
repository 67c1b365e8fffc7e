/**
 * Hostile requests to the MISP data API over real HTTP, on every test database: who may reach
 * what (an org admin and a site admin of its organisation, the audit log of other organisations,
 * a hidden attribute inside a visible event), and input that used to answer 500 (ids past 32
 * bits, NUL characters, huge paging values, broken named parameters, a sign-in flood).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SIGN_IN_FAILURE_LIMIT } from '../src/api/sign-in-throttle.ts'
import { testDatabases } from './harness/databases.ts'
import { call } from './harness/http.ts'
import { addOrganisation, type TestOrganisation } from './harness/organisations.ts'
import { type ServedTestPlatform, serveTestPlatform } from './harness/test-platform.ts'

const ADMIN_KEY = 'A'.repeat(40)

for (const db of testDatabases()) {
  describe(`${db.name}: hostile requests to the MISP API`, () => {
    let env: ServedTestPlatform
    let alpha: TestOrganisation
    let beta: TestOrganisation
    const send = (method: string, path: string, body?: unknown, key = ADMIN_KEY) => env.send(method, path, body, key)
    const eventCount = async () => (await send('GET', '/events/index')).json.length

    beforeEach(async () => {
      env = await serveTestPlatform(db, { adminKey: ADMIN_KEY })
      alpha = await addOrganisation(env.platform, env.admin, 'Alpha')
      beta = await addOrganisation(env.platform, env.admin, 'Beta')
    })
    afterEach(() => env.close())

    describe('access', () => {
      it('an org admin does not find a site admin of its own organisation to edit: key and password stay', async () => {
        const roles = await env.platform.store.db.selectFrom('roles').select(['id', 'name']).execute()
        const orgAdminRole = roles.find((role) => role.name === 'Org Admin')!.id
        // The bootstrapped site admin belongs to organisation 1; this org admin too.
        const orgAdmin = (await send('POST', '/admin/users/add', { email: 'oa@host.test', role_id: orgAdminRole })).json
          .User
        const takeOver = await send(
          'POST',
          `/admin/users/edit/${env.admin.userId}`,
          { authkey: 'C'.repeat(40) },
          orgAdmin.authkey,
        )
        expect(takeOver.status).toBe(404)
        expect(takeOver.json).toMatchObject({ message: 'Invalid user' })
        const disable = await send('PUT', `/admin/users/edit/${env.admin.userId}`, { disabled: 1 }, orgAdmin.authkey)
        expect(disable.status).toBe(404)
        expect((await send('GET', '/events/index', undefined, 'C'.repeat(40))).status).toBe(403)
        expect((await send('GET', '/events/index')).status).toBe(200)
        // Its own organisation's plain users stay its to edit.
        const plain = (await send('POST', '/admin/users/add', { email: 'u@host.test', role_id: 3 })).json.User
        expect(
          (await send('PUT', `/admin/users/edit/${plain.id}`, { autoalert: false }, orgAdmin.authkey)).status,
        ).toBe(200)
      })

      it('an org admin reads its own organisation’s audit rows only', async () => {
        await send('POST', '/events/add', { info: 'Alpha private operation', distribution: 0 }, alpha.user.key)
        await send('POST', '/events/add', { info: 'Beta own event', distribution: 0 }, beta.user.key)
        const forBeta = await send('GET', '/admin/logs/index', undefined, beta.orgAdmin.key)
        expect(forBeta.status).toBe(200)
        expect(forBeta.text).not.toContain('Alpha private operation')
        expect(forBeta.text).toContain('Beta own event')
        expect(forBeta.json.every((entry: any) => entry.Log.org === 'Beta')).toBe(true)
        const named = await send('GET', '/admin/logs/index/model:Event', undefined, beta.orgAdmin.key)
        expect(named.text).not.toContain('Alpha private operation')
        // The site admin still reads every organisation's rows.
        expect((await send('GET', '/admin/logs/index')).text).toContain('Alpha private operation')
      })

      it('a hidden attribute of a visible event answers like an unknown one to proposals, sightings and enrichment', async () => {
        const event = (
          await send(
            'POST',
            '/events/add',
            {
              Event: {
                info: 'Shared event',
                distribution: 1,
                Attribute: [
                  { type: 'domain', value: 'hidden.example', distribution: 0 },
                  { type: 'domain', value: 'shown.example', distribution: 5 },
                ],
              },
            },
            alpha.user.key,
          )
        ).json.Event
        const hidden = event.Attribute.find((attribute: any) => attribute.value === 'hidden.example')
        const shown = event.Attribute.find((attribute: any) => attribute.value === 'shown.example')
        const proposal = await send('POST', `/shadow_attributes/edit/${hidden.id}`, { comment: 'x' }, beta.user.key)
        expect(proposal.status).toBe(404)
        expect(proposal.json.message).toBe('Invalid Attribute.')
        expect(proposal.text).not.toContain('hidden.example')
        for (const [path, body] of [
          ['/sightings/add', { value: 'hidden.example' }],
          [`/sightings/add/${hidden.id}`, {}],
          [`/sightings/add/${hidden.uuid}`, {}],
        ] as const) {
          const sighting = await send('POST', path, body, beta.user.key)
          expect(sighting.status, path).toBe(404)
        }
        const enrichment = await send('POST', `/events/queryEnrichment/${hidden.id}/dns`, undefined, beta.user.key)
        expect(enrichment.status).toBe(404)
        expect(enrichment.json.message).toBe('Invalid attribute.')
        // The shown attribute gets past the access check to the (unconfigured) enrichment service.
        expect((await send('POST', `/events/queryEnrichment/${shown.id}/dns`, undefined, beta.user.key)).status).toBe(
          503,
        )
        const sightings = await env.platform.store.db.selectFrom('sightings').selectAll().execute()
        expect(sightings).toEqual([])
        // The attribute the event shows stays open to both.
        expect(
          (await send('POST', `/shadow_attributes/edit/${shown.id}`, { comment: 'x' }, beta.user.key)).status,
        ).toBe(200)
        expect((await send('POST', '/sightings/add', { value: 'shown.example' }, beta.user.key)).status).toBe(200)
        // Alpha's own user still sights its hidden attribute.
        expect((await send('POST', `/sightings/add/${hidden.id}`, {}, alpha.user.key)).status).toBe(200)
      })
    })

    describe('input that used to answer 500', () => {
      it.each([
        ['GET', '/events/view/2147483648', 'Invalid event.'],
        ['GET', '/events/view/9999999999', 'Invalid event.'],
        ['POST', '/attributes/edit/9999999999', 'Invalid attribute'],
        ['POST', '/objects/edit/2147483648', 'Invalid object.'],
        ['GET', '/threads/view/9999999999', 'Invalid thread.'],
        ['GET', '/admin/users/view/9999999999', 'Invalid user'],
        ['GET', '/feeds/view/2147483648', undefined],
        ['GET', '/sharing_groups/view/9999999999', undefined],
      ])('%s %s: an id past 32 bits is an unknown record (404)', async (method, path, message) => {
        const result = await send(method, path, method === 'GET' ? undefined : {})
        expect(result.status).toBe(404)
        expect(result.json.url).toBe(path)
        if (message) expect(result.json.message).toBe(message)
      })

      it('refuses a role or organisation id past 32 bits naming the field, and adds no user', async () => {
        const before = (await send('GET', '/admin/users/index')).json.length
        const result = await send('POST', '/admin/users/add', { email: 'big@example.org', role_id: '9999999999' })
        expect(result.status).toBe(403)
        expect(result.json.errors.User.role_id).toEqual([expect.any(String)])
        const org = await send('POST', '/admin/users/add', { email: 'big@example.org', role_id: 3, org_id: 2147483648 })
        expect(org.json.errors.User.org_id).toEqual([expect.any(String)])
        expect((await send('GET', '/admin/users/index')).json.length).toBe(before)
      })

      it.each([
        ['timestamp', { timestamp: '99999999999' }],
        ['date_sighting', { date_sighting: 2147483648 }],
        ['date', { date: '3000-01-01', time: '00:00:00' }],
      ])('refuses a sighting time past 2038 (%s) naming the field, and stores no sighting', async (field, time) => {
        const event = (
          await send('POST', '/events/add', {
            Event: { info: 'Seen', Attribute: [{ type: 'domain', value: 'x.example' }] },
          })
        ).json.Event
        const result = await send('POST', `/sightings/add/${event.Attribute[0].id}`, time)
        expect(result.status).toBeGreaterThanOrEqual(400)
        expect(result.status).toBeLessThan(500)
        expect(result.json.errors.Sighting[field]).toEqual([expect.any(String)])
        expect(await env.platform.store.db.selectFrom('sightings').selectAll().execute()).toEqual([])
      })

      it('refuses a sharing group id past 32 bits inside an event naming the attribute’s field, and saves nothing', async () => {
        const before = await eventCount()
        const result = await send('POST', '/events/add', {
          Event: {
            info: 'Grouped',
            Attribute: [{ type: 'text', value: 'v', distribution: 4, sharing_group_id: '2147483648' }],
          },
        })
        expect(result.status).toBe(403)
        expect(result.json.errors.Attribute.sharing_group_id).toEqual([expect.any(String)])
        expect(await eventCount()).toBe(before)
      })

      it('refuses a NUL character in a body field, naming it, and saves nothing', async () => {
        const before = await eventCount()
        const result = await send('POST', '/events/add', { Event: { info: 'a\u0000b', distribution: 0 } })
        expect(result.status).toBe(400)
        expect(result.json).toMatchObject({ saved: false, name: 'Could not add Event' })
        expect(result.json.errors.Event.info).toEqual([expect.stringContaining('NUL')])
        const nested = await send('POST', '/events/add', {
          Event: { info: 'x', Attribute: [{ type: 'text', value: 'v', comment: '\u0000' }] },
        })
        expect(nested.status).toBe(400)
        expect(nested.json.errors.Attribute['0.comment']).toEqual([expect.stringContaining('NUL')])
        const inKey = await send('POST', '/tags/add', { name: 'ok', 'x\u0000': 1 })
        expect(inKey.status).toBe(400)
        expect(await eventCount()).toBe(before)
      })

      it('refuses a NUL character in a path parameter, a query string and a sign-in, naming it', async () => {
        const report = await send('POST', '/event_reports/edit/1%00', { content: 'x' })
        expect(report.status).toBe(400)
        expect(report.json.errors.EventReport.id).toEqual([expect.stringContaining('NUL')])
        const index = await send('GET', '/events/index?org=1%00')
        expect(index.status).toBe(400)
        expect(index.json.errors.Request.org).toEqual([expect.stringContaining('NUL')])
        const signIn = await call(env.app.baseUrl, 'POST', '/sluice/session', {
          body: { email: 'admin@admin.test\u0000', password: 'x' },
        })
        expect(signIn.status).toBe(400)
      })

      it('pages /events/index with limits and pages past 32 bits instead of failing', async () => {
        await send('POST', '/events/add', { info: 'One', distribution: 0 })
        const huge = await send('GET', '/events/index?limit=99999999999999999999')
        expect(huge.status).toBe(200)
        expect(huge.json).toHaveLength(1)
        expect((await send('POST', '/events/index', { limit: 1e308 })).status).toBe(200)
        const farPage = await send('GET', '/events/index?limit=2147483648&page=99999999999999999999')
        expect(farPage.status).toBe(200)
        expect(farPage.json).toEqual([])
      })

      it('reads broken /admin/logs named parameters as plain text', async () => {
        expect((await send('GET', '/admin/logs/index/limit:abc')).status).toBe(200)
        const badEncoding = await send('GET', '/admin/logs/index/model:%25E0%25A4%25A')
        expect(badEncoding.status).toBe(200)
        expect(badEncoding.json).toEqual([])
      })

      it.each([['"x"'], ['123'], ['true'], ['[]'], ['{"Server":"x"}']])(
        '/servers/serverSettingsEdit with the body %s names the missing value (400)',
        async (rawBody) => {
          const result = await call(env.app.baseUrl, 'POST', '/servers/serverSettingsEdit/MISP.baseurl', {
            key: ADMIN_KEY,
            rawBody,
          })
          expect(result.status).toBe(400)
          expect(result.json.errors.Server['MISP.baseurl']).toEqual([expect.any(String)])
        },
      )
    })

    describe('sign-in flood', () => {
      it('counts concurrent failed sign-ins: no more than the limit are tried', async () => {
        const attempts = await Promise.all(
          Array.from({ length: SIGN_IN_FAILURE_LIMIT * 3 }, () =>
            call(env.app.baseUrl, 'POST', '/sluice/session', {
              body: { email: 'admin@admin.test', password: 'Wrong-password-1' },
            }),
          ),
        )
        const statuses = attempts.map((attempt) => attempt.status)
        expect(statuses.filter((status) => status === 401)).toHaveLength(SIGN_IN_FAILURE_LIMIT)
        expect(statuses.filter((status) => status === 429)).toHaveLength(SIGN_IN_FAILURE_LIMIT * 2)
      })
    })

    describe('sign-in count', () => {
      it('keeps counting failures across a successful sign-in of another account from the same address', async () => {
        const signIn = (body: unknown) => call(env.app.baseUrl, 'POST', '/sluice/session', { body })
        const guess = { email: 'admin@admin.test', password: 'Wrong-password-1' }
        for (let attempt = 0; attempt < SIGN_IN_FAILURE_LIMIT - 1; attempt++)
          expect((await signIn(guess)).status).toBe(401)
        // The attacker's own account signs in fine…
        expect((await signIn({ authkey: beta.user.key })).status).toBe(200)
        // …but does not buy it another round of guesses.
        expect((await signIn(guess)).status).toBe(401)
        expect((await signIn(guess)).status).toBe(429)
      })
    })

    describe('sound already (kept as regression tests)', () => {
      it('ignores __proto__ and constructor keys: nothing is polluted', async () => {
        for (const rawBody of [
          '{"__proto__":{"polluted":1},"info":"p"}',
          '{"Event":{"info":"p","constructor":{"prototype":{"polluted":1}},"Attribute":[{"__proto__":{"polluted":1},"type":"text","value":"v"}]}}',
        ]) {
          const result = await call(env.app.baseUrl, 'POST', '/events/add', { key: ADMIN_KEY, rawBody })
          expect(result.status).toBeLessThan(500)
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      })

      it('answers 100,000 nested arrays with MISP’s invalid-JSON 400', async () => {
        const rawBody = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
        const result = await call(env.app.baseUrl, 'POST', '/events/add', { key: ADMIN_KEY, rawBody })
        expect(result.status).toBe(400)
        expect(result.json.url).toBe('/events/add')
      })

      it('hides another organisation’s distribution-0 event behind the answer for an unknown one', async () => {
        const event = (await send('POST', '/events/add', { info: 'Alpha only', distribution: 0 }, alpha.user.key)).json
          .Event
        for (const id of [event.id, event.uuid]) {
          const view = await send('GET', `/events/view/${id}`, undefined, beta.user.key)
          expect(view.status).toBe(404)
          expect(view.text).not.toContain('Alpha only')
        }
        expect((await send('POST', `/events/edit/${event.id}`, { info: 'x' }, beta.orgAdmin.key)).status).toBe(404)
      })
    })
  })
}

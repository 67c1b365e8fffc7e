/**
 * Web sign-in over real HTTP (issue #6): `/sluice/session` with an API key or an e-mail and
 * password, the session cookie's flags, the CSRF token on cookie-authenticated changes,
 * sign-out, and the API key header working as before. Then sessions in the database, on every
 * test database: shared by two apps (scale-out), kept over a restart, ended everywhere by
 * sign-out, idle expiry, the user's current rights, and no raw cookie value stored.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { AUTH_FAILED_MESSAGE, CSRF_FAILED_MESSAGE } from '../src/api/auth.ts'
import {
  JSON_ONLY_MESSAGE,
  NOT_SIGNED_IN_MESSAGE,
  SIGN_IN_FAILED_MESSAGE,
  TOO_MANY_ATTEMPTS_MESSAGE,
} from '../src/api/routes/session.ts'
import { type Actor, bootstrap, createPlatform, type LocalPlatform } from '../src/platform/index.ts'
import { createSessionStore, SESSION_IDLE_MS, SESSION_TOUCH_MS, sessionDigest } from '../src/api/sessions.ts'
import { openDatabase, type Store } from '../src/store/index.ts'
import { testDatabases } from './harness/databases.ts'
import { call, type RunningApp, startApp } from './harness/http.ts'

const PASSWORD = 'Correct-horse-battery-9'

/** The `name=value` of a Set-Cookie header, for sending back. */
function cookieOf(headers: Headers): string {
  const setCookie = headers.get('set-cookie') ?? ''
  return setCookie.split(';')[0]
}

const [sqlite] = testDatabases()

describe('/sluice/session', () => {
  let store: Store
  let platform: LocalPlatform
  let app: RunningApp
  let adminKey: string
  let admin: Actor

  beforeAll(async () => {
    store = await sqlite.open()
    platform = createPlatform({ store })
    adminKey = (await bootstrap(platform)).apiKey as string
    admin = (await platform.users.authenticate(adminKey)) as Actor
    await platform.users.add(admin, { User: { email: 'analyst@example.org', role_id: 3, password: PASSWORD } })
    app = await startApp(platform)
  })
  afterAll(async () => {
    await app?.close()
    await platform?.close()
    await store?.close()
  })

  const signInWithKey = async () => {
    const answer = await call(app.baseUrl, 'POST', '/sluice/session', { body: { authkey: adminKey } })
    expect(answer.status).toBe(200)
    return { cookie: cookieOf(answer.headers), csrf: answer.json.csrf_token as string, answer }
  }

  it('signs in with an API key and sets an HttpOnly, SameSite=Strict cookie', async () => {
    const { answer, csrf } = await signInWithKey()
    expect(answer.json.user).toMatchObject({ email: 'admin@admin.test', role: 'site_admin' })
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{40,}$/)
    const setCookie = answer.headers.get('set-cookie') ?? ''
    expect(setCookie).toMatch(/^sluice_session=[A-Za-z0-9_-]{40,};/)
    expect(setCookie).toMatch(/HttpOnly/i)
    expect(setCookie).toMatch(/SameSite=Strict/i)
    expect(setCookie).not.toMatch(/Secure/i)
    expect(answer.text).not.toContain(adminKey)
  })

  it('signs in with an e-mail address and password', async () => {
    const answer = await call(app.baseUrl, 'POST', '/sluice/session', {
      body: { email: 'ANALYST@example.org', password: PASSWORD },
    })
    expect(answer.status).toBe(200)
    expect(answer.json.user).toMatchObject({ email: 'analyst@example.org', role: 'user' })
    expect(answer.text).not.toContain(PASSWORD)
  })

  it('refuses a wrong password, an unknown address and an unknown key with 401', async () => {
    for (const body of [
      { email: 'analyst@example.org', password: 'Wrong-password-123' },
      { email: 'nobody@example.org', password: PASSWORD },
      { authkey: 'x'.repeat(40) },
    ]) {
      const answer = await call(app.baseUrl, 'POST', '/sluice/session', { body })
      expect(answer.status).toBe(401)
      expect(answer.json).toEqual({
        name: SIGN_IN_FAILED_MESSAGE,
        message: SIGN_IN_FAILED_MESSAGE,
        url: '/sluice/session',
      })
      expect(answer.headers.get('set-cookie')).toBeNull()
    }
  })

  it('refuses a sign-in that is not JSON (a cross-site form), so no other site can sign a browser in', async () => {
    const answer = await call(app.baseUrl, 'POST', '/sluice/session', {
      rawBody: JSON.stringify({ authkey: adminKey }),
      headers: { 'Content-Type': 'text/plain' },
    })
    expect(answer.status).toBe(415)
    expect(answer.json.message).toBe(JSON_ONLY_MESSAGE)
    expect(answer.headers.get('set-cookie')).toBeNull()
  })

  it('answers 401 to GET without a cookie, and MISP’s 403 on MISP routes without a key or cookie', async () => {
    const session = await call(app.baseUrl, 'GET', '/sluice/session')
    expect(session.status).toBe(401)
    expect(session.json.message).toBe(NOT_SIGNED_IN_MESSAGE)
    const events = await call(app.baseUrl, 'GET', '/events/index')
    expect(events.status).toBe(403)
    expect(events.json).toEqual({ name: AUTH_FAILED_MESSAGE, message: AUTH_FAILED_MESSAGE, url: '/events/index' })
  })

  it('reads MISP routes with the cookie alone and answers the CSRF token again', async () => {
    const { cookie, csrf } = await signInWithKey()
    const events = await call(app.baseUrl, 'GET', '/events/index', { headers: { Cookie: cookie } })
    expect(events.status).toBe(200)
    const session = await call(app.baseUrl, 'GET', '/sluice/session', { headers: { Cookie: cookie } })
    expect(session.json.csrf_token).toBe(csrf)
  })

  it('refuses a cookie-authenticated change without the CSRF token or with a wrong one (403)', async () => {
    const { cookie, csrf } = await signInWithKey()
    const body = { Event: { info: 'CSRF probe', distribution: 0 } }
    const attempts: Array<Record<string, string>> = [
      { Cookie: cookie },
      { Cookie: cookie, 'X-CSRF-Token': `${csrf.slice(0, -1)}${csrf.endsWith('A') ? 'B' : 'A'}` },
    ]
    for (const headers of attempts) {
      const answer = await call(app.baseUrl, 'POST', '/events/add', { body, headers })
      expect(answer.status).toBe(403)
      expect(answer.json.message).toBe(CSRF_FAILED_MESSAGE)
    }
    const index = await call(app.baseUrl, 'GET', '/events/index', { key: adminKey })
    expect(index.json.some((event: { info: string }) => event.info === 'CSRF probe')).toBe(false)
    const accepted = await call(app.baseUrl, 'POST', '/events/add', {
      body,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf },
    })
    expect(accepted.status).toBe(200)
    expect(accepted.json.Event.info).toBe('CSRF probe')
  })

  it('keeps the API key header working without a CSRF token, as MISP clients expect', async () => {
    const answer = await call(app.baseUrl, 'POST', '/events/add', {
      key: adminKey,
      body: { Event: { info: 'By key' } },
    })
    expect(answer.status).toBe(200)
    const wrongKey = await call(app.baseUrl, 'GET', '/events/index', { key: 'y'.repeat(40) })
    expect(wrongKey.status).toBe(403)
  })

  it('signs out (CSRF required) and the cookie stops working', async () => {
    const { cookie, csrf } = await signInWithKey()
    const withoutToken = await call(app.baseUrl, 'DELETE', '/sluice/session', { headers: { Cookie: cookie } })
    expect(withoutToken.status).toBe(403)
    const out = await call(app.baseUrl, 'DELETE', '/sluice/session', {
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf },
    })
    expect(out.status).toBe(200)
    expect(out.headers.get('set-cookie')).toMatch(/^sluice_session=;/)
    expect((await call(app.baseUrl, 'GET', '/sluice/session', { headers: { Cookie: cookie } })).status).toBe(401)
    expect((await call(app.baseUrl, 'GET', '/events/index', { headers: { Cookie: cookie } })).status).toBe(403)
  })

  // Last: it locks 127.0.0.1 out of signing in for the rest of this app's life.
  it('refuses every sign-in from an address after 10 failures, the right key too (429)', async () => {
    let status = 0
    for (let attempt = 0; attempt < 10 && status !== 429; attempt++) {
      status = (await call(app.baseUrl, 'POST', '/sluice/session', { body: { authkey: 'z'.repeat(40) } })).status
    }
    const answer = await call(app.baseUrl, 'POST', '/sluice/session', { body: { authkey: adminKey } })
    expect(answer.status).toBe(429)
    expect(answer.json.message).toBe(TOO_MANY_ATTEMPTS_MESSAGE)
    expect(answer.headers.get('set-cookie')).toBeNull()
    // The API key header is not a sign-in and keeps working.
    expect((await call(app.baseUrl, 'GET', '/events/index', { key: adminKey })).status).toBe(200)
  })
})

describe('/sluice/session behind a reverse proxy (--trust-proxy)', () => {
  let store: Store
  let platform: LocalPlatform
  let adminKey: string
  let proxied: RunningApp
  let direct: RunningApp
  beforeAll(async () => {
    store = await sqlite.open()
    platform = createPlatform({ store })
    adminKey = (await bootstrap(platform)).apiKey as string
    proxied = await startApp(platform, { trustedProxies: ['127.0.0.1'] })
    direct = await startApp(platform)
  })
  afterAll(async () => {
    await proxied?.close()
    await direct?.close()
    await platform?.close()
    await store?.close()
  })
  const signIn = (baseUrl: string, client: string, authkey: string) =>
    call(baseUrl, 'POST', '/sluice/session', { body: { authkey }, headers: { 'X-Forwarded-For': client } })

  it('counts failures per client the trusted proxy names, so one guesser does not lock out the rest', async () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      expect((await signIn(proxied.baseUrl, '203.0.113.9', 'z'.repeat(40))).status).toBe(401)
    }
    expect((await signIn(proxied.baseUrl, '203.0.113.9', adminKey)).status).toBe(429)
    expect((await signIn(proxied.baseUrl, '203.0.113.10', adminKey)).status).toBe(200)
  })

  it('ignores X-Forwarded-For from a sender it does not trust: a guesser cannot pick a new address per try', async () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      expect((await signIn(direct.baseUrl, `198.51.100.${attempt}`, 'z'.repeat(40))).status).toBe(401)
    }
    expect((await signIn(direct.baseUrl, '198.51.100.200', adminKey)).status).toBe(429)
  })
})

/** Signs in over `baseUrl` and answers the cookie and the CSRF token. */
async function signIn(baseUrl: string, body: Record<string, string>) {
  const answer = await call(baseUrl, 'POST', '/sluice/session', { body })
  expect(answer.status).toBe(200)
  return { cookie: cookieOf(answer.headers), csrf: answer.json.csrf_token as string }
}

/** The status of `GET /events/index` with the cookie alone. */
async function statusWithCookie(baseUrl: string, cookie: string): Promise<number> {
  return (await call(baseUrl, 'GET', '/events/index', { headers: { Cookie: cookie } })).status
}

for (const database of testDatabases()) {
  describe(`${database.name}: sessions in the database`, () => {
    let store: Store
    let platforms: LocalPlatform[]
    let apps: RunningApp[]
    let ownStores: Store[]
    let adminKey: string
    let admin: Actor
    let analystId: number

    /**
     * One more `sluice serve` on the same database: its own platform and app, and on SQLite its
     * own connection to the file (the PostgreSQL harness database is reachable through `store` only).
     */
    const startInstance = async () => {
      let own = store
      if (store.file) {
        own = await openDatabase(`sqlite:${store.file}`)
        ownStores.push(own)
      }
      const platform = createPlatform({ store: own })
      platforms.push(platform)
      const app = await startApp(platform)
      apps.push(app)
      return app
    }

    beforeEach(async () => {
      store = await database.open()
      platforms = []
      apps = []
      ownStores = []
      const first = createPlatform({ store })
      adminKey = (await bootstrap(first)).apiKey as string
      admin = (await first.users.authenticate(adminKey)) as Actor
      const added = await first.users.add(admin, {
        User: { email: 'analyst@example.org', role_id: 3, password: PASSWORD },
      })
      analystId = Number(added.User.id)
      await first.close()
    })
    afterEach(async () => {
      for (const app of apps) await app.close()
      for (const platform of platforms) await platform.close()
      for (const own of ownStores) await own.close()
      await store.close()
    })

    it('accepts a session started by one app in a second app on the same database (scale-out)', async () => {
      const [one, two] = [await startInstance(), await startInstance()]
      const { cookie, csrf } = await signIn(one.baseUrl, { authkey: adminKey })
      expect(await statusWithCookie(two.baseUrl, cookie)).toBe(200)
      const session = await call(two.baseUrl, 'GET', '/sluice/session', { headers: { Cookie: cookie } })
      expect(session.json).toMatchObject({ user: { email: 'admin@admin.test' }, csrf_token: csrf })
      const added = await call(two.baseUrl, 'POST', '/events/add', {
        body: { Event: { info: 'Through the other process' } },
        headers: { Cookie: cookie, 'X-CSRF-Token': csrf },
      })
      expect(added.status).toBe(200)
    })

    it('ends the session in every app when one signs out', async () => {
      const [one, two] = [await startInstance(), await startInstance()]
      const { cookie, csrf } = await signIn(one.baseUrl, { authkey: adminKey })
      const out = await call(two.baseUrl, 'DELETE', '/sluice/session', {
        headers: { Cookie: cookie, 'X-CSRF-Token': csrf },
      })
      expect(out.status).toBe(200)
      expect(await statusWithCookie(one.baseUrl, cookie)).toBe(403)
      expect(await statusWithCookie(two.baseUrl, cookie)).toBe(403)
      expect(await store.db.selectFrom('sessions').selectAll().execute()).toEqual([])
    })

    it('stores the digest of the session id, never the cookie value', async () => {
      const app = await startInstance()
      const { cookie, csrf } = await signIn(app.baseUrl, { authkey: adminKey })
      const id = cookie.slice('sluice_session='.length)
      const rows = await store.db.selectFrom('sessions').selectAll().execute()
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({ digest: sessionDigest(id), user_id: admin.userId, csrf_token: csrf })
      expect(JSON.stringify(rows)).not.toContain(id)
    })

    it('refuses the session of a deleted user: its rows go with the user', async () => {
      const app = await startInstance()
      const { cookie } = await signIn(app.baseUrl, { email: 'analyst@example.org', password: PASSWORD })
      expect(await statusWithCookie(app.baseUrl, cookie)).toBe(200)
      await platforms[0].users.delete(admin, String(analystId))
      expect(await statusWithCookie(app.baseUrl, cookie)).toBe(403)
      expect((await call(app.baseUrl, 'GET', '/sluice/session', { headers: { Cookie: cookie } })).status).toBe(401)
      expect(await store.db.selectFrom('sessions').selectAll().where('user_id', '=', analystId).execute()).toEqual([])
    })

    it('follows the user’s current role, and ends the session of a disabled user', async () => {
      const app = await startInstance()
      const { cookie } = await signIn(app.baseUrl, { email: 'analyst@example.org', password: PASSWORD })
      const users = await call(app.baseUrl, 'GET', '/admin/users/index', { headers: { Cookie: cookie } })
      expect(users.status).toBe(403)
      await platforms[0].users.edit(admin, String(analystId), { User: { role_id: 2 } })
      const session = await call(app.baseUrl, 'GET', '/sluice/session', { headers: { Cookie: cookie } })
      expect(session.json.user.role).toBe('org_admin')
      expect((await call(app.baseUrl, 'GET', '/admin/users/index', { headers: { Cookie: cookie } })).status).toBe(200)
      await platforms[0].users.edit(admin, String(analystId), { User: { disabled: 1 } })
      expect(await statusWithCookie(app.baseUrl, cookie)).toBe(403)
      await platforms[0].users.edit(admin, String(analystId), { User: { disabled: 0 } })
      expect(await statusWithCookie(app.baseUrl, cookie)).toBe(403)
    })

    it('expires a session after 8 idle hours and writes last_seen at most once a minute', async () => {
      const platform = createPlatform({ store })
      platforms.push(platform)
      let now = 1_700_000_000_000
      const sessions = createSessionStore(platform.sessions, () => now)
      const { id } = await sessions.create(admin)
      const lastSeen = async () =>
        Number((await store.db.selectFrom('sessions').select('last_seen').executeTakeFirstOrThrow()).last_seen)
      now += SESSION_TOUCH_MS / 2
      expect(await sessions.find(id)).toBeDefined()
      expect(await lastSeen()).toBe(1_700_000_000_000)
      now += SESSION_TOUCH_MS
      expect(await sessions.find(id)).toBeDefined()
      expect(await lastSeen()).toBe(now)
      now += SESSION_IDLE_MS - 1
      expect((await sessions.find(id))?.actor).toMatchObject({ userId: admin.userId, role: 'site_admin' })
      now += SESSION_IDLE_MS + 1
      expect(await sessions.find(id)).toBeUndefined()
      expect(await store.db.selectFrom('sessions').selectAll().execute()).toEqual([])
    })

    it('signs a user out everywhere when an admin changes their password or API key', async () => {
      const app = await startInstance()
      const platform = platforms.at(-1)!
      const analyst = { email: 'analyst@example.org', password: PASSWORD }
      const first = await signIn(app.baseUrl, analyst)
      const other = await signIn(app.baseUrl, { authkey: adminKey })
      await platform.users.edit(admin, String(analystId), { User: { password: 'Another-horse-battery-7' } })
      expect(await statusWithCookie(app.baseUrl, first.cookie)).toBe(403)
      // Other users' sessions are not touched.
      expect(await statusWithCookie(app.baseUrl, other.cookie)).toBe(200)
      const second = await signIn(app.baseUrl, { ...analyst, password: 'Another-horse-battery-7' })
      await platform.users.edit(admin, String(analystId), { User: { authkey: 'k'.repeat(40) } })
      expect(await statusWithCookie(app.baseUrl, second.cookie)).toBe(403)
      // An edit that changes no credential keeps the session.
      const third = await signIn(app.baseUrl, { ...analyst, password: 'Another-horse-battery-7' })
      await platform.users.edit(admin, String(analystId), { User: { email: 'analyst2@example.org' } })
      expect(await statusWithCookie(app.baseUrl, third.cookie)).toBe(200)
    })

    it('renews the cookie with last_seen, so a browser in use keeps it past the first 8 hours', async () => {
      const platform = createPlatform({ store })
      platforms.push(platform)
      let now = Date.now()
      const app = await startApp(platform, { now: () => now })
      apps.push(app)
      const { cookie } = await signIn(app.baseUrl, { authkey: adminKey })
      const setCookieAfter = async (path: string) =>
        (await call(app.baseUrl, 'GET', path, { headers: { Cookie: cookie } })).headers.get('set-cookie')
      now += SESSION_TOUCH_MS / 2
      expect(await setCookieAfter('/events/index')).toBeNull()
      now += SESSION_TOUCH_MS
      const renewed = await setCookieAfter('/events/index')
      expect(renewed?.split(';')[0]).toBe(cookie)
      expect(renewed).toContain(`Max-Age=${SESSION_IDLE_MS / 1000}`)
      expect(renewed).toMatch(/HttpOnly/i)
      // Still in use 8 hours after sign-in, the session and its cookie live on.
      for (let hour = 0; hour < 9; hour++) {
        now += SESSION_IDLE_MS / 8
        expect(await setCookieAfter('/sluice/session')).toContain(`Max-Age=${SESSION_IDLE_MS / 1000}`)
      }
      expect(await statusWithCookie(app.baseUrl, cookie)).toBe(200)
    })

    it('sweeps idle sessions when a new one starts', async () => {
      const platform = createPlatform({ store })
      platforms.push(platform)
      let now = 1_700_000_000_000
      const sessions = createSessionStore(platform.sessions, () => now)
      await sessions.create(admin)
      now += SESSION_IDLE_MS + 1
      const { id } = await sessions.create(admin)
      const digests = await store.db.selectFrom('sessions').select('digest').execute()
      expect(digests).toEqual([{ digest: sessionDigest(id) }])
    })
  })
}

describe('sessions over a restart', () => {
  let folder: string
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'sluice-sessions-'))
  })
  afterAll(() => rmSync(folder, { recursive: true, force: true }))

  it('keeps a session when the app is closed and opened again on the same SQLite file', async () => {
    const url = `sqlite:${join(folder, 'sluice.db')}`
    const start = async () => {
      const store = await openDatabase(url)
      const platform = createPlatform({ store })
      const app = await startApp(platform)
      return {
        platform,
        app,
        stop: async () => {
          await app.close()
          await platform.close()
          await store.close()
        },
      }
    }
    const before = await start()
    const apiKey = (await bootstrap(before.platform)).apiKey as string
    const { cookie, csrf } = await signIn(before.app.baseUrl, { authkey: apiKey })
    await before.stop()
    const after = await start()
    try {
      expect(await statusWithCookie(after.app.baseUrl, cookie)).toBe(200)
      const session = await call(after.app.baseUrl, 'GET', '/sluice/session', { headers: { Cookie: cookie } })
      expect(session.json.csrf_token).toBe(csrf)
    } finally {
      await after.stop()
    }
  })
})

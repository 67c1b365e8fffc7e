/**
 * Importing MISP events as a pull (issue #3; spec/ENGINE.md §4.1.1): each event goes through the
 * normal add, firing event-before-save and event-after-save, and
 * `event-after-save-new-from-pull` instead of `event-after-save-new`. From the platform (every
 * test database), `sluice import` (a file, a feed directory, bad input) and `POST /events/import`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type Actor, bootstrap, createPlatform, type LocalPlatform } from '../src/platform/index.ts'
import { openDatabase, type Store } from '../src/store/index.ts'
import { runCli } from './harness/cli.ts'
import { testDatabases } from './harness/databases.ts'
import { call, startApp } from './harness/http.ts'
import { reginEvent } from './harness/shared.ts'
import { openRecordingPlatform, type RecordingPlatform } from './harness/test-platform.ts'
import { installRecorder, installVeto } from './harness/trigger-recorder.ts'

const REGIN = join(import.meta.dirname, '../../shared/fixtures/events/osint-regin-event.json')
const TRIGGERS = [
  'event-before-save',
  'event-after-save',
  'event-after-save-new',
  'event-after-save-new-from-pull',
  'event-publish',
]

for (const db of testDatabases()) {
  describe(`${db.name}: importing MISP events as a pull`, () => {
    let env: RecordingPlatform
    let store: Store
    let platform: LocalPlatform
    let admin: Actor

    beforeEach(async () => {
      env = await openRecordingPlatform(db, TRIGGERS)
      ;({ store, platform, admin } = env)
      for (const triggerId of TRIGGERS) await installRecorder(platform, triggerId)
    })
    afterEach(() => env.close())

    it('imports the OSINT Regin event, firing event-after-save-new-from-pull instead of event-after-save-new', async () => {
      const report = await platform.imports.importEvents(admin, [{ source: 'regin.json', json: reginEvent() }])
      await platform.drain()
      expect(report.failed).toEqual([])
      expect(report.imported).toHaveLength(1)
      const [imported] = report.imported
      expect(imported.uuid).toBe('54884656-2da8-4625-bf07-43ef950d210b')
      const count = (id: string) => env.records.filter((record) => record.triggerId === id).length
      expect(count('event-after-save-new-from-pull')).toBe(1)
      expect(count('event-after-save-new')).toBe(0)
      // Regin arrives published: the add saves the event, and so does the publication that follows.
      expect(count('event-before-save')).toBe(2)
      expect(count('event-after-save')).toBe(2)
      const pulled = env.records.find((record) => record.triggerId === 'event-after-save-new-from-pull')!.raw
      expect(pulled.Event.id).toBe(imported.id)
      expect(pulled.Attribute).toHaveLength(38)
      expect(pulled.Orgc.name).toBe('CIRCL')
      const view = await platform.events.view(admin, imported.id)
      expect(view.Event).toMatchObject({
        info: reginEvent().Event.info,
        timestamp: '1418217625',
        date: reginEvent().Event.date,
      })
      expect(view.Event.Orgc.name).toBe('CIRCL')
      expect(view.Event.Tag.map((tag: any) => tag.name)).toEqual(['Type:OSINT'])
    })

    it('publishes an event that arrived published, firing event-publish once, as MISP does for a pull', async () => {
      const report = await platform.imports.importEvents(admin, [{ source: 'regin.json', json: reginEvent() }])
      await platform.drain()
      const [imported] = report.imported
      expect(imported).toMatchObject({ published: true })
      expect(imported.publishErrors).toBeUndefined()
      const publishes = env.records.filter((record) => record.triggerId === 'event-publish')
      expect(publishes).toHaveLength(1)
      expect(publishes[0].raw.Event).toMatchObject({ id: imported.id, published: false })
      expect(publishes[0].raw.Attribute).toHaveLength(38)
      const view = await platform.events.view(admin, imported.id)
      expect(view.Event.published).toBe(true)
      expect(Number(view.Event.publish_timestamp)).toBeGreaterThan(0)
    })

    it('leaves an event that arrived unpublished unpublished, without event-publish', async () => {
      const event = reginEvent()
      event.Event.published = false
      const report = await platform.imports.importEvents(admin, [{ source: 'regin.json', json: event }])
      await platform.drain()
      expect(report.imported).toMatchObject([{ published: false }])
      expect(env.records.filter((record) => record.triggerId === 'event-publish')).toEqual([])
      expect((await platform.events.view(admin, report.imported[0].id)).Event.published).toBe(false)
    })

    it('keeps a pulled event stored and unpublished when a blocking workflow stops its publication', async () => {
      await installVeto(platform, 'event-publish', 'No pulled publications')
      const report = await platform.imports.importEvents(admin, [{ source: 'regin.json', json: reginEvent() }])
      await platform.drain()
      expect(report.failed).toEqual([])
      const [imported] = report.imported
      expect(imported.published).toBe(false)
      expect(imported.publishErrors).toHaveLength(1)
      expect(imported.publishErrors![0]).toContain('No pulled publications')
      expect((await platform.events.view(admin, imported.id)).Event.published).toBe(false)
      const logs = await platform.logs.index(admin, { model: 'Event' })
      expect(logs.map((row) => row.Log.title)).toContain('Publishing stopped by a blocking workflow.')
    })

    it('skips an event whose uuid is already stored', async () => {
      await platform.imports.importEvents(admin, [{ source: 'a.json', json: reginEvent() }])
      const again = await platform.imports.importEvents(admin, [{ source: 'b.json', json: reginEvent() }])
      expect(again.imported).toEqual([])
      expect(again.skipped).toEqual([
        {
          source: 'b.json',
          uuid: '54884656-2da8-4625-bf07-43ef950d210b',
          reason: 'An event with this uuid already exists.',
        },
      ])
    })

    it('reports a refused event by source and stores nothing of it, not even its new organisation', async () => {
      const bad = { Event: { info: 'Bad', Orgc: { name: 'Nobody Inc' }, Attribute: [{ type: 'ip-src', value: 'x' }] } }
      const report = await platform.imports.importEvents(admin, [{ source: 'list.json', json: [bad, reginEvent()] }])
      expect(report.failed).toMatchObject([{ source: 'list.json[0]', code: 'SLC_VALIDATION' }])
      expect(report.imported.map((event) => event.source)).toEqual(['list.json[1]'])
      const orgs = await store.db.selectFrom('organisations').select('name').execute()
      expect(orgs.map((org) => org.name)).not.toContain('Nobody Inc')
    })
  })
}

describe('sluice import', () => {
  let folder: string

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'sluice-import-'))
  })
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true })
  })

  it('imports a MISP feed directory (manifest.json + <uuid>.json) with progress lines', async () => {
    const feed = join(folder, 'feed')
    const data = join(folder, 'data-feed')
    const manifest: Record<string, unknown> = {}
    const { mkdirSync } = await import('node:fs')
    mkdirSync(feed)
    for (let index = 0; index < 24; index++) {
      const uuid = `5f0c0000-0000-4000-8000-${String(index).padStart(12, '0')}`
      manifest[uuid] = { info: `Feed event ${index}`, timestamp: '1600000000' }
      writeFileSync(
        join(feed, `${uuid}.json`),
        JSON.stringify({
          Event: {
            uuid,
            info: `Feed event ${index}`,
            Orgc: { name: 'Feed Org', uuid: '5f0c0000-0000-4000-8000-aaaaaaaaaaaa' },
            Attribute: [{ type: 'domain', value: `feed${index}.example` }],
          },
        }),
      )
    }
    writeFileSync(join(feed, 'manifest.json'), JSON.stringify(manifest))
    const result = await runCli(['import', feed, '--data', data], { timeoutMs: 60_000 })
    expect(result.stderr).toContain('[24/24]')
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('24 imported, 0 skipped, 0 failed')
    const store = await openDatabase(join(data, 'sluice.sqlite'))
    try {
      const rows = await store.db.selectFrom('events').select('uuid').execute()
      expect(rows).toHaveLength(24)
    } finally {
      await store.close()
    }
  })

  it('imports the OSINT Regin event file, then skips it the second time', async () => {
    const data = join(folder, 'data-regin')
    const first = await runCli(['import', REGIN, '--data', data])
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toContain('event 1 (54884656-2da8-4625-bf07-43ef950d210b), published')
    expect(first.stdout).toContain('1 imported, 0 skipped, 0 failed')
    const second = await runCli(['import', REGIN, '--data', data])
    expect(second.code).toBe(0)
    expect(second.stdout).toContain('0 imported, 1 skipped, 0 failed')
  })

  it('refuses a file that is not JSON, naming it, with exit 2 and nothing stored', async () => {
    const dir = join(folder, 'bad')
    const { mkdirSync } = await import('node:fs')
    mkdirSync(dir)
    writeFileSync(join(dir, 'a.json'), JSON.stringify(reginEvent()))
    writeFileSync(join(dir, 'b.json'), '{"Event": {')
    const result = await runCli(['import', dir, '--data', join(folder, 'data-bad')])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`${join(dir, 'b.json')} is not valid JSON`)
    expect(result.stdout).not.toContain('imported')
  })

  it('exits 2 when an event is refused, naming its file', async () => {
    const file = join(folder, 'refused.json')
    writeFileSync(file, JSON.stringify({ Event: { info: 'x', Attribute: [{ type: 'no-such-type', value: 'x' }] } }))
    const result = await runCli(['import', file, '--data', join(folder, 'data-refused')])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`failed ${file}: Attribute.type:`)
  })

  it('exits 2 for a path that does not exist', async () => {
    const result = await runCli(['import', join(folder, 'missing.json'), '--data', join(folder, 'data-missing')])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('missing.json')
  })
})

describe('POST /events/import', () => {
  it('imports a MISP event over HTTP and answers the report; a second import skips it', async () => {
    const store = await openDatabase(':memory:')
    const platform = createPlatform({ store })
    const key = 'i'.repeat(40)
    await bootstrap(platform, { adminKey: key })
    const app = await startApp(platform)
    try {
      const first = await call(app.baseUrl, 'POST', '/events/import', { key, body: reginEvent() })
      expect(first.status).toBe(200)
      expect(first.json.imported).toMatchObject([
        { source: 'body', uuid: '54884656-2da8-4625-bf07-43ef950d210b', published: true },
      ])
      const second = await call(app.baseUrl, 'POST', '/events/import', { key, body: [reginEvent()] })
      expect(second.json).toMatchObject({ imported: [], skipped: [{ uuid: '54884656-2da8-4625-bf07-43ef950d210b' }] })
    } finally {
      await app.close()
      await platform.close()
      await store.close()
    }
  })
})

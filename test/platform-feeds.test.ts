/**
 * MISP feeds on the platform (docs/feeds.md), on every test database: feed records and their
 * checks, caching local and network sources in MISP's three formats (network feeds from a real
 * HTTP server on 127.0.0.1, through the outbound allow-list), hostile sources, and the feed
 * correlations that full-event trigger data and the DataBackend's event fetch carry.
 */
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { hasErrorCode } from '../src/errors.ts'
import { type Actor, bootstrap, createPlatform, type LocalPlatform } from '../src/platform/index.ts'
import { listFeedValues, openDatabase, type Store } from '../src/store/index.ts'
import { runCli } from './harness/cli.ts'
import { testDatabases } from './harness/databases.ts'
import { type FeedFolder, feedFolder, serveFolder } from './harness/feed-sources.ts'
import { openRecordingPlatform, type RecordingPlatform } from './harness/test-platform.ts'
import { installRecorder } from './harness/trigger-recorder.ts'

const EVENT_A = '5a0a8f4e-1c2d-4e5f-9a6b-7c8d9e0f1a2b'
const EVENT_B = '6b1b9f5f-2d3e-4f60-8b7c-8d9e0f1a2b3c'

/** The error an operation rejects with (operations are started one at a time, see CI notes). */
async function failure(operation: () => Promise<unknown>): Promise<any> {
  try {
    await operation()
  } catch (error) {
    return error
  }
  throw new Error('expected the operation to fail')
}

for (const db of testDatabases()) {
  describe(`${db.name}: feeds`, () => {
    let env: RecordingPlatform
    let store: Store
    let platform: LocalPlatform
    let admin: Actor
    let folder: FeedFolder

    beforeEach(async () => {
      env = await openRecordingPlatform(db, ['event-after-save-new'])
      ;({ store, platform, admin } = env)
      folder = feedFolder()
    })
    afterEach(async () => {
      await env.close()
      folder.remove()
    })

    /** Adds an enabled, cached local feed and caches it; answers its id. */
    const localFeed = async (fields: Record<string, unknown>): Promise<string> => {
      const added = await platform.feeds.add(admin, {
        Feed: { provider: 'Tests', input_source: 'local', enabled: true, caching_enabled: true, ...fields },
      })
      const [result] = await platform.feeds.cacheFeeds(admin, added.Feed.id)
      expect(result.error).toBeUndefined()
      return added.Feed.id
    }
    const cachedValues = async (id: string) =>
      (await listFeedValues(store.db, Number(id))).map((row) => row.value).sort()

    describe('feed records', () => {
      it('adds a feed with MISP’s defaults and answers it in MISP’s shape', async () => {
        const added = await platform.feeds.add(admin, {
          Feed: { name: 'Tor exit nodes', provider: 'Tor project', url: 'https://check.torproject.org/exit-addresses' },
        })
        expect(added.Feed).toEqual({
          id: added.Feed.id,
          name: 'Tor exit nodes',
          provider: 'Tor project',
          url: 'https://check.torproject.org/exit-addresses',
          enabled: false,
          distribution: '0',
          tag_id: '0',
          source_format: 'freetext',
          settings: '',
          input_source: 'network',
          lookup_visible: false,
          caching_enabled: false,
          cache_timestamp: false,
          cached_elements: '0',
        })
        expect(await platform.feeds.index(admin)).toEqual([{ Feed: added.Feed }])
        expect(await platform.feeds.view(admin, added.Feed.id)).toEqual({ Feed: added.Feed })
      })

      it.each([
        [{ provider: 'p', url: 'https://example.com/f' }, 'name', 'This field cannot be left empty.'],
        [{ name: 'n', url: 'https://example.com/f' }, 'provider', 'This field cannot be left empty.'],
        [{ name: 'n', provider: 'p', url: 'ftp://example.com/f' }, 'url', 'Please enter a valid url'],
        [{ name: 'n', provider: 'p', url: 'relative/path', input_source: 'local' }, 'url', 'Please enter a valid url'],
        [{ name: 'n', provider: 'p', url: 'https://example.com/f', source_format: 'stix' }, 'source_format', 'Options'],
        [{ name: 'n', provider: 'p', url: 'https://example.com/f', input_source: 'ftp' }, 'input_source', 'Options'],
        [{ name: 'n', provider: 'p', url: 'https://example.com/f', distribution: 4 }, 'distribution', 'Options'],
        [{ name: 'n', provider: 'p', url: 'https://example.com/f', enabled: 'maybe' }, 'enabled', 'boolean'],
        [{ name: 'n', provider: 'p', url: 'https://example.com/f', tag_id: 999 }, 'tag_id', 'Invalid tag.'],
        [
          { name: 'n', provider: 'p', url: 'https://e.com/f', settings: { csv: { value: '0' } } },
          'settings.csv.value',
          'column',
        ],
        [
          { name: 'n', provider: 'p', url: 'https://e.com/f', settings: { csv: { delimiter: ';;' } } },
          'settings.csv.delimiter',
          'one character',
        ],
        [{ name: 'n', provider: 'p', url: 'https://e.com/f', settings: '{not json' }, 'settings', 'JSON object'],
        [
          { name: 'n', provider: 'p', url: 'https://e.com/f', settings: { common: { excluderegex: '/x/' } } },
          'settings.common.excluderegex',
          'not supported',
        ],
      ])('refuses %j, naming the field', async (fields, field, message) => {
        const error = await failure(() => platform.feeds.add(admin, { Feed: fields }))
        expect(hasErrorCode(error, 'SLC_VALIDATION')).toBe(true)
        expect(error).toMatchObject({ model: 'Feed', field })
        expect(error.message).toContain(message)
        expect(await platform.feeds.index(admin)).toEqual([])
      })

      it('lets only site admins see or change feeds', async () => {
        const user: Actor = { ...admin, role: 'org_admin' }
        for (const operation of [
          () => platform.feeds.index(user),
          () => platform.feeds.add(user, { Feed: { name: 'n', provider: 'p', url: 'https://e.com/f' } }),
          () => platform.feeds.cacheFeeds(user, 'all'),
        ]) {
          expect(hasErrorCode(await failure(operation), 'SLC_FORBIDDEN')).toBe(true)
        }
      })

      it('edits only the fields sent, enables, disables and deletes a feed with its cache', async () => {
        const id = await localFeed({ name: 'List', url: folder.file('list.txt', '192.0.2.1\n') })
        const edited = await platform.feeds.edit(admin, id, { Feed: { name: 'Renamed', lookup_visible: 1 } })
        expect(edited.Feed).toMatchObject({
          name: 'Renamed',
          lookup_visible: true,
          input_source: 'local',
          enabled: true,
        })
        expect((await platform.feeds.setEnabled(admin, id, false)).Feed.enabled).toBe(false)
        expect((await platform.feeds.setEnabled(admin, id, true)).Feed.enabled).toBe(true)
        await platform.feeds.delete(admin, id)
        expect(await listFeedValues(store.db, Number(id))).toEqual([])
        expect(hasErrorCode(await failure(() => platform.feeds.view(admin, id)), 'SLC_NOT_FOUND')).toBe(true)
      })

      it('refuses local feeds when `Security.disable_local_feed_access` is on, as MISP does', async () => {
        const url = folder.file('list.txt', '192.0.2.1\n')
        const id = await localFeed({ name: 'List', url })
        await platform.settings.set('Security.disable_local_feed_access', true)
        const error = await failure(() =>
          platform.feeds.add(admin, { Feed: { name: 'n', provider: 'p', url, input_source: 'local' } }),
        )
        expect(error).toMatchObject({ code: 'SLC_VALIDATION', field: 'input_source' })
        const [result] = await platform.feeds.cacheFeeds(admin, id)
        expect(result).toMatchObject({ isCached: false, error: expect.stringContaining('Local feeds are disabled') })
        expect(await cachedValues(id)).toEqual(['192.0.2.1'])
      })
    })

    describe('caching', () => {
      it('caches a freetext feed: one value per line, blanks and `#` comments skipped, duplicates once', async () => {
        const url = folder.file(
          'tor.txt',
          '# Tor exit nodes\r\n\r\n192.0.2.1\n  192.0.2.2  \n192.0.2.1\n   # indented comment\n',
        )
        const id = await localFeed({ name: 'Tor exit nodes', url })
        expect(await cachedValues(id)).toEqual(['192.0.2.1', '192.0.2.2'])
        const { Feed } = await platform.feeds.view(admin, id)
        expect(Feed.cached_elements).toBe('2')
        expect(Number(Feed.cache_timestamp)).toBeGreaterThan(0)
      })

      it('leaves out values PostgreSQL or the index cannot hold: a NUL character, over 1,024 bytes', async () => {
        const url = folder.file('odd.txt', `192.0.2.3\u0000evil\n${'a'.repeat(1025)}\n192.0.2.4\n`)
        const added = await platform.feeds.add(admin, {
          Feed: { name: 'Odd', provider: 'p', url, input_source: 'local', caching_enabled: true },
        })
        const [result] = await platform.feeds.cacheFeeds(admin, added.Feed.id)
        expect(result).toMatchObject({ isCached: true, values: 1, skipped: 2 })
        expect(await cachedValues(added.Feed.id)).toEqual(['192.0.2.4'])
      })

      it('caches the configured columns of a CSV feed, skipping its header, with quoted cells', async () => {
        const url = folder.file(
          'c2.csv',
          'first_seen;ip;domain\n2024-01-01;192.0.2.10;"bad;domain.example"\n# comment\n2024-01-02;192.0.2.11;other.example\n',
        )
        const id = await localFeed({
          name: 'C2',
          url,
          source_format: 'csv',
          settings: JSON.stringify({ csv: { value: '2,3', delimiter: ';', header: '1' } }),
        })
        expect(await cachedValues(id)).toEqual(['192.0.2.10', '192.0.2.11', 'bad;domain.example', 'other.example'])
      })

      it('caches every attribute of a MISP feed directory with the uuid of its event', async () => {
        const url = folder.mispFeed('misp-feed', [
          { uuid: EVENT_A, attributes: [{ type: 'ip-dst|port', value: '192.0.2.20|443' }] },
          {
            uuid: EVENT_B,
            attributes: [
              { type: 'domain|ip', value: 'evil.example|192.0.2.21' },
              { type: 'ip-dst', value: '192.0.2.20' },
            ],
          },
        ])
        const id = await localFeed({ name: 'MISP feed', url, source_format: 'misp' })
        const rows = await listFeedValues(store.db, Number(id))
        expect(rows.map((row) => `${row.eventUuid} ${row.value}`).sort()).toEqual(
          [
            // `…|port` types are cached by host only, as MISP looks them up.
            `${EVENT_A} 192.0.2.20`,
            `${EVENT_B} 192.0.2.20`,
            `${EVENT_B} 192.0.2.21`,
            `${EVENT_B} evil.example`,
          ].sort(),
        )
      })

      it('caches a network feed over HTTP when the allow-list admits it, and refuses it otherwise', async () => {
        folder.mispFeed('served', [{ uuid: EVENT_A, attributes: [{ type: 'ip-dst', value: '192.0.2.30' }] }])
        const server = await serveFolder(folder.path)
        try {
          const added = await platform.feeds.add(admin, {
            Feed: {
              name: 'Served',
              provider: 'Tests',
              url: `${server.url}/served`,
              source_format: 'misp',
              enabled: true,
              caching_enabled: true,
            },
          })
          const refused = await platform.feeds.cacheFeeds(admin, added.Feed.id)
          expect(refused[0]).toMatchObject({
            isCached: false,
            error: expect.stringContaining('rest_client_enable_arbitrary_urls'),
          })
          expect(server.requests).toEqual([])

          await platform.settings.set('Sluice.outbound_allow_list', ['127.0.0.1'])
          const [result] = await platform.feeds.cacheFeeds(admin, added.Feed.id)
          expect(result).toMatchObject({ isCached: true, values: 1 })
          expect(server.requests).toEqual(['/served/manifest.json', `/served/${EVENT_A}.json`])
          expect(await cachedValues(added.Feed.id)).toEqual(['192.0.2.30'])
        } finally {
          await server.close()
        }
      })

      it('keeps the previous cache when a source turns hostile: a manifest key that is not a uuid, a file over the size cap, bad JSON', async () => {
        const url = folder.mispFeed('misp', [{ uuid: EVENT_A, attributes: [{ type: 'ip-dst', value: '192.0.2.40' }] }])
        const id = await localFeed({ name: 'MISP', url, source_format: 'misp' })
        const listId = await localFeed({ name: 'List', url: folder.file('list.txt', '192.0.2.41\n') })

        folder.file('misp/manifest.json', JSON.stringify({ '../list': {} }))
        let [result] = await platform.feeds.cacheFeeds(admin, id)
        expect(result).toMatchObject({ isCached: false, error: expect.stringContaining('not an event uuid') })

        folder.file('misp/manifest.json', '{"oops"')
        ;[result] = await platform.feeds.cacheFeeds(admin, id)
        expect(result).toMatchObject({ isCached: false, error: expect.stringContaining('not valid JSON') })
        expect(await cachedValues(id)).toEqual(['192.0.2.40'])

        await platform.settings.set('Sluice.feed_max_bytes', 1024)
        folder.file('list.txt', '192.0.2.42\n'.repeat(200))
        ;[result] = await platform.feeds.cacheFeeds(admin, listId)
        expect(result).toMatchObject({ isCached: false, error: expect.stringContaining('larger than 1024 bytes') })
        expect(await cachedValues(listId)).toEqual(['192.0.2.41'])
      })

      it('caches by scope only the feeds with caching enabled, as MISP does', async () => {
        await localFeed({ name: 'Text', url: folder.file('a.txt', '192.0.2.50\n') })
        const misp = folder.mispFeed('m', [{ uuid: EVENT_A, attributes: [{ type: 'ip-dst', value: '192.0.2.51' }] }])
        await localFeed({ name: 'MISP', url: misp, source_format: 'misp' })
        const off = await platform.feeds.add(admin, {
          Feed: { name: 'Off', provider: 'p', url: folder.file('b.txt', '192.0.2.52\n'), input_source: 'local' },
        })
        expect((await platform.feeds.cacheFeeds(admin, 'all')).map((result) => result.name)).toEqual(['Text', 'MISP'])
        expect((await platform.feeds.cacheFeeds(admin, 'freetext')).map((result) => result.name)).toEqual(['Text'])
        expect((await platform.feeds.cacheFeeds(admin, 'misp')).map((result) => result.name)).toEqual(['MISP'])
        const notCached = await failure(() => platform.feeds.cacheFeeds(admin, off.Feed.id))
        expect(notCached).toMatchObject({ code: 'SLC_VALIDATION', field: 'caching_enabled' })
        expect(await failure(() => platform.feeds.cacheFeeds(admin, 'everything'))).toMatchObject({ field: 'scope' })
      })
    })

    describe('feed correlations', () => {
      /** Adds an event with `attributes`; answers its id. */
      const addEvent = async (attributes: any[]) =>
        (await platform.events.add(admin, { Event: { info: 'Correlation input', Attribute: attributes } })).Event.id
      const attributesByValue = (event: any) =>
        new Map<string, any>(
          [...event.Attribute, ...event.Object.flatMap((object: any) => object.Attribute)].map((attribute: any) => [
            attribute.value,
            attribute,
          ]),
        )

      it('attaches `Feed` to each attribute with a hit in an enabled feed, in MISP’s shape', async () => {
        const tor = await localFeed({
          name: 'Tor exit nodes',
          url: folder.file('tor.txt', '192.0.2.1\nevil.example/path\n192.0.2.2\n'),
        })
        const misp = await localFeed({
          name: 'MISP feed',
          source_format: 'misp',
          url: folder.mispFeed('m', [
            { uuid: EVENT_A, attributes: [{ type: 'ip-dst', value: '192.0.2.1' }] },
            { uuid: EVENT_B, attributes: [{ type: 'ip-src', value: '192.0.2.1' }] },
          ]),
        })
        const id = await addEvent([
          { type: 'ip-dst|port', value: '192.0.2.1|8080' },
          { type: 'url', value: 'https://evil.example/path' },
          { type: 'ip-dst', value: '192.0.2.99' },
          { type: 'ip-src', value: '192.0.2.1', disable_correlation: true },
        ])
        await platform.objects.add(admin, id, {
          Object: {
            name: 'domain-ip',
            'meta-category': 'network',
            description: 'A domain and its IP',
            template_uuid: '43b3b146-77eb-4931-b4cc-b66c60f28734',
            template_version: '9',
            Attribute: [{ type: 'ip-dst', object_relation: 'ip', value: '192.0.2.2' }],
          },
        })
        const event = (await platform.backend.fetchFullEvent!(id)) as any
        const byValue = attributesByValue(event)
        const torEntry = {
          id: tor,
          name: 'Tor exit nodes',
          url: folder.path + '/tor.txt',
          provider: 'Tests',
          source_format: 'freetext',
        }
        expect(byValue.get('192.0.2.1|8080').Feed).toEqual([
          torEntry,
          {
            id: misp,
            name: 'MISP feed',
            url: folder.path + '/m',
            provider: 'Tests',
            source_format: 'misp',
            event_uuids: expect.arrayContaining([EVENT_A, EVENT_B]),
          },
        ])
        // A URL is also looked up without its scheme, as MISP does.
        expect(byValue.get('https://evil.example/path').Feed).toEqual([torEntry])
        // Objects' attributes are looked up too (in the same query).
        expect(byValue.get('192.0.2.2').Feed).toEqual([torEntry])
        expect(byValue.get('192.0.2.99').Feed).toBeUndefined()
        expect(byValue.get('192.0.2.1').Feed).toBeUndefined()
        expect(event.Event.Feed.map((feed: any) => feed.name)).toEqual(['Tor exit nodes', 'MISP feed'])
      })

      it('leaves out disabled feeds, and everything when `Sluice.feed_correlations` is off', async () => {
        const tor = await localFeed({ name: 'Tor exit nodes', url: folder.file('tor.txt', '192.0.2.1\n') })
        const id = await addEvent([{ type: 'ip-dst', value: '192.0.2.1' }])
        await platform.settings.set('Sluice.feed_correlations', false)
        expect(attributesByValue(await platform.backend.fetchFullEvent!(id)).get('192.0.2.1').Feed).toBeUndefined()
        await platform.settings.set('Sluice.feed_correlations', true)
        expect(attributesByValue(await platform.backend.fetchFullEvent!(id)).get('192.0.2.1').Feed).toHaveLength(1)
        await platform.feeds.setEnabled(admin, tor, false)
        expect(attributesByValue(await platform.backend.fetchFullEvent!(id)).get('192.0.2.1').Feed).toBeUndefined()
      })

      it('is in the data of event-after-save-new and in what the walk sees', async () => {
        await localFeed({ name: 'Tor exit nodes', url: folder.file('tor.txt', '192.0.2.1\n') })
        await installRecorder(platform, 'event-after-save-new')
        await addEvent([{ type: 'ip-dst', value: '192.0.2.1' }])
        await platform.drain()
        const [record] = env.records.filter((entry) => entry.triggerId === 'event-after-save-new')
        expect(record.raw.Attribute[0].Feed).toEqual([expect.objectContaining({ name: 'Tor exit nodes' })])
        // The walk's data keeps it: the blueprint's `Feed.{n}.name` filter reads it there.
        expect(record.normalised.Event.Attribute[0].Feed[0].name).toBe('Tor exit nodes')
        expect(record.normalised.Event._AttributeFlattened[0].Feed[0].name).toBe('Tor exit nodes')
      })
    })
  })
}

describe('sluice feeds cache', () => {
  let folder: FeedFolder
  beforeEach(() => {
    folder = feedFolder()
  })
  afterEach(() => folder.remove())

  /** Opens the data folder's store with a platform, as `sluice serve` would, for `work`. */
  const withPlatform = async (data: string, work: (platform: LocalPlatform, admin: Actor) => Promise<void>) => {
    const store = await openDatabase(join(data, 'sluice.sqlite'))
    const platform = createPlatform({ store })
    try {
      const { apiKey } = await bootstrap(platform, { adminKey: 'K'.repeat(40) })
      await work(platform, (await platform.users.authenticate(apiKey ?? 'K'.repeat(40)))!)
    } finally {
      await platform.close()
      await store.close()
    }
  }

  it('caches the feeds of the data folder’s store, one line per feed; exit 2 when a source fails', async () => {
    const data = join(folder.path, 'data')
    const url = folder.file('tor.txt', '192.0.2.1\n192.0.2.2\n')
    let id = ''
    await withPlatform(data, async (platform, admin) => {
      const feed = { provider: 'p', input_source: 'local', caching_enabled: true }
      id = (await platform.feeds.add(admin, { Feed: { ...feed, name: 'Tor exit nodes', url } })).Feed.id
      await platform.feeds.add(admin, { Feed: { ...feed, name: 'Gone', url: join(folder.path, 'gone.txt') } })
    })
    const result = await runCli(['feeds', 'cache', id, '--data', data], { timeoutMs: 60_000 })
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain(`cached feed ${id} (Tor exit nodes): 2 values`)
    const all = await runCli(['feeds', 'cache', '--data', data], { timeoutMs: 60_000 })
    expect(all.code).toBe(2)
    expect(all.stderr).toContain('(Gone): Cannot read')
    expect(all.stdout).toContain('1 cached, 1 failed')
    await withPlatform(data, async (platform, admin) => {
      expect((await platform.feeds.view(admin, id)).Feed.cached_elements).toBe('2')
    })
  })
})

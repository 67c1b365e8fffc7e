/**
 * `sluice serve` as a process: the data folder lock, the admin key printed once, the
 * environment variables. The suites that need the real platform wait for
 * src/platform/create-platform.ts and are skipped with a message until it exists.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { resolveServeSettings } from '../src/cli/commands/serve.ts'
import { runNodeScript } from './harness/cli.ts'
import { call, type ServedInstance, startServe } from './harness/http.ts'
import { startMispModulesServer } from './harness/misp-modules-server.ts'

/** A free TCP port on 127.0.0.1. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

let dataDir: string
const running: ServedInstance[] = []
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'sluice-serve-'))
})
afterEach(async () => {
  for (const instance of running.splice(0)) await instance.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

async function serve(args: string[], env: Record<string, string> = {}): Promise<ServedInstance> {
  const instance = await startServe(args, env)
  running.push(instance)
  return instance
}

describe('sluice serve: the data folder lock', () => {
  it('fails with SLC_DATA_LOCKED and exit 2 when a live process holds the folder, naming both', async () => {
    writeFileSync(join(dataDir, 'sluice.lock'), `${process.pid}\n`)
    const result = await runNodeScript('src/cli/main.ts', ['serve', '--data', dataDir, '--port', '0'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(dataDir)
    expect(result.stderr).toContain(`pid ${process.pid}`)
    expect(readFileSync(join(dataDir, 'sluice.lock'), 'utf8').trim()).toBe(String(process.pid))
  })
  it('says the port is in use, and how to choose another, with exit 2', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const { port } = blocker.address() as { port: number }
    try {
      const result = await runNodeScript('src/cli/main.ts', ['serve', '--data', dataDir, '--port', String(port)])
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(`Cannot listen on 127.0.0.1:${port}: the port is in use`)
      expect(result.stderr).not.toMatch(/\n\s+at /)
    } finally {
      await new Promise((resolve) => blocker.close(resolve))
    }
  })
  it('names the database it cannot reach, without its password, with exit 2', async () => {
    const url = 'postgres://bob:secret@127.0.0.1:1/nowhere'
    const result = await runNodeScript('src/cli/main.ts', ['serve', '--data', dataDir, '--db', url])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('postgres://bob:***@127.0.0.1:1/nowhere: could not be reached')
    expect(result.stderr).not.toContain('secret')
  })
  it('refuses a port that is not a number with exit 2', async () => {
    const result = await runNodeScript('src/cli/main.ts', ['serve', '--data', dataDir, '--port', 'eighty'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--port eighty')
  })
})

describe('sluice serve with the real platform', () => {
  it('creates the database on first start and prints the admin API key once', async () => {
    const first = await serve(['--data', dataDir, '--port', '0'])
    const key = /API key[^:]*: (\S+)/.exec(first.output().stdout)?.[1]
    expect(key).toBeTruthy()
    expect(existsSync(join(dataDir, 'sluice.sqlite'))).toBe(true)
    const version = await call(first.baseUrl, 'GET', '/servers/getVersion', { key })
    expect(version.status).toBe(200)
    expect(await first.stop()).toBe(0)
    expect(existsSync(join(dataDir, 'sluice.lock'))).toBe(false)

    const second = await serve(['--data', dataDir, '--port', '0'])
    expect(second.output().stdout).not.toContain('API key')
    expect((await call(second.baseUrl, 'GET', '/servers/getVersion', { key })).status).toBe(200)
  })
  it('lets a second process on the same data folder fail with the lock error (exit 2)', async () => {
    await serve(['--data', dataDir, '--port', '0'])
    const holder = readFileSync(join(dataDir, 'sluice.lock'), 'utf8').trim()
    const result = await runNodeScript('src/cli/main.ts', ['serve', '--data', dataDir, '--port', '0'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`pid ${holder}`)
    expect(result.stderr).toContain(dataDir)
  })
  it('takes over a stale lock', async () => {
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    })
    writeFileSync(join(dataDir, 'sluice.lock'), `${child.stdout}\n`)
    const instance = await serve(['--data', dataDir, '--port', '0'])
    expect(readFileSync(join(dataDir, 'sluice.lock'), 'utf8').trim()).not.toBe(child.stdout)
    expect(instance.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })
  it('honours SLUICE_HOST, SLUICE_PORT, SLUICE_DATA, SLUICE_DB and SLUICE_ADMIN_KEY', async () => {
    const port = await freePort()
    const key = 'k'.repeat(40)
    const db = join(dataDir, 'elsewhere.sqlite')
    const instance = await serve([], {
      SLUICE_HOST: '127.0.0.1',
      SLUICE_PORT: String(port),
      SLUICE_DATA: dataDir,
      SLUICE_DB: db,
      SLUICE_ADMIN_KEY: key,
    })
    expect(instance.baseUrl).toBe(`http://127.0.0.1:${port}`)
    expect(instance.output().stdout).not.toContain(key)
    expect(existsSync(db)).toBe(true)
    expect(existsSync(join(dataDir, 'sluice.lock'))).toBe(true)
    expect((await call(instance.baseUrl, 'GET', '/servers/getVersion', { key })).status).toBe(200)
  })
})

describe('sluice serve --enrichment-url', () => {
  const key = 'e'.repeat(40)

  it('points enrichment at misp-modules there and turns it on: a query reaches that server', async () => {
    const modules = await startMispModulesServer()
    try {
      const instance = await serve(['--data', dataDir, '--port', '0', '--enrichment-url', modules.url], {
        SLUICE_ADMIN_KEY: key,
      })
      const setting = async (name: string) =>
        (await call(instance.baseUrl, 'GET', `/servers/getSetting/${name}`, { key })).json.value
      expect(await setting('Plugin.Enrichment_services_enable')).toBe(true)
      expect(await setting('Plugin.Enrichment_services_url')).toBe('http://127.0.0.1')
      expect(await setting('Plugin.Enrichment_services_port')).toBe(modules.port)
      const event = await call(instance.baseUrl, 'POST', '/events/add', {
        key,
        body: { Event: { info: 'Enrich me', Attribute: [{ type: 'domain', value: 'circl.lu' }] } },
      })
      const attributeId = event.json.Event.Attribute[0].id
      const query = await call(instance.baseUrl, 'POST', `/events/queryEnrichment/${attributeId}/dns`, { key })
      expect(query.status, JSON.stringify(query.json)).toBe(200)
      expect(modules.queries.map((body) => body.module)).toEqual(['dns'])
    } finally {
      await modules.close()
    }
  })
  it('takes SLUICE_ENRICHMENT_URL, the flag winning over it', async () => {
    const instance = await serve(
      ['--data', dataDir, '--port', '0', '--enrichment-url', 'https://modules.example:7000'],
      {
        SLUICE_ADMIN_KEY: key,
        SLUICE_ENRICHMENT_URL: 'http://ignored.example:6000',
      },
    )
    const setting = async (name: string) =>
      (await call(instance.baseUrl, 'GET', `/servers/getSetting/${name}`, { key })).json.value
    expect(await setting('Plugin.Enrichment_services_url')).toBe('https://modules.example')
    expect(await setting('Plugin.Enrichment_services_port')).toBe(7000)
    expect(resolveServeSettings({}, { SLUICE_ENRICHMENT_URL: 'http://a:1' }).enrichmentUrl).toBe('http://a:1')
    expect(resolveServeSettings({}, {}).enrichmentUrl).toBeUndefined()
  })
  it('refuses a URL that is not http(s) host and port, naming the flag, with exit 2 and nothing started', async () => {
    for (const url of ['modules:6666', 'ftp://127.0.0.1:6666', 'http://127.0.0.1:6666/query']) {
      const result = await runNodeScript('src/cli/main.ts', [
        'serve',
        '--data',
        dataDir,
        '--port',
        '0',
        '--enrichment-url',
        url,
      ])
      expect(result.code, url).toBe(2)
      expect(result.stderr).toContain(`--enrichment-url ${url}`)
      expect(result.stderr).not.toMatch(/\n\s+at /)
      expect(existsSync(join(dataDir, 'sluice.sqlite'))).toBe(false)
    }
  })
})

describe('sluice serve --trust-proxy', () => {
  it('takes SLUICE_TRUST_PROXY, the flag winning over it, and trusts nobody by default', () => {
    expect(resolveServeSettings({}, {}).trustedProxies).toEqual([])
    expect(resolveServeSettings({}, { SLUICE_TRUST_PROXY: '10.0.0.0/8' }).trustedProxies).toEqual(['10.0.0.0/8'])
    expect(
      resolveServeSettings({ trustProxy: 'loopback' }, { SLUICE_TRUST_PROXY: '10.0.0.0/8' }).trustedProxies,
    ).toEqual(['loopback'])
  })
  it('refuses an entry that is not an address or a range, naming the flag, with exit 2', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-serve-'))
    try {
      const result = await runNodeScript('src/cli/main.ts', [
        'serve',
        '--data',
        dataDir,
        '--port',
        '0',
        '--trust-proxy',
        'true',
      ])
      expect(result.code).toBe(2)
      expect(result.stderr).toContain('--trust-proxy "true": not an IP address')
      expect(existsSync(join(dataDir, 'sluice.sqlite'))).toBe(false)
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

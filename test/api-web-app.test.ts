/** The web app at `/` (src/api/web-app.ts): served when built, a clear page when it is not. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/api/index.ts'
import { CONTENT_SECURITY_POLICY, NOT_BUILT_MESSAGE } from '../src/api/web-app.ts'
import { createFakePlatform } from './harness/fake-platform.ts'

describe('GET / (web app)', () => {
  let folder: string
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'sluice-web-'))
    mkdirSync(join(folder, 'built', 'assets'), { recursive: true })
    writeFileSync(join(folder, 'built', 'index.html'), '<!doctype html><title>app</title>')
    writeFileSync(join(folder, 'built', 'assets', 'app-1234.js'), 'console.log(1)')
    mkdirSync(join(folder, 'empty'))
  })
  afterAll(() => rmSync(folder, { recursive: true, force: true }))

  it('serves index.html and the assets, with caching only for hashed assets', async () => {
    const app = buildApp({ platform: createFakePlatform(), webRoot: join(folder, 'built') })
    const index = await app.inject({ method: 'GET', url: '/' })
    expect(index.statusCode).toBe(200)
    expect(index.body).toContain('<title>app</title>')
    expect(index.headers['cache-control']).toBe('no-cache')
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
    expect(index.headers['x-frame-options']).toBe('DENY')
    const asset = await app.inject({ method: 'GET', url: '/assets/app-1234.js' })
    expect(asset.statusCode).toBe(200)
    expect(asset.headers['cache-control']).toMatch(/immutable/)
    // Only the build's files are routes: other paths keep MISP's 404 body.
    const other = await app.inject({ method: 'GET', url: '/assets/nothing.js' })
    expect(other.statusCode).toBe(404)
    expect(other.json()).toMatchObject({ name: 'Not Found', message: 'Not Found' })
    await app.close()
  })

  it('says how to build the app when the folder has no build', async () => {
    const app = buildApp({ platform: createFakePlatform(), webRoot: join(folder, 'empty') })
    const index = await app.inject({ method: 'GET', url: '/' })
    expect(index.statusCode).toBe(503)
    expect(index.body).toContain(NOT_BUILT_MESSAGE)
    await app.close()
  })
})

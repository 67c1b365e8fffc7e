/**
 * The build `npm start` serves is React's production build even when the tests made it: vite
 * keeps an inherited NODE_ENV, and under vitest (NODE_ENV=test) it used to build the
 * development one, which `npm start` then served as up to date (web/build-if-stale.ts).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { WEB_DIR } from '../../web/build-if-stale.ts'
import { ensureWebBuilt } from './harness.ts'

describe('the web build', () => {
  it('is the production build of React, whoever built it', async () => {
    expect(process.env.NODE_ENV).toBe('test')
    await ensureWebBuilt()
    const assets = join(WEB_DIR, 'dist', 'assets')
    const bundles = readdirSync(assets).filter((name) => /^index-.*\.js$/.test(name))
    expect(bundles).toHaveLength(1)
    const code = readFileSync(join(assets, bundles[0] as string), 'utf8')
    // React's production build replaces its error texts with this pointer; the development build has none.
    expect(code).toContain('Minified React error')
  }, 120_000)
})

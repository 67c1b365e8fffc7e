/**
 * The README's `curl` sequence, run as it is written (bash, curl, jq) against a served instance
 * over real HTTP. Waits for the real platform (src/platform/create-platform.ts).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from './harness/cli.ts'
import { startServe } from './harness/http.ts'

/** The shell block between the README's curl-sequence markers. */
function readmeSequence(): string {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')
  const match = /<!-- curl-sequence:start -->\s*```sh\n([\s\S]*?)```\s*<!-- curl-sequence:end -->/.exec(readme)
  if (!match) throw new Error('README.md has no curl-sequence block')
  return match[1]
}

describe('README curl sequence', () => {
  it('is in the README and creates, publishes and views an event', () => {
    const block = readmeSequence()
    expect(block).toContain('tlp:red')
    expect(block).toContain('/events/add')
    expect(block).toContain('/events/publish/')
    expect(block).toContain('/events/view/')
  })

  it('runs over real HTTP against sluice serve', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-readme-'))
    const key = 'r'.repeat(40)
    const instance = await startServe(['--data', dataDir, '--port', '0'], { SLUICE_ADMIN_KEY: key })
    try {
      const result = spawnSync('bash', ['-euo', 'pipefail', '-c', readmeSequence()], {
        env: { ...process.env, KEY: key, SLUICE: instance.baseUrl },
        encoding: 'utf8',
        timeout: 20_000,
      })
      expect(result.status, result.stderr).toBe(0)
      expect(result.stdout).toMatch(/created event \d+/)
      expect(result.stdout).toContain('"name":"Event published without alerts"')
      expect(result.stdout).toContain('"published": true')
    } finally {
      await instance.stop()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

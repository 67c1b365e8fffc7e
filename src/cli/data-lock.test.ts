import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { acquireDataLock, isProcessAlive, LOCK_FILE } from './data-lock.ts'

/** A pid that is not alive: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
  return Number(child.stdout)
}

describe('acquireDataLock', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-lock-'))
  })
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('creates the lock file holding the pid, and removes it on release', () => {
    const lock = acquireDataLock(dir)
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid))
    lock.release()
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false)
    lock.release()
  })
  it('refuses a folder whose lock holds a live pid, naming the folder and the pid', () => {
    const other = process.ppid
    writeFileSync(join(dir, LOCK_FILE), `${other}\n`)
    expect(() => acquireDataLock(dir)).toThrow(
      expect.objectContaining({ code: 'SLC_DATA_LOCKED', message: expect.stringContaining(`pid ${other}`) }),
    )
    expect(() => acquireDataLock(dir)).toThrow(dir)
  })
  it('takes over a stale lock whose pid is not alive', () => {
    const pid = deadPid()
    expect(isProcessAlive(pid)).toBe(false)
    writeFileSync(join(dir, LOCK_FILE), `${pid}\n`)
    const lock = acquireDataLock(dir)
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid))
    lock.release()
  })
  it('takes over a lock file with garbage in it', () => {
    writeFileSync(join(dir, LOCK_FILE), 'not a pid')
    acquireDataLock(dir).release()
  })
  it('does not remove a lock another process took after ours', () => {
    const lock = acquireDataLock(dir)
    writeFileSync(join(dir, LOCK_FILE), `${process.ppid}\n`)
    lock.release()
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true)
  })
})

/**
 * The exclusive lock of a data folder (issue #3): `sluice.lock` created with O_EXCL holds the
 * owner's pid. A lock whose pid is no longer alive is stale and taken over; a live owner makes
 * the second process fail with `SLC_DATA_LOCKED`, naming the folder and the other pid.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { OperationalError } from '../errors.ts'

/** The lock file's name inside the data folder. */
export const LOCK_FILE = 'sluice.lock'

/** A held lock. */
export interface DataLock {
  /** The lock file. */
  path: string
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): void
}

/** Whether a process with this pid is alive (EPERM: alive, owned by someone else). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readOwner(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10)
    return Number.isInteger(pid) && pid > 0 ? pid : null
  } catch {
    return null
  }
}

/** Takes the lock of `dataDir` (which must exist), or throws `SLC_DATA_LOCKED`. */
export function acquireDataLock(dataDir: string): DataLock {
  const path = join(resolve(dataDir), LOCK_FILE)
  // Two tries: the second after removing a stale lock; O_EXCL makes only one taker win.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o644)
      writeSync(fd, `${process.pid}\n`)
      closeSync(fd)
      let isReleased = false
      return {
        path,
        release() {
          if (isReleased) return
          isReleased = true
          if (readOwner(path) === process.pid) unlinkSync(path)
        },
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const owner = readOwner(path)
      if (owner !== null && owner !== process.pid && isProcessAlive(owner)) {
        throw new OperationalError(
          'SLC_DATA_LOCKED',
          `the data folder ${resolve(dataDir)} is in use by another Sluice process (pid ${owner}); stop it, or use another --data folder`,
        )
      }
      try {
        unlinkSync(path)
      } catch (unlinkError) {
        if ((unlinkError as NodeJS.ErrnoException).code !== 'ENOENT') throw unlinkError
      }
    }
  }
  throw new OperationalError('SLC_DATA_LOCKED', `could not take the lock ${path}: it keeps reappearing`)
}

/**
 * Slows down password guessing on `POST /sluice/session`: after `limit` failed sign-ins from one
 * client address within `windowMs`, further attempts from it are refused (429) until the window
 * has passed. An attempt is counted when it starts (so that concurrent attempts cannot all slip
 * past the limit) and taken back when it succeeds; earlier failures stay counted, so that signing
 * in to an account of one's own between guesses does not reset the count. Kept in memory, per
 * process.
 */

/** The default: 10 failures per 15 minutes. */
export const SIGN_IN_FAILURE_LIMIT = 10
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000

/** The failure counts of one app. */
export interface SignInThrottle {
  /** Whether `address` may try now. */
  allows(address: string): boolean
  /** Counts an attempt as failed (at its start: `succeed` takes it back). */
  fail(address: string): void
  /** Takes back one counted attempt of the address: it succeeded. */
  succeed(address: string): void
}

/** An in-memory throttle; `now` is injectable for tests. */
export function createSignInThrottle(
  options: { limit?: number; windowMs?: number; now?: () => number } = {},
): SignInThrottle {
  const limit = options.limit ?? SIGN_IN_FAILURE_LIMIT
  const windowMs = options.windowMs ?? SIGN_IN_WINDOW_MS
  const now = options.now ?? Date.now
  const failures = new Map<string, { count: number; since: number }>()
  const current = (address: string) => {
    const entry = failures.get(address)
    if (entry && now() - entry.since >= windowMs) {
      failures.delete(address)
      return undefined
    }
    return entry
  }
  return {
    allows: (address) => (current(address)?.count ?? 0) < limit,
    fail(address) {
      const entry = current(address)
      if (entry) entry.count += 1
      else failures.set(address, { count: 1, since: now() })
      // Bounded memory: a flood of addresses drops the oldest entries first.
      if (failures.size > 10_000) failures.delete(failures.keys().next().value as string)
    },
    succeed(address) {
      const entry = current(address)
      if (!entry) return
      entry.count -= 1
      if (entry.count <= 0) failures.delete(address)
    },
  }
}

/**
 * How long a process may keep what it cached from the store (settings, the workflow list) before
 * reading it again, for changes that other processes made.
 *
 * Changes made through the platform invalidate the process's own cache at once; this bound is
 * only about the others:
 *
 * * embedded SQLite: one process holds the data folder's lock (`sluice serve`, `sluice import`),
 *   so no other process writes the file and the cache never expires;
 * * PostgreSQL: several processes may share the database, so a cache is read again when it is
 *   older than `SHARED_CACHE_MAX_AGE_MS`. A change made elsewhere takes effect here within that
 *   time. A version counter would see it at once, but costs a query on every trigger firing,
 *   which is what the cache is for (bench/publish.ts).
 */
import type { StoreDialect } from './database.ts'

/** The longest a PostgreSQL-backed process trusts its cached settings and workflows, in ms. */
export const SHARED_CACHE_MAX_AGE_MS = 1000

/** The cache age after which a process reads settings and workflows again, for `dialect`. */
export function cacheMaxAgeMs(dialect: StoreDialect): number {
  return dialect === 'postgres' ? SHARED_CACHE_MAX_AGE_MS : Number.POSITIVE_INFINITY
}

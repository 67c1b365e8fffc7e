/**
 * The enrichment answer cache: misp-modules answers kept per (module, attribute type, value)
 * for `Sluice.enrichment_cache_ttl` seconds (default 300; 0 turns caching off), so that a
 * workflow enriching the same indicators again does not query the service again. Only good
 * answers are kept: an `{error}` answer or a failed query is asked again next time. The cache
 * is bounded; the oldest entries go first.
 */

/** The most entries kept. */
export const MAX_CACHED_ANSWERS = 10_000

/** A TTL cache of enrichment answers. */
export interface EnrichmentCache {
  /** The answer for the key, or undefined (missing or expired). */
  get(module: string, type: string, value: string): unknown
  set(module: string, type: string, value: string, answer: unknown, ttlMs: number): void
  clear(): void
  size(): number
}

/** Creates an empty cache; `now` is injectable for tests. */
export function createEnrichmentCache(now: () => number = () => Date.now()): EnrichmentCache {
  const entries = new Map<string, { expires: number; answer: unknown }>()
  const keyOf = (module: string, type: string, value: string) => `${module}\u0000${type}\u0000${value}`
  return {
    get(module, type, value) {
      const key = keyOf(module, type, value)
      const entry = entries.get(key)
      if (!entry) return undefined
      if (entry.expires <= now()) {
        entries.delete(key)
        return undefined
      }
      return entry.answer
    },
    set(module, type, value, answer, ttlMs) {
      if (ttlMs <= 0) return
      const key = keyOf(module, type, value)
      entries.delete(key)
      if (entries.size >= MAX_CACHED_ANSWERS) entries.delete(entries.keys().next().value as string)
      entries.set(key, { expires: now() + ttlMs, answer })
    },
    clear: () => entries.clear(),
    size: () => entries.size,
  }
}

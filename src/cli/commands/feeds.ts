/**
 * `sluice feeds cache [SCOPE]`: caches feeds into the store `sluice serve` uses (`--data`,
 * `--db`, `SLUICE_DATA`, `SLUICE_DB`), as `/feeds/cacheFeeds/<scope>` does (docs/feeds.md):
 * SCOPE is a feed id, `all` (the default), `freetext`, `csv` or `misp`, and only feeds with
 * caching enabled are read. The embedded data folder is locked meanwhile. One line per feed;
 * exit 2 when a source failed (its previous cache is kept).
 */
import type { FeedCacheResult } from '../../platform/index.ts'
import { asSiteAdmin, type CommandOutput, STD_OUTPUT } from '../admin-session.ts'

/** Flags of `sluice feeds cache`. */
export interface FeedsCacheFlags {
  data?: string
  db?: string
  json?: boolean
}

function printResults(results: FeedCacheResult[], output: CommandOutput): void {
  for (const result of results) {
    if (result.isCached) {
      const skipped = result.skipped > 0 ? ` (${result.skipped} too long, left out)` : ''
      output.out(`cached feed ${result.id} (${result.name}): ${result.values} values${skipped}\n`)
    } else output.err(`failed feed ${result.id} (${result.name}): ${result.error}\n`)
  }
  const failed = results.filter((result) => !result.isCached).length
  output.out(`${results.length - failed} cached, ${failed} failed\n`)
}

/** Caches the feeds of `scope`; resolves with the exit code (0, or 2 when a source failed). */
export async function feedsCacheCommand(
  scope: string,
  flags: FeedsCacheFlags,
  env: NodeJS.ProcessEnv = process.env,
  output: CommandOutput = STD_OUTPUT,
): Promise<number> {
  return asSiteAdmin(flags, env, output, async (platform, actor) => {
    const results = await platform.feeds.cacheFeeds(actor, scope)
    if (flags.json) output.out(`${JSON.stringify(results, null, 2)}\n`)
    else printResults(results, output)
    return results.some((result) => !result.isCached) ? 2 : 0
  })
}

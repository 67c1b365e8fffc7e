/**
 * What the one-shot admin commands (`sluice import`, `sluice feeds cache`) share: open the store
 * `sluice serve` uses (`--data`, `--db`, `SLUICE_DATA`, `SLUICE_DB`), hold the embedded data
 * folder's lock meanwhile, bootstrap it when it is new (printing the new admin key once), and act
 * as its first site admin.
 */
import { mkdirSync } from 'node:fs'
import { UserError } from '../errors.ts'
import type { Actor, LocalPlatform, PlatformOptions } from '../platform/index.ts'
import type { Store } from '../store/index.ts'
import { resolveServeSettings } from './commands/serve.ts'
import { acquireDataLock } from './data-lock.ts'

/** Where a command writes what it says (tests pass their own). */
export interface CommandOutput {
  out(text: string): void
  err(text: string): void
}

/** The process's stdout and stderr. */
export const STD_OUTPUT: CommandOutput = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}

/** The store's first site admin, as the actor a command acts as. */
export async function siteAdmin(db: Store['db']): Promise<Actor> {
  const row = await db
    .selectFrom('users')
    .innerJoin('roles', 'roles.id', 'users.role_id')
    .select(['users.id', 'users.org_id', 'users.email'])
    .where('roles.perm_site_admin', '=', 1)
    .orderBy('users.id')
    .executeTakeFirst()
  if (!row) throw new UserError('SLC_NOT_FOUND', 'The store has no site admin to act as.')
  return { userId: row.id, orgId: row.org_id, email: row.email, role: 'site_admin' }
}

/**
 * Runs `work` on the serve store's platform as its site admin; closes and unlocks whatever happens.
 * `platformOptions` picks the platform's queue (default: the embedded one, its jobs run here).
 */
export async function asSiteAdmin<T>(
  flags: { data?: string; db?: string },
  env: NodeJS.ProcessEnv,
  output: CommandOutput,
  work: (platform: LocalPlatform, actor: Actor) => Promise<T>,
  platformOptions?: (store: Store) => Promise<Pick<PlatformOptions, 'queue' | 'isWorker'>>,
): Promise<T> {
  const settings = resolveServeSettings({ data: flags.data, db: flags.db }, env)
  const isEmbedded = !/^postgres(ql)?:\/\//i.test(settings.dbUrl)
  mkdirSync(settings.dataDir, { recursive: true })
  const lock = isEmbedded ? acquireDataLock(settings.dataDir) : null
  const { openDatabase } = await import('../store/index.ts')
  const { bootstrap, createPlatform } = await import('../platform/index.ts')
  try {
    const store = await openDatabase(settings.dbUrl)
    let platform: LocalPlatform
    try {
      platform = createPlatform({ store, ...(await platformOptions?.(store)) })
    } catch (error) {
      await store.close()
      throw error
    }
    try {
      const { apiKey } = await bootstrap(platform, { adminKey: settings.adminKey })
      if (apiKey && apiKey !== settings.adminKey) output.out(`Site admin API key (shown once, keep it): ${apiKey}\n`)
      return await work(platform, await siteAdmin(store.db))
    } finally {
      await platform.close()
      await store.close()
    }
  } finally {
    lock?.release()
  }
}

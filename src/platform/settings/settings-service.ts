/**
 * Instance settings (MISP's server settings subset) kept in the `settings` table and cached in
 * memory: `Plugin.Workflow_enable`, `Plugin.Workflow_triggers_<id>` (both false by default, as in
 * MISP) and the enabled logic/action modules (spec/ENGINE.md §5.5, seeded once). `set` updates
 * the cache at once; `refresh` reads the table again when the cache is older than the store's
 * cache age (PostgreSQL shared by several processes; store/cache-policy.ts).
 */
import { DEFAULT_ENABLED_MODULES } from '../../modules/index.ts'
import { cacheMaxAgeMs, readSettings, seedSetting, type Store, writeSetting } from '../../store/index.ts'

/** The setting holding the ids of enabled logic and action modules (MISP's Redis set `workflow:modules_enabled`). */
export const MODULES_ENABLED_SETTING = 'Workflow.modules_enabled'
/** The setting naming the host organisation (MISP's `MISP.host_org_id`). */
export const HOST_ORG_SETTING = 'MISP.host_org_id'

/** Read and write settings. Reads need `load()` to have resolved. */
export interface SettingsService {
  /** Seeds first-start defaults and reads every setting (once; later calls share the first). */
  load(): Promise<void>
  /**
   * Reads the table again if the cache is older than the store allows (changes by other
   * processes); resolves at once otherwise, and before the first `load()`.
   */
  refresh(): Promise<void>
  get(name: string): unknown
  set(name: string, value: unknown): Promise<void>
  workflowsEnabled(): boolean
  isTriggerEnabled(triggerId: string): boolean
  isModuleEnabled(moduleId: string): boolean
  hostOrgId(): number | null
}

/** A settings service over the `settings` table; call `load()` before reading. */
export function createSettingsService(
  store: Store,
  options: { maxAgeMs?: number; now?: () => number } = {},
): SettingsService {
  const maxAgeMs = options.maxAgeMs ?? cacheMaxAgeMs(store.dialect)
  const now = options.now ?? (() => performance.now())
  const cache = new Map<string, unknown>()
  let loading: Promise<void> | null = null
  let readAt = 0
  let rereading: Promise<void> | null = null
  // Bumped before and after each set(): a re-read overlapping a write must not overwrite its value.
  let writes = 0
  const readAll = async () => {
    const started = writes
    const startedAt = now()
    const values = await readSettings(store.db)
    if (writes !== started) return
    cache.clear()
    for (const [name, value] of values) cache.set(name, value)
    readAt = startedAt
  }
  const load = async () => {
    await seedSetting(store.db, 'Plugin.Workflow_enable', false)
    await seedSetting(store.db, MODULES_ENABLED_SETTING, [...DEFAULT_ENABLED_MODULES])
    readAt = now()
    for (const [name, value] of await readSettings(store.db)) cache.set(name, value)
  }
  const truthy = (name: string) => {
    const value = cache.get(name)
    return value === true || value === 1 || value === '1' || value === 'true'
  }
  return {
    load() {
      loading ??= load()
      return loading
    },
    async refresh() {
      if (loading === null) return
      await loading
      if (now() - readAt < maxAgeMs) return
      rereading ??= readAll().finally(() => {
        rereading = null
      })
      await rereading
    },
    get: (name) => cache.get(name),
    async set(name, value) {
      await this.load()
      writes++
      await writeSetting(store.db, name, value)
      writes++
      cache.set(name, value)
    },
    workflowsEnabled: () => truthy('Plugin.Workflow_enable'),
    isTriggerEnabled: (triggerId) => truthy(`Plugin.Workflow_triggers_${triggerId}`),
    isModuleEnabled(moduleId) {
      const enabled = cache.get(MODULES_ENABLED_SETTING)
      return Array.isArray(enabled) && enabled.includes(moduleId)
    },
    hostOrgId() {
      const value = Number(cache.get(HOST_ORG_SETTING))
      return Number.isInteger(value) && value > 0 ? value : null
    },
  }
}

/**
 * Instance settings (MISP's server settings subset) kept in the `settings` table and cached in
 * memory: `Plugin.Workflow_enable`, `Plugin.Workflow_triggers_<id>` (both false by default, as in
 * MISP) and the enabled logic/action modules (spec/ENGINE.md §5.5, seeded once).
 */
import { DEFAULT_ENABLED_MODULES } from '../../modules/index.ts'
import { readSettings, seedSetting, type Store, writeSetting } from '../../store/index.ts'

/** The setting holding the ids of enabled logic and action modules (MISP's Redis set `workflow:modules_enabled`). */
export const MODULES_ENABLED_SETTING = 'Workflow.modules_enabled'
/** The setting naming the host organisation (MISP's `MISP.host_org_id`). */
export const HOST_ORG_SETTING = 'MISP.host_org_id'

/** Read and write settings. Reads need `load()` to have resolved. */
export interface SettingsService {
  /** Seeds first-start defaults and reads every setting (once; later calls share the first). */
  load(): Promise<void>
  get(name: string): unknown
  set(name: string, value: unknown): Promise<void>
  workflowsEnabled(): boolean
  isTriggerEnabled(triggerId: string): boolean
  isModuleEnabled(moduleId: string): boolean
  hostOrgId(): number | null
}

/** A settings service over the `settings` table; call `load()` before reading. */
export function createSettingsService(store: Store): SettingsService {
  const cache = new Map<string, unknown>()
  let loading: Promise<void> | null = null
  const load = async () => {
    await seedSetting(store.db, 'Plugin.Workflow_enable', false)
    await seedSetting(store.db, MODULES_ENABLED_SETTING, [...DEFAULT_ENABLED_MODULES])
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
    get: (name) => cache.get(name),
    async set(name, value) {
      await this.load()
      await writeSetting(store.db, name, value)
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

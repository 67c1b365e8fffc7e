/**
 * The module side of MISP's workflow API (spec/ENGINE.md §5.5, §6.2.7–§6.2.12): listing
 * triggers with their workflow, listing and viewing modules with MISP's filters, and enabling or
 * disabling triggers (their `Plugin.Workflow_triggers_<id>` switch) and modules (the enabled
 * set, MISP's Redis `workflow:modules_enabled`).
 */
import { UserError, ValidationError } from '../../errors.ts'
import type { ModuleDescriptor } from '../../modules/index.ts'
import type { ModuleRegistry } from '../../modules/index.ts'
import { listWorkflows } from '../../store/index.ts'
import type { PlatformContext } from '../platform-context.ts'
import { triggerSettingName } from '../settings/setting-catalogue.ts'
import { MODULES_ENABLED_SETTING } from '../settings/settings-service.ts'
import type { MispJson } from '../types.ts'
import { type HostOptionSources, withHostOptions } from '../workflow-actions/index.ts'
import { descriptorWithState, mispWorkflow } from './workflow-json.ts'

/** Named parameters (`/scope:event/enabled:1`) or body fields, as strings. */
export type NamedFilters = Record<string, string | undefined>

/** The module operations. */
export interface ModuleAdmin {
  triggers(filters?: NamedFilters): Promise<MispJson[]>
  moduleIndex(filters?: NamedFilters): Promise<MispJson[]>
  moduleView(id: string): Promise<MispJson>
  /** Enables or disables one module or trigger; false when `id` is unknown. */
  toggle(id: string, isEnabled: boolean, isTrigger: boolean): Promise<boolean>
  /** Enables or disables several; the ids that were toggled. */
  massToggle(ids: string[], isEnabled: boolean, isTrigger: boolean): Promise<string[]>
}

const FLAG = /^[01]$/

function scalarText(descriptor: MispJson): string {
  return Object.values(descriptor)
    .filter((value) => ['string', 'number', 'boolean'].includes(typeof value))
    .join(' ')
    .toLowerCase()
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  const x = String(a ?? '')
  const y = String(b ?? '')
  return x < y ? -1 : x > y ? 1 : 0
}

/** `page`, `limit`, `sort`, `direction` of MISP's paginated lists (`page:0` = everything). */
function paginate(rows: MispJson[], filters: NamedFilters): MispJson[] {
  const sort = filters.sort ?? 'id'
  const sorted = [...rows].sort((a, b) => compare(a[sort], b[sort]))
  if (filters.direction?.toLowerCase() === 'desc') sorted.reverse()
  const page = Number(filters.page ?? '1')
  const limit = Number(filters.limit ?? '60')
  if (!Number.isInteger(page) || page < 0) throw new ValidationError('Workflow', 'page', 'Must be a whole number')
  if (!Number.isInteger(limit) || limit < 1) throw new ValidationError('Workflow', 'limit', 'Must be a positive number')
  if (page === 0) return sorted
  return sorted.slice((page - 1) * limit, page * limit)
}

/** The module operations over the registry and the settings; `sources` feed host-filled options. */
export function createModuleAdmin(
  ctx: PlatformContext,
  registry: ModuleRegistry,
  sources: HostOptionSources = {},
): ModuleAdmin {
  const states = ctx.settings
  const withState = (descriptor: ModuleDescriptor) => descriptorWithState(descriptor, states)
  const nonTriggers = () => [...registry.descriptors('logic'), ...registry.descriptors('action')]
  const firstWorkflows = async () => {
    const byTrigger = new Map<string, MispJson>()
    for (const row of await listWorkflows(ctx.store.db)) {
      if (!byTrigger.has(row.trigger_id)) byTrigger.set(row.trigger_id, mispWorkflow(row, registry, states))
    }
    return byTrigger
  }
  const setEnabledModules = async (ids: string[], isEnabled: boolean) => {
    await ctx.settings.refresh()
    const current = ctx.settings.get(MODULES_ENABLED_SETTING)
    const set = new Set(Array.isArray(current) ? current.map(String) : [])
    for (const id of ids) {
      if (isEnabled) set.add(id)
      else set.delete(id)
    }
    await ctx.settings.set(MODULES_ENABLED_SETTING, [...set])
  }
  const isKnown = (id: string, isTrigger: boolean) =>
    isTrigger ? registry.trigger(id) !== undefined : nonTriggers().some((descriptor) => descriptor.id === id)

  return {
    async triggers(filters = {}) {
      await ctx.settings.refresh()
      const workflows = await firstWorkflows()
      let rows = registry.descriptors('trigger').map(withState)
      if (filters.scope !== undefined) rows = rows.filter((row) => row.scope === filters.scope)
      if (filters.enabled !== undefined && FLAG.test(filters.enabled)) {
        rows = rows.filter((row) => row.disabled !== (filters.enabled === '1'))
      }
      if (filters.blocking !== undefined && FLAG.test(filters.blocking)) {
        rows = rows.filter((row) => row.blocking === (filters.blocking === '1'))
      }
      const search = filters.searchall?.toLowerCase()
      if (search) rows = rows.filter((row) => scalarText(row).includes(search))
      return paginate(rows, filters).map((row) => {
        const workflow = workflows.get(row.id)
        return workflow ? { ...row, Workflow: workflow } : row
      })
    },
    async moduleIndex(filters = {}) {
      await ctx.settings.refresh()
      const type = filters.type ?? 'action'
      let rows: MispJson[]
      if (type === 'trigger') rows = registry.descriptors('trigger').map(withState)
      else if (type === 'logic' || type === 'action') rows = registry.descriptors(type).map(withState)
      else if (type === 'all') rows = nonTriggers().map(withState)
      else if (type === 'custom')
        rows = nonTriggers()
          .filter((module) => module.is_custom)
          .map(withState)
      else throw new ValidationError('Workflow', 'type', `Must be action, logic, trigger, all or custom, not ${type}`)
      const actionType = filters.actiontype ?? 'all'
      if (actionType === 'mispmodule') rows = rows.filter((row) => row.is_misp_module === true)
      else if (actionType === 'blocking') rows = rows.filter((row) => row.blocking === true)
      if (filters.enabled !== undefined && FLAG.test(filters.enabled)) {
        rows = rows.filter((row) => row.disabled !== (filters.enabled === '1'))
      }
      // Options MISP fills from its data (tag names, warninglists…; workflow-actions/module-options.ts).
      // `fulltaglist:0` (Sluice's): without the lists the editor searches on the server instead.
      const choices = { withSearchableLists: filters.fulltaglist !== '0' }
      return Promise.all(rows.map((row) => withHostOptions(ctx.store.db, row as ModuleDescriptor, sources, choices)))
    },
    async moduleView(id) {
      await ctx.settings.refresh()
      const trigger = registry.trigger(id)
      if (trigger) {
        const rows = await listWorkflows(ctx.store.db, id)
        const view: MispJson = withState(trigger.descriptor)
        if (rows[0]) view.Workflow = mispWorkflow(rows[0], registry, states)
        view.listening_workflows = rows.map((row) => row.id)
        return view
      }
      const module = nonTriggers().find((descriptor) => descriptor.id === id)
      if (!module) throw new UserError('SLC_NOT_FOUND', 'Invalid trigger ID')
      return withHostOptions(ctx.store.db, withState(module) as ModuleDescriptor, sources)
    },
    async toggle(id, isEnabled, isTrigger) {
      if (!isKnown(id, isTrigger)) return false
      if (isTrigger) await ctx.settings.set(triggerSettingName(id), isEnabled)
      else await setEnabledModules([id], isEnabled)
      return true
    },
    async massToggle(ids, isEnabled, isTrigger) {
      const known = ids.filter((id) => isKnown(id, isTrigger))
      if (isTrigger) for (const id of known) await ctx.settings.set(triggerSettingName(id), isEnabled)
      else if (known.length > 0) await setEnabledModules(known, isEnabled)
      return known
    },
  }
}

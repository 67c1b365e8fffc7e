/**
 * MISP's server settings endpoints over the settings service (spec/ENGINE.md §6.4):
 * `serverSettings` lists every known setting with its value, type and level, and
 * `serverSettingsEdit` checks a new value against its definition before storing it. Secrets
 * are never shown, only whether they are set.
 */
import { UserError, ValidationError } from '../../errors.ts'
import type { ModuleDescriptor } from '../../engine/index.ts'
import type { MispJson } from '../types.ts'
import { checkSettingValue, type SettingDefinition, settingCatalogue } from './setting-catalogue.ts'
import type { SettingsService } from './settings-service.ts'

/** What secrets show instead of their value. */
export const REDACTED_VALUE = '*****'

/** The settings MISP's endpoints read and write. */
export interface ServerSettings {
  /** `{finalSettings: [...]}`, optionally only the settings of one tab (`Plugin`, `MISP`, `Security`). */
  list(tab?: string): Promise<MispJson>
  /** One setting as `serverSettings` shows it; SLC_NOT_FOUND when unknown. */
  view(name: string): Promise<MispJson>
  /** Checks and stores a value; `ValidationError` naming the setting when it does not fit. */
  edit(name: string, value: unknown): Promise<void>
}

function tabOf(name: string): string {
  return name.slice(0, name.indexOf('.'))
}

/** Server settings over `settings`, with per-trigger switches from `triggers()`. */
export function createServerSettings(
  settings: Pick<SettingsService, 'get' | 'set' | 'load'>,
  triggers: () => readonly ModuleDescriptor[],
): ServerSettings {
  const catalogue = () => settingCatalogue(triggers())
  const definition = (name: string): SettingDefinition => {
    const found = catalogue().find((entry) => entry.name === name)
    if (!found) throw new UserError('SLC_NOT_FOUND', `Setting ${name} is invalid.`)
    return found
  }
  const show = (entry: SettingDefinition): MispJson => {
    const stored = settings.get(entry.name)
    const value = stored === undefined ? entry.default : stored
    const shown = entry.isSecret ? (stored === undefined || stored === '' ? '' : REDACTED_VALUE) : value
    const checked = entry.isSecret || stored === undefined ? null : checkSettingValue(entry, stored)
    const row: MispJson = {
      level: entry.level,
      setting: entry.name,
      tab: tabOf(entry.name),
      description: entry.description,
      value: shown,
      type: entry.type === 'url' ? 'string' : entry.type,
    }
    if (entry.isSecret) row.redacted = true
    if (checked && !checked.ok) row.errorMessage = `Value ${checked.message}.`
    return row
  }
  return {
    async list(tab) {
      await settings.load()
      const rows = catalogue().filter(
        (entry) => tab === undefined || tabOf(entry.name).toLowerCase() === tab.toLowerCase(),
      )
      return { finalSettings: rows.map(show) }
    },
    async view(name) {
      await settings.load()
      return show(definition(name))
    },
    async edit(name, value) {
      const entry = definition(name)
      const checked = checkSettingValue(entry, value)
      if (!checked.ok) throw new ValidationError('Server', name, `The value ${checked.message}`)
      await settings.load()
      await settings.set(name, checked.value)
    },
  }
}

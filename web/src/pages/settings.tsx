/**
 * Settings (issue #6): the workflow feature switch, the per-trigger switches, the debug URL,
 * the action services, the outbound allow-list, the loop limit, and whatever else the server
 * reports, grouped and searchable. Switches save at once; other values have their own Save.
 */
import { useState } from 'react'
import { editSetting, listSettings, type ServerSetting } from '../api/settings.ts'
import { SwitchBox, ErrorAlert, Loading, Notice, PageHeader, SearchField } from '../app/ui.tsx'
import { usePageAction } from '../app/use-action.ts'
import { useLoad } from '../app/use-load.ts'
import { RunSettingsSection } from './run-settings.tsx'

/** Groups in display order; a setting joins the first group (by `claims` order) that matches it. */
const GROUPS: Array<{ title: string; claims: number; matches(name: string): boolean }> = [
  {
    title: 'Workflows',
    claims: 1,
    matches: (name) => name.startsWith('Plugin.Workflow') || /workflow|loop/i.test(name),
  },
  { title: 'Per-trigger switches', claims: 0, matches: (name) => name.startsWith('Plugin.Workflow_triggers_') },
  { title: 'Action services', claims: 2, matches: (name) => name.startsWith('Plugin.Action_') },
  { title: 'Enrichment services', claims: 3, matches: (name) => name.startsWith('Plugin.Enrichment_') },
  { title: 'Outbound requests', claims: 4, matches: (name) => /outbound|allow|arbitrary_urls|proxy/i.test(name) },
  { title: 'Other settings', claims: 5, matches: () => true },
]

const isBoolean = (setting: ServerSetting) => setting.type === 'boolean' || typeof setting.value === 'boolean'
const isList = (setting: ServerSetting) => Array.isArray(setting.value) || setting.type === 'array'

/** `#/settings`. */
export function SettingsPage() {
  const settings = useLoad(listSettings, [])
  const [search, setSearch] = useState('')
  const { notice, error, run } = usePageAction(settings.reload)
  const save = (name: string, value: unknown) =>
    run(async () => (await editSetting(name, value))?.message || `Setting ${name} saved.`)
  const shown = (settings.data ?? []).filter((setting) =>
    `${setting.setting} ${setting.description ?? ''}`.toLowerCase().includes(search.toLowerCase()),
  )
  const groupOf = (name: string) => [...GROUPS].sort((a, b) => a.claims - b.claims).find((group) => group.matches(name))
  const groups = GROUPS.map((group) => ({
    title: group.title,
    members: shown.filter((setting) => groupOf(setting.setting) === group),
  })).filter((group) => group.members.length > 0)

  return (
    <section>
      <PageHeader title="Settings">Instance settings that govern workflows. Switches apply at once.</PageHeader>
      <SearchField label="Search settings" value={search} onChange={setSearch} />
      <ErrorAlert error={error ?? settings.error} />
      <Notice>{notice}</Notice>
      <Loading isLoading={settings.isLoading && !settings.data} />
      {groups.map((group) => (
        <section key={group.title} aria-label={group.title}>
          <h2>{group.title}</h2>
          <table aria-label={group.title} className="settings">
            <tbody>
              {group.members.map((setting) => (
                <SettingRow key={setting.setting} setting={setting} onSave={save} />
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <RunSettingsSection />
    </section>
  )
}

function SettingRow({ setting, onSave }: { setting: ServerSetting; onSave(name: string, value: unknown): void }) {
  const initial = isList(setting) ? ((setting.value as unknown[]) ?? []).join('\n') : String(setting.value ?? '')
  const [draft, setDraft] = useState(initial)
  const name = setting.setting
  const value = () => {
    if (isList(setting))
      return draft
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
    if (setting.type === 'numeric' || typeof setting.value === 'number') return Number(draft)
    return draft
  }
  return (
    <tr>
      <th scope="row">
        <code>{name}</code>
        {setting.description ? <div className="muted">{setting.description}</div> : null}
        {setting.errorMessage ? <div className="muted">{setting.errorMessage}</div> : null}
      </th>
      <td>
        {isBoolean(setting) ? (
          <span className="field inline">
            <SwitchBox
              aria-label={name}
              checked={setting.value === true || setting.value === 1}
              onSwitch={(checked) => onSave(name, checked)}
            />
            {setting.value === true || setting.value === 1 ? 'On' : 'Off'}
          </span>
        ) : (
          <form
            className="row"
            onSubmit={(event) => {
              event.preventDefault()
              onSave(name, value())
            }}
          >
            {isList(setting) ? (
              <textarea aria-label={name} rows={3} value={draft} onChange={(e) => setDraft(e.target.value)} />
            ) : setting.options ? (
              <select aria-label={name} value={draft} onChange={(e) => setDraft(e.target.value)}>
                {Object.entries(setting.options).map(([optionValue, label]) => (
                  <option key={optionValue} value={optionValue}>
                    {label}
                  </option>
                ))}
              </select>
            ) : (
              <input
                aria-label={name}
                value={draft}
                onChange={(e) => setDraft(e.target.value)}
                size={40}
                type={typeof setting.value === 'number' ? 'number' : 'text'}
              />
            )}
            <button type="submit" aria-label={`Save ${name}`} disabled={draft === initial}>
              Save
            </button>
          </form>
        )}
      </td>
    </tr>
  )
}

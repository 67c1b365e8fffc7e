/**
 * Module index (UI.md §2.2, issue #6): action and logic modules with their type, blocking,
 * core-format, misp-module and custom flags and enabled state; type, blocking and enabled filters
 * that combine and a working search box (MISP's is not wired); enable or disable one module or
 * every selected one.
 */
import { useState } from 'react'
import { listModules, type ModuleDescriptor, toggleModule } from '../api/workflows.ts'
import { IndexTable } from '../app/index-table.tsx'
import { hrefOf } from '../app/router.ts'
import { Loading, Notice, PageHeader, SearchField, YesNo } from '../app/ui.tsx'
import { usePageAction } from '../app/use-action.ts'
import { useLoad } from '../app/use-load.ts'
import { WorkflowError } from './workflow-gate.tsx'
import { BLOCKING_CHOICES, FilterGroup, passes, STATE_CHOICES, type Tristate } from './filters.tsx'
import { isOn } from './triggers.tsx'

type Kind = 'all' | 'action' | 'logic' | 'misp-module' | 'custom'

const KINDS: Array<{ label: string; value: Kind }> = [
  { label: 'All', value: 'all' },
  { label: 'Action', value: 'action' },
  { label: 'Logic', value: 'logic' },
  { label: 'misp-module', value: 'misp-module' },
  { label: 'Custom', value: 'custom' },
]

function isKind(module: ModuleDescriptor, kind: Kind): boolean {
  if (kind === 'all') return true
  if (kind === 'misp-module') return isOn(module.is_misp_module)
  if (kind === 'custom') return isOn(module.is_custom)
  return module.module_type === kind
}

/** `#/modules`. */
export function ModulesPage() {
  const modules = useLoad(() => listModules('all'), [])
  const [kind, setKind] = useState<Kind>('all')
  const [blocking, setBlocking] = useState<Tristate>('any')
  const [enabled, setEnabled] = useState<Tristate>('any')
  const [search, setSearch] = useState('')
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const { notice, error, run } = usePageAction(modules.reload)

  const shown = (modules.data ?? []).filter(
    (module) =>
      isKind(module, kind) &&
      passes(blocking, isOn(module.blocking)) &&
      passes(enabled, !isOn(module.disabled)) &&
      `${module.id} ${module.name} ${module.description ?? ''}`.toLowerCase().includes(search.toLowerCase()),
  )

  const toggle = (ids: string[], isEnabled: boolean) =>
    run(async () => {
      const answers = await Promise.all(ids.map((id) => toggleModule(id, isEnabled, false)))
      setSelected(new Set())
      return answers.length === 1
        ? answers[0].message
        : `${isEnabled ? 'Enabled' : 'Disabled'} ${answers.length} modules`
    })
  const select = (id: string, isSelected: boolean) => {
    const next = new Set(selected)
    if (isSelected) next.add(id)
    else next.delete(id)
    setSelected(next)
  }

  return (
    <section>
      <PageHeader title="Modules">The logic and action blocks workflows are built from.</PageHeader>
      <div className="toolbar">
        <FilterGroup<Kind> label="Type" value={kind} onChange={setKind} choices={KINDS} />
        <FilterGroup<Tristate> label="Blocking" value={blocking} onChange={setBlocking} choices={BLOCKING_CHOICES} />
        <FilterGroup<Tristate> label="State" value={enabled} onChange={setEnabled} choices={STATE_CHOICES} />
        <SearchField value={search} onChange={setSearch} />
      </div>
      {selected.size > 0 ? (
        <fieldset className="toolbar filter">
          <legend>{selected.size} selected</legend>
          <button type="button" onClick={() => toggle([...selected], true)}>
            Enable selected
          </button>
          <button type="button" onClick={() => toggle([...selected], false)}>
            Disable selected
          </button>
        </fieldset>
      ) : null}
      <WorkflowError error={error ?? modules.error} />
      <Notice>{notice}</Notice>
      <Loading isLoading={modules.isLoading && !modules.data} />
      {modules.data ? (
        <IndexTable
          label="Modules"
          columns={[
            { name: 'Select', header: <span className="muted">Select</span> },
            'Module',
            'Description',
            'Type',
            'Blocking',
            'Expects core format',
            'misp-module',
            'Custom',
            'Enabled',
            'Actions',
          ]}
          isEmpty={shown.length === 0}
          empty="No module matches these filters."
        >
          {shown.map((module) => {
            const isEnabled = !isOn(module.disabled)
            return (
              <tr key={module.id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select ${module.name}`}
                    checked={selected.has(module.id)}
                    onChange={(event) => select(module.id, event.target.checked)}
                  />
                </td>
                <th scope="row">
                  <a href={hrefOf({ page: 'module', moduleId: module.id })}>{module.name}</a>
                  <div className="muted">
                    <code>{module.id}</code>
                  </div>
                </th>
                <td>{module.description}</td>
                <td>{module.module_type}</td>
                <td>
                  <YesNo value={module.blocking} />
                </td>
                <td>
                  <YesNo value={module.expect_misp_core_format} />
                </td>
                <td>
                  <YesNo value={module.is_misp_module} />
                </td>
                <td>
                  <YesNo value={module.is_custom} />
                </td>
                <td>
                  <YesNo value={isEnabled} />
                </td>
                <td className="actions">
                  <button
                    type="button"
                    aria-label={`${isEnabled ? 'Disable' : 'Enable'} ${module.name}`}
                    onClick={() => toggle([module.id], !isEnabled)}
                  >
                    {isEnabled ? 'Disable' : 'Enable'}
                  </button>
                </td>
              </tr>
            )
          })}
        </IndexTable>
      ) : null}
    </section>
  )
}

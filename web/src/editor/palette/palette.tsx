/**
 * The module palette (spec/UI.md §3.3): tabs Actions, Logic and Blueprints, a search over names
 * and descriptions, and cards that are dragged onto the canvas (HTML5 drag) or added with their
 * "Add" button from the keyboard. Disabled modules are listed but cannot be dragged.
 */
import { type DragEvent, memo, useMemo, useState } from 'react'
import type { ModuleDescriptor } from '../../../../src/engine/contract/index.ts'
import type { BlueprintRecord } from '../editor-api.ts'
import { DRAG_BLUEPRINT, DRAG_MODULE } from '../canvas/flow-canvas.tsx'

type Tab = 'action' | 'logic' | 'blueprints'
type ActionFilter = 'enabled' | 'blocking' | 'misp-module' | 'all'

const TABS: Array<{ id: Tab; label: string }> = [
  { id: 'action', label: 'Actions' },
  { id: 'logic', label: 'Logic' },
  { id: 'blueprints', label: 'Blueprints' },
]

function matches(text: string, query: string): boolean {
  return text.toLowerCase().includes(query)
}

/** Palette props: the catalogue list, blueprints, and what "Add" does (place at the viewport centre). */
export interface PaletteProps {
  modules: readonly ModuleDescriptor[]
  blueprints: readonly BlueprintRecord[]
  onAddModule(module: ModuleDescriptor): void
  onInsertBlueprint(blueprint: BlueprintRecord): void
}

function PaletteView({ modules, blueprints, onAddModule, onInsertBlueprint }: PaletteProps) {
  const [tab, setTab] = useState<Tab>('action')
  const [query, setQuery] = useState('')
  const [filter, setFilter] = useState<ActionFilter>('enabled')
  const needle = query.trim().toLowerCase()
  const shown = useMemo(() => {
    if (tab === 'blueprints') return []
    return modules
      .filter((module) => module.module_type === tab)
      .filter((module) => {
        if (tab !== 'action' || filter === 'all') return true
        if (module.disabled) return false
        if (filter === 'blocking') return module.blocking
        if (filter === 'misp-module') return module.is_misp_module
        return true
      })
      .filter((module) => needle === '' || matches(`${module.name} ${module.id} ${module.description}`, needle))
      .sort((a, b) => a.name.localeCompare(b.name))
  }, [modules, tab, filter, needle])
  const shownBlueprints = useMemo(
    () =>
      blueprints.filter(
        (blueprint) => needle === '' || matches(`${blueprint.name} ${blueprint.description ?? ''}`, needle),
      ),
    [blueprints, needle],
  )

  const startDrag = (event: DragEvent, type: string, value: string) => {
    event.dataTransfer.setData(type, value)
    event.dataTransfer.effectAllowed = 'copy'
  }

  return (
    <aside className="sl-palette" aria-label="Module palette">
      <div role="tablist" aria-label="Palette sections" className="sl-tabs">
        {TABS.map((entry) => (
          <button
            key={entry.id}
            type="button"
            role="tab"
            aria-selected={tab === entry.id}
            onClick={() => setTab(entry.id)}
          >
            {entry.label}
          </button>
        ))}
      </div>
      <label className="sl-field">
        <span>Search for a block</span>
        <input
          type="search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          placeholder="Name or description"
        />
      </label>
      {tab === 'action' ? (
        <fieldset className="sl-radios">
          <legend>Show</legend>
          {(['enabled', 'misp-module', 'blocking', 'all'] as const).map((value) => (
            <label key={value}>
              <input type="radio" name="palette-filter" checked={filter === value} onChange={() => setFilter(value)} />{' '}
              {value === 'misp-module' ? 'misp-module' : value[0].toUpperCase() + value.slice(1)}
            </label>
          ))}
        </fieldset>
      ) : null}
      <ul
        className="sl-cards"
        aria-label={tab === 'blueprints' ? 'Blueprints' : `${TABS.find((t) => t.id === tab)?.label} modules`}
      >
        {tab !== 'blueprints'
          ? shown.map((module) => (
              <li
                key={module.id}
                className={`sl-card sl-card-${module.module_type}${module.disabled ? ' is-disabled' : ''}`}
                aria-label={module.name}
                draggable={!module.disabled}
                onDragStart={(event) => startDrag(event, DRAG_MODULE, `${module.module_type}:${module.id}`)}
                title={module.disabled ? 'This module is disabled' : module.description}
              >
                <div className="sl-card-head">
                  <strong>{module.name}</strong> <small>v{module.version}</small>
                  {module.blocking ? (
                    <span className="sl-badge sl-badge-blocking" title="This module can block execution">
                      ■ Blocking
                    </span>
                  ) : null}
                  {module.disabled ? <span className="sl-badge">Disabled</span> : null}
                </div>
                <p>{module.description}</p>
                <button
                  type="button"
                  disabled={Boolean(module.disabled)}
                  onClick={() => onAddModule(module)}
                  aria-label={`Add ${module.name}`}
                >
                  Add
                </button>
              </li>
            ))
          : shownBlueprints.map((blueprint) => (
              <li
                key={String(blueprint.id)}
                className="sl-card sl-card-blueprint"
                aria-label={blueprint.name}
                draggable
                onDragStart={(event) => startDrag(event, DRAG_BLUEPRINT, String(blueprint.id))}
                title={blueprint.description}
              >
                <div className="sl-card-head">
                  <strong>{blueprint.name}</strong> <small>{blueprint.data.length} nodes</small>
                </div>
                <p>{blueprint.description}</p>
                <button
                  type="button"
                  onClick={() => onInsertBlueprint(blueprint)}
                  aria-label={`Insert ${blueprint.name}`}
                >
                  Insert
                </button>
              </li>
            ))}
        {tab !== 'blueprints' && shown.length === 0 ? <li className="sl-empty">No module matches.</li> : null}
        {tab === 'blueprints' && shownBlueprints.length === 0 ? (
          <li className="sl-empty">
            No blueprint yet: select nodes and use “Save as blueprint”, or import one on the Blueprints page.
          </li>
        ) : null}
      </ul>
    </aside>
  )
}

/** The palette, memoised: it does not re-render while the graph changes. */
export const Palette = memo(PaletteView)

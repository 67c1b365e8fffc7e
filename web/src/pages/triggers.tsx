/**
 * Triggers index (UI.md §2.1, issue #6): every trigger with its scope, overhead, run counter,
 * blocking and core-format flags, its workflow, last update, debug mode and enabled state;
 * scope, blocking and enabled filters that combine, a search box; actions to enable or disable
 * a trigger, switch its workflow's debug mode, and open its editor.
 */
import { useMemo, useState } from 'react'
import { type ModuleDescriptor, listTriggers, toggleDebug, toggleModule } from '../api/workflows.ts'
import { IndexTable } from '../app/index-table.tsx'
import { hrefOf } from '../app/router.ts'
import { SwitchBox, formatTime, Loading, Notice, PageHeader, SearchField, YesNo } from '../app/ui.tsx'
import { usePageAction } from '../app/use-action.ts'
import { useLoad } from '../app/use-load.ts'
import { WorkflowError } from './workflow-gate.tsx'
import { BLOCKING_CHOICES, FilterGroup, passes, STATE_CHOICES, type Tristate } from './filters.tsx'

const OVERHEAD = ['', 'low', 'medium', 'high'] as const

/** Whether a descriptor's flag is on (MISP sends booleans, sometimes 0/1). */
export const isOn = (value: unknown) => value === true || value === 1 || value === '1'

/** `#/triggers`. */
export function TriggersPage() {
  const triggers = useLoad(listTriggers, [])
  const [scope, setScope] = useState('all')
  const [blocking, setBlocking] = useState<Tristate>('any')
  const [enabled, setEnabled] = useState<Tristate>('any')
  const [search, setSearch] = useState('')
  const action = usePageAction(triggers.reload)

  const scopes = useMemo(
    () => [...new Set((triggers.data ?? []).map((trigger) => String(trigger.scope ?? 'others')))].sort(),
    [triggers.data],
  )
  const shown = (triggers.data ?? []).filter(
    (trigger) =>
      (scope === 'all' || trigger.scope === scope) &&
      passes(blocking, isOn(trigger.blocking)) &&
      passes(enabled, !isOn(trigger.disabled)) &&
      `${trigger.id} ${trigger.name} ${trigger.description ?? ''}`.toLowerCase().includes(search.toLowerCase()),
  )

  const run = (act: () => Promise<{ message?: string }>) => action.run(async () => (await act()).message ?? 'Done.')

  return (
    <section>
      <PageHeader title="Triggers">
        The operations workflows can listen to. A blocking trigger's workflow can stop the operation.
      </PageHeader>
      <div className="toolbar">
        <FilterGroup
          label="Scope"
          value={scope}
          onChange={setScope}
          choices={[{ label: 'All', value: 'all' }, ...scopes.map((name) => ({ label: name, value: name }))]}
        />
        <FilterGroup<Tristate> label="Blocking" value={blocking} onChange={setBlocking} choices={BLOCKING_CHOICES} />
        <FilterGroup<Tristate> label="State" value={enabled} onChange={setEnabled} choices={STATE_CHOICES} />
        <SearchField value={search} onChange={setSearch} />
      </div>
      <WorkflowError error={action.error ?? triggers.error} />
      <Notice>{action.notice}</Notice>
      <Loading isLoading={triggers.isLoading && !triggers.data} />
      {triggers.data ? (
        <IndexTable
          label="Triggers"
          columns={[
            'Trigger',
            'Scope',
            'Overhead',
            'Description',
            'Runs',
            'Blocking',
            'Core format',
            'Workflow',
            'Last update',
            'Debug',
            'Enabled',
            'Actions',
          ]}
          isEmpty={shown.length === 0}
          empty="No trigger matches these filters."
        >
          {shown.map((trigger) => (
            <TriggerRow key={trigger.id} trigger={trigger} run={run} />
          ))}
        </IndexTable>
      ) : null}
    </section>
  )
}

function TriggerRow({
  trigger,
  run,
}: {
  trigger: ModuleDescriptor
  run(action: () => Promise<{ message?: string }>): void
}) {
  const workflow = trigger.Workflow
  const isEnabled = !isOn(trigger.disabled)
  const overhead = OVERHEAD[Number(trigger.trigger_overhead ?? 1)] ?? 'low'
  const editor = hrefOf({ page: 'editor', triggerId: trigger.id })
  return (
    <tr>
      <th scope="row">
        <a href={hrefOf({ page: 'module', moduleId: trigger.id })}>{trigger.name}</a>
        <div className="muted">
          <code>{trigger.id}</code>
        </div>
      </th>
      <td>{trigger.scope}</td>
      <td>
        <span
          className={`badge badge-${isEnabled ? overhead : 'off'}`}
          title={`${isEnabled ? '' : '[Trigger not enabled] '}${trigger.trigger_overhead_message ?? ''}`}
        >
          {overhead}
        </span>
      </td>
      <td>{trigger.description}</td>
      <td>{workflow?.counter ?? 0}</td>
      <td>
        <YesNo value={trigger.blocking} />
      </td>
      <td>
        <YesNo value={trigger.misp_core_format} />
      </td>
      <td>
        {workflow ? (
          <a href={editor}>{workflow.name || `Workflow ${workflow.id}`}</a>
        ) : (
          <span className="muted">none</span>
        )}
      </td>
      <td>{formatTime(workflow?.timestamp)}</td>
      <td>
        <SwitchBox
          aria-label={`Debug mode of ${trigger.name}`}
          checked={isOn(workflow?.debug_enabled)}
          disabled={!workflow}
          title={
            workflow
              ? 'Nodes post their data to the debug URL'
              : 'Open the editor first: the trigger has no workflow yet'
          }
          onSwitch={(checked) => workflow && run(() => toggleDebug(workflow.id, checked))}
        />
      </td>
      <td>
        <YesNo value={isEnabled} />
      </td>
      <td className="actions">
        {isEnabled ? (
          <button
            type="button"
            aria-label={`Disable ${trigger.name}`}
            onClick={() => run(() => toggleModule(trigger.id, false, true))}
          >
            Disable
          </button>
        ) : (
          <button
            type="button"
            aria-label={`Enable ${trigger.name}`}
            onClick={() => run(() => toggleModule(trigger.id, true, true))}
          >
            Enable
          </button>
        )}
        <a className="button" href={editor} aria-label={`Open the editor of ${trigger.name}`}>
          Editor
        </a>
        <a
          className="button"
          href={hrefOf({ page: 'runs', trigger: trigger.id })}
          aria-label={`Runs of ${trigger.name}`}
        >
          Runs
        </a>
      </td>
    </tr>
  )
}

/**
 * Workflows list (UI.md §2.4, issue #6; MISP has no menu entry for it): every workflow with its
 * trigger, run counter, debug mode and last update, each opening the editor.
 */
import { useState } from 'react'
import { listWorkflows } from '../api/workflows.ts'
import { IndexTable } from '../app/index-table.tsx'
import { hrefOf } from '../app/router.ts'
import { formatTime, Loading, PageHeader, SearchField, YesNo } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { WorkflowError } from './workflow-gate.tsx'

/** `#/workflows`. */
export function WorkflowsPage() {
  const workflows = useLoad(listWorkflows, [])
  const [search, setSearch] = useState('')
  const shown = (workflows.data ?? []).filter((workflow) =>
    `${workflow.name} ${workflow.trigger_id} ${workflow.uuid}`.toLowerCase().includes(search.toLowerCase()),
  )
  return (
    <section>
      <PageHeader title="Workflows">
        The graphs attached to triggers. A trigger's workflow is created when its editor is first opened from the{' '}
        <a href="#/triggers">triggers</a>.
      </PageHeader>
      <SearchField value={search} onChange={setSearch} />
      <WorkflowError error={workflows.error} />
      <Loading isLoading={workflows.isLoading && !workflows.data} />
      {workflows.data ? (
        <IndexTable
          label="Workflows"
          columns={['ID', 'Name', 'Trigger', 'Runs', 'Debug', 'Last update']}
          isEmpty={shown.length === 0}
          empty="No workflows yet."
        >
          {shown.map((workflow) => (
            <tr key={workflow.id}>
              <td>{workflow.id}</td>
              <th scope="row">
                <a href={hrefOf({ page: 'editor', triggerId: String(workflow.trigger_id) })}>{workflow.name}</a>
              </th>
              <td>
                <code>{workflow.trigger_id}</code>
              </td>
              <td>{workflow.counter}</td>
              <td>
                <YesNo value={workflow.debug_enabled} />
              </td>
              <td>{formatTime(workflow.timestamp)}</td>
            </tr>
          ))}
        </IndexTable>
      ) : null}
    </section>
  )
}

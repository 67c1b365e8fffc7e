/**
 * Runs (issue #6): the run history with trigger, outcome and kind filters, charts of runs over
 * time by outcome and of latency per trigger, and the list, each run opening its trace.
 */
import { useMemo, useState } from 'react'
import { listRuns } from '../api/runs.ts'
import { IndexTable } from '../app/index-table.tsx'
import { hrefOf } from '../app/router.ts'
import { ErrorAlert, Loading, PageHeader, Field } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { FilterGroup } from './filters.tsx'
import { LatencyPerTrigger, RunsOverTime } from './runs-chart.tsx'

const KINDS = ['', 'trigger', 'deferred', 'concurrent', 'manual', 'stateless', 'replay']
/** How many runs the charts are drawn from. */
const CHART_LIMIT = 1000

/** `#/runs`, `#/runs?trigger=<id>` (the trigger filter set). */
export function RunsPage(props: { trigger?: string }) {
  const [trigger, setTrigger] = useState(props.trigger ?? '')
  const [outcome, setOutcome] = useState('')
  const [kind, setKind] = useState('')
  const [page, setPage] = useState(1)
  const filters = { trigger, outcome, kind }
  const runs = useLoad(() => listRuns({ ...filters, limit: CHART_LIMIT }), [trigger, outcome, kind])
  const list = runs.data?.runs ?? []
  const triggers = useMemo(
    () => [...new Set([...(runs.data?.runs ?? []).map((run) => run.triggerId ?? ''), trigger])].filter(Boolean).sort(),
    [runs.data, trigger],
  )
  const pageSize = 50
  // A new filter starts again from the first page.
  const choose = (set: (value: string) => void, value: string) => {
    set(value)
    setPage(1)
  }
  const shown = list.slice((page - 1) * pageSize, page * pageSize)
  const pages = Math.max(1, Math.ceil(list.length / pageSize))
  return (
    <section>
      <PageHeader title="Runs">Every workflow run, with its outcome, duration and trace.</PageHeader>
      <div className="toolbar">
        <Field label="Trigger" inline>
          {(id) => (
            <select id={id} value={trigger} onChange={(e) => choose(setTrigger, e.target.value)}>
              <option value="">All triggers</option>
              {triggers.map((id) => (
                <option key={id}>{id}</option>
              ))}
            </select>
          )}
        </Field>
        <FilterGroup
          label="Outcome"
          value={outcome}
          onChange={(value) => choose(setOutcome, value)}
          choices={[
            { label: 'All', value: '' },
            { label: 'Success', value: 'success' },
            { label: 'Blocked', value: 'blocked' },
            { label: 'Failure', value: 'failure' },
          ]}
        />
        <Field label="Kind" inline>
          {(id) => (
            <select id={id} value={kind} onChange={(e) => choose(setKind, e.target.value)}>
              {KINDS.map((name) => (
                <option key={name} value={name}>
                  {name || 'All kinds'}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="button" onClick={runs.reload}>
          Refresh
        </button>
      </div>
      <ErrorAlert error={runs.error} />
      <Loading isLoading={runs.isLoading && !runs.data} />
      {runs.data ? (
        <>
          <h2>Runs over time</h2>
          <RunsOverTime runs={list} />
          <h2>Latency per trigger</h2>
          <LatencyPerTrigger runs={list} />
          <h2>
            Runs{' '}
            <span className="muted">
              ({runs.data.total} in all{runs.data.total > list.length ? `, the newest ${list.length} shown` : ''})
            </span>
          </h2>
          <IndexTable
            label="Runs"
            columns={['Started', 'Trigger', 'Workflow', 'Kind', 'Outcome', 'Duration (ms)', 'Errors']}
            isEmpty={shown.length === 0}
            empty="No runs match these filters."
          >
            {shown.map((run) => (
              <tr key={run.id}>
                <td>
                  <a href={hrefOf({ page: 'run', runId: run.id })}>{new Date(run.startedAt).toLocaleString()}</a>
                </td>
                <td>{run.triggerId ?? '—'}</td>
                <td>{run.workflowName ?? run.workflowId ?? '—'}</td>
                <td>{run.kind}</td>
                <td>
                  <span className={`badge badge-${run.outcome}`}>{run.outcome}</span>
                </td>
                <td>{run.durationMs.toFixed(2)}</td>
                <td>{run.errors.join(' ')}</td>
              </tr>
            ))}
          </IndexTable>
          {pages > 1 ? (
            <nav aria-label="Pages" className="toolbar">
              <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                Previous page
              </button>
              <span>
                Page {page} of {pages}
              </span>
              <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
                Next page
              </button>
            </nav>
          ) : null}
        </>
      ) : null}
    </section>
  )
}

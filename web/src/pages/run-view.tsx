/**
 * One run (issue #6): its facts and errors, its trace drawn on the graph as it was when it ran
 * (each node marked with its status and duration, in words), the trace as a table with the data
 * each node saw, the runs it caused, and replay against the current workflow or the recorded graph.
 */
import { useMemo, useState } from 'react'
import { type RunDetail, replayRun, viewRun } from '../api/runs.ts'
import { hrefOf, navigate } from '../app/router.ts'
import { ErrorAlert, PageHeader, PagePending } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { GraphPreview, type NodeStatus } from './graph-preview.tsx'

type Entry = {
  nodeId: string
  moduleId: string
  status: string
  durationMs: number
  errors: string[]
  branch?: string[]
  context?: string
  dataIn?: unknown
  /** The view was cut at the history's size cap. */
  dataTruncated?: boolean
  /** Why a view recorded by reference to the run's input could not be derived again (docs/runs.md). */
  dataUnavailable?: string
}

const toneOf = (status: string): NodeStatus['tone'] =>
  status === 'success'
    ? 'success'
    : status === 'partial-success'
      ? 'blocked'
      : status === 'skipped' || status === 'disabled'
        ? 'off'
        : 'failure'

/** The per-node marks for the graph: status and duration, the last entry of a node winning. */
export function traceStatuses(run: RunDetail): Record<string, NodeStatus> {
  const marks: Record<string, NodeStatus> = {}
  for (const entry of run.trace.entries as Entry[]) {
    marks[entry.nodeId] = { text: `${entry.status}, ${entry.durationMs.toFixed(2)} ms`, tone: toneOf(entry.status) }
  }
  return marks
}

/** Trace entries with stable keys: a node that ran twice (fan-in) gets `#2`. */
function keyed(entries: Entry[]) {
  const seen = new Map<string, number>()
  return entries.map((entry) => {
    const base = `${entry.context ?? 'main'}-${entry.nodeId}`
    const count = (seen.get(base) ?? 0) + 1
    seen.set(base, count)
    return { entry, key: `${base}#${count}` }
  })
}

/** `#/runs/<id>`. */
export function RunPage({ runId }: { runId: string }) {
  const run = useLoad(() => viewRun(runId), [runId])
  const [error, setError] = useState<unknown>()
  const statuses = useMemo(() => (run.data ? traceStatuses(run.data) : {}), [run.data])
  if (!run.data) {
    return <PagePending title="Run" load={run} />
  }
  const data = run.data
  const replay = async (against: 'current' | 'recorded') => {
    setError(undefined)
    try {
      const next = await replayRun(data.id, against)
      navigate({ page: 'run', runId: next.id })
    } catch (caught) {
      setError(caught)
    }
  }
  return (
    <section>
      <PageHeader title={`Run of ${data.workflowName ?? data.triggerId ?? data.kind}`} />
      <div className="toolbar">
        <button type="button" onClick={() => replay('current')}>
          Replay against the current workflow
        </button>
        <button type="button" onClick={() => replay('recorded')}>
          Replay with the graph that ran
        </button>
        <a href="#/runs">Back to the runs</a>
      </div>
      <ErrorAlert error={error} />
      <dl className="facts" aria-label="Run details">
        <dt>Outcome</dt>
        <dd>
          <span className={`badge badge-${data.outcome}`}>{data.outcome}</span>{' '}
          <span className="muted">{data.trace.outcomeText}</span>
        </dd>
        <dt>Trigger</dt>
        <dd>{data.triggerId ?? '—'}</dd>
        <dt>Workflow</dt>
        <dd>{data.workflowName ?? data.workflowId ?? '—'}</dd>
        <dt>Kind</dt>
        <dd>{data.kind}</dd>
        <dt>Started</dt>
        <dd>{new Date(data.startedAt).toLocaleString()}</dd>
        <dt>Duration</dt>
        <dd>{data.durationMs.toFixed(2)} ms</dd>
        {data.parentId ? (
          <>
            <dt>Caused by</dt>
            <dd>
              <a href={hrefOf({ page: 'run', runId: data.parentId })}>run {data.parentId}</a>
            </dd>
          </>
        ) : null}
      </dl>
      {data.errors.length > 0 ? (
        <div role="alert" className="alert alert-error">
          <strong>Errors</strong>
          <ul>
            {data.errors.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <h2>Trace on the graph that ran</h2>
      <GraphPreview data={data.graph} statuses={statuses} label="Run trace graph" />
      <h2>Trace</h2>
      <table aria-label="Trace">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Node</th>
            <th scope="col">Module</th>
            <th scope="col">Status</th>
            <th scope="col">Branch</th>
            <th scope="col">Duration (ms)</th>
            <th scope="col">Errors</th>
            <th scope="col">Data seen</th>
          </tr>
        </thead>
        <tbody>
          {keyed(data.trace.entries as Entry[]).map(({ entry, key }, index) => (
            <tr key={key}>
              <td>{index + 1}</td>
              <td>{entry.nodeId}</td>
              <td>
                <code>{entry.moduleId}</code>
              </td>
              <td>
                <span className={`badge badge-${toneOf(entry.status)}`}>{entry.status}</span>
              </td>
              <td>{entry.branch?.join(', ') ?? ''}</td>
              <td>{entry.durationMs.toFixed(2)}</td>
              <td>{entry.errors.join(' ')}</td>
              <td>
                {entry.dataUnavailable !== undefined ? (
                  <span className="muted">not available: {entry.dataUnavailable}</span>
                ) : entry.dataIn === undefined ? (
                  <span className="muted">not captured</span>
                ) : (
                  <details>
                    <summary>{entry.dataTruncated ? 'Show (cut at the size cap)' : 'Show'}</summary>
                    <pre>{JSON.stringify(entry.dataIn, null, 2)}</pre>
                  </details>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.children.length > 0 ? (
        <>
          <h2>Runs this run caused</h2>
          <ul>
            {data.children.map((child) => (
              <li key={child.id}>
                <a href={hrefOf({ page: 'run', runId: child.id })}>
                  {child.kind} {child.triggerId ?? ''}: {child.outcome}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <details>
        <summary>Input</summary>
        <pre>{JSON.stringify(data.input, null, 2)}</pre>
      </details>
    </section>
  )
}

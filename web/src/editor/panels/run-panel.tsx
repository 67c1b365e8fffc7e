/**
 * Run the workflow from the editor on a chosen sample (issue #6 point 4): pasted JSON or the
 * built-in sample event, sent to `/workflows/executeWorkflow/<id>`. That endpoint runs the
 * *saved* workflow, so the panel refuses to run while there are unsaved changes rather than
 * silently running something else (spec/UI.md §6 item 4). After the run, the recorded trace
 * (`/sluice/runs`) is drawn on the canvas: each node's result, branch, duration and errors,
 * and the data a node saw is shown here when the node is picked.
 */
import { useState } from 'react'
import { apiGet, apiPost } from '../../api/client.ts'
import { viewEvent } from '../../api/events.ts'
import { traceOverlay } from '../run-trace.ts'
import { useEditor, useEditorHandle } from '../state/editor-context.ts'
import { isDirty } from '../state/editor-state.ts'
import { SAMPLE_EVENT } from './params/sample-event.ts'

interface RunDetail {
  id: string
  outcome: string
  errors: string[]
  durationMs: number
  trace: { entries: Record<string, unknown>[]; blockingNodes?: string[]; message?: string; outcomeText?: string }
}

/** The run panel. */
export function RunPanel() {
  const { store, dispatch } = useEditorHandle()
  const dirty = useEditor(isDirty)
  const workflowId = useEditor((state) => state.workflow.id)
  const trace = useEditor((state) => state.traceByNode)
  const selectedKey = useEditor((state) => (state.selected.size === 1 ? [...state.selected][0] : null))
  const [input, setInput] = useState(() => JSON.stringify(SAMPLE_EVENT, null, 2))
  const [result, setResult] = useState<string>('')
  const [busy, setBusy] = useState(false)

  const run = async () => {
    try {
      JSON.parse(input)
    } catch (error) {
      setResult(`The input is not valid JSON: ${(error as Error).message}`)
      return
    }
    setBusy(true)
    const startedAt = new Date(Date.now() - 1000).toISOString()
    try {
      const answer = await apiPost<{ success?: boolean; outcome?: string }>(
        `/workflows/executeWorkflow/${workflowId}`,
        { Workflow: { data: input } },
      )
      let text = `Outcome: ${answer.outcome ?? 'unknown'}`
      const page = await apiGet<{ runs: Array<{ id: string }> }>(
        `/sluice/runs?workflow=${encodeURIComponent(String(workflowId))}&kind=manual&from=${encodeURIComponent(startedAt)}&limit=1`,
      ).catch(() => null)
      const runId = page?.runs?.[0]?.id
      if (runId) {
        const detail = await apiGet<RunDetail>(`/sluice/runs/${runId}`)
        const overlay = traceOverlay(detail.trace.entries, detail.trace.blockingNodes ?? [])
        dispatch((state) => ({ ...state, traceByNode: overlay }))
        text += ` · ${Math.round(detail.durationMs)} ms · ${detail.trace.entries.length} node(s) ran${detail.errors.length ? `\nErrors:\n${detail.errors.join('\n')}` : ''}`
      } else {
        text += '\n(No recorded trace was found for this run.)'
      }
      setResult(text)
    } catch (error) {
      setResult(`The run failed: ${(error as Error).message}`)
    } finally {
      setBusy(false)
    }
  }

  const [eventId, setEventId] = useState('')
  const [pastRuns, setPastRuns] = useState<Array<{ id: string; startedAt: string; outcome: string }> | null>(null)

  /** A real event from the store, as the trigger's data (`{Event: …}`). */
  const loadEvent = async () => {
    try {
      const event = await viewEvent(eventId.trim())
      setInput(JSON.stringify({ Event: event }, null, 2))
      setResult(`Loaded event ${eventId.trim()}.`)
    } catch (error) {
      setResult(`The event could not be loaded: ${(error as Error).message}`)
    }
  }

  /** The inputs of this workflow's past runs, newest first. */
  const listPastRuns = async () => {
    try {
      const page = await apiGet<{ runs: Array<{ id: string; startedAt: string; outcome: string }> }>(
        `/sluice/runs?workflow=${encodeURIComponent(String(workflowId))}&limit=10`,
      )
      setPastRuns(page.runs)
    } catch (error) {
      setResult(`Past runs could not be listed: ${(error as Error).message}`)
    }
  }

  const takePastInput = async (runId: string) => {
    try {
      const detail = await apiGet<{ input: unknown }>(`/sluice/runs/${runId}`)
      setInput(JSON.stringify(detail.input, null, 2))
      setResult(`Loaded the input of run ${runId}.`)
    } catch (error) {
      setResult(`The run could not be read: ${(error as Error).message}`)
    }
  }

  const seen = selectedKey ? trace?.get(selectedKey)?.detail : undefined
  return (
    <section className="sl-panel" aria-label="Run the workflow">
      <h2>Run</h2>
      <p className="sl-muted">Runs the saved workflow with this input as the trigger's data. Actions really happen.</p>
      <div className="sl-row">
        <label className="sl-field">
          <span>Event id from the store</span>
          <input type="text" value={eventId} onChange={(event) => setEventId(event.target.value)} inputMode="numeric" />
        </label>
        <button type="button" disabled={eventId.trim() === ''} onClick={() => void loadEvent()}>
          Use this event
        </button>
        <button type="button" onClick={() => void listPastRuns()}>
          Past runs…
        </button>
      </div>
      {pastRuns ? (
        <ul aria-label="Past runs" className="sl-versions">
          {pastRuns.length === 0 ? <li>No past run.</li> : null}
          {pastRuns.map((run) => (
            <li key={run.id}>
              <button type="button" onClick={() => void takePastInput(run.id)}>
                Use input of {new Date(run.startedAt).toLocaleString()} ({run.outcome})
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <label className="sl-field">
        <span>Input data (JSON)</span>
        <textarea rows={10} value={input} onChange={(event) => setInput(event.target.value)} spellCheck={false} />
      </label>
      <div className="sl-actions">
        <button
          type="button"
          className="primary"
          disabled={busy || dirty}
          onClick={() => void run()}
          title={dirty ? 'Save first: the server runs the saved workflow' : 'Run the saved workflow'}
        >
          {busy ? 'Running…' : dirty ? 'Save before running' : 'Run workflow'}
        </button>
        {trace ? (
          <button type="button" onClick={() => store.get() && dispatch((state) => ({ ...state, traceByNode: null }))}>
            Clear trace
          </button>
        ) : null}
      </div>
      {result ? (
        <figure aria-label="Run result">
          <pre>{result}</pre>
        </figure>
      ) : null}
      {seen ? (
        <details open>
          <summary>What node {selectedKey} saw</summary>
          <pre>{JSON.stringify(seen, null, 2).slice(0, 20_000)}</pre>
        </details>
      ) : trace ? (
        <p className="sl-muted">Select a node to see its trace entry and the data it saw.</p>
      ) : null}
    </section>
  )
}

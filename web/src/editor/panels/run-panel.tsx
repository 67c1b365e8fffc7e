/**
 * Run the workflow from the editor on a chosen sample (issue #6 point 4): pasted JSON, the
 * built-in sample event, a stored event or a past run's input. The graph **as it is in the
 * editor** (unsaved changes included) is sent to `POST /sluice/workflows/run`
 * (docs/workflow-api.md). The "Dry run" switch, on by default, makes the server record what the
 * data-changing and outbound actions would do instead of doing them; those would-be effects are
 * listed here. The answer's trace is drawn on the canvas: each node's result, branch, duration
 * and errors, and the data a node saw is shown here when the node is picked.
 */
import { useState } from 'react'
import { apiGet } from '../../api/client.ts'
import { viewEvent } from '../../api/events.ts'
import { cleanGraph } from '../model/clean-node.ts'
import { writeDrawflow } from '../model/drawflow.ts'
import { type GraphRunAnswer, runGraph, type WouldBeEffect } from '../editor-api.ts'
import { traceOverlay } from '../run-trace.ts'
import { useEditor, useEditorHandle } from '../state/editor-context.ts'
import { isDirty } from '../state/editor-state.ts'
import { SAMPLE_EVENT } from './params/sample-event.ts'

/** One effect in words: `backend.attachTag` by node 2 (tag_operation): its arguments as JSON. */
function effectText(effect: WouldBeEffect): string {
  const args = JSON.stringify(effect.arguments)
  return `${effect.operation} — node ${effect.node_id ?? '?'} (${effect.module_id ?? '?'}): ${args.length > 400 ? `${args.slice(0, 400)}…` : args}`
}

/** The summary line of an answer. */
function resultText(answer: GraphRunAnswer): string {
  const duration = answer.trace.entries.reduce(
    (sum, entry) => sum + (typeof entry.durationMs === 'number' ? entry.durationMs : 0),
    0,
  )
  const lines = [
    `${answer.dry_run ? 'Dry run. ' : ''}Outcome: ${answer.outcome}` +
      ` · ${Math.round(duration)} ms · ${answer.trace.entries.length} node(s) ran`,
  ]
  if (answer.errors.length) lines.push(`Errors:\n${answer.errors.join('\n')}`)
  if (answer.deferred.length) {
    lines.push(
      `Concurrent tasks ${answer.dry_run ? 'not run' : 'queued'}: ${answer.deferred.map((walk) => `node ${walk.start_node}`).join(', ')}`,
    )
  }
  if (answer.run_id) lines.push(`Recorded as run ${answer.run_id}.`)
  return lines.join('\n')
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

  const doc = useEditor((state) => state.doc)
  const triggerId = useEditor((state) => state.workflow.trigger_id)
  const [dryRun, setDryRun] = useState(true)
  const [effects, setEffects] = useState<Array<WouldBeEffect & { seq: number }> | null>(null)

  const run = async () => {
    let data: unknown
    try {
      data = JSON.parse(input)
    } catch (error) {
      setResult(`The input is not valid JSON: ${(error as Error).message}`)
      return
    }
    setBusy(true)
    setEffects(null)
    try {
      const graph = cleanGraph(writeDrawflow(doc) as Record<string, unknown>)
      const answer = await runGraph({ triggerId, workflowId, graph, data, dryRun })
      const overlay = traceOverlay(answer.trace.entries, answer.trace.blockingNodes ?? [])
      dispatch((state) => ({ ...state, traceByNode: overlay }))
      setEffects(answer.dry_run ? answer.effects.map((effect, seq) => ({ ...effect, seq })) : null)
      setResult(resultText(answer))
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
      <p className="sl-muted">
        Runs the workflow as it is in the editor, unsaved changes included, with this input as the trigger's data.
      </p>
      <label className="sl-check">
        <input
          type="checkbox"
          role="switch"
          aria-checked={dryRun}
          checked={dryRun}
          onChange={(event) => setDryRun(event.target.checked)}
        />
        <span>Dry run</span>
      </label>
      <p className="sl-muted">
        {dryRun
          ? 'Dry run: tag, attribute, publish and other data changes, webhooks, mails and ZeroMQ messages are listed, not done; concurrent tasks are not run.'
          : 'Real run: actions really happen, and the run is recorded in the history.'}
      </p>
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
          disabled={busy}
          onClick={() => void run()}
          title={dirty ? 'Runs the graph with its unsaved changes' : 'Runs the graph as saved'}
        >
          {busy ? 'Running…' : 'Run workflow'}
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
      {effects ? (
        <section aria-label="Would-be effects">
          <h3>What the run would have done</h3>
          {effects.length === 0 ? (
            <p className="sl-muted">Nothing: no data change, no outbound message.</p>
          ) : (
            <ul aria-label="Would-be effects list">
              {effects.map((effect) => (
                <li key={effect.seq}>
                  <code>{effectText(effect)}</code>
                </li>
              ))}
            </ul>
          )}
        </section>
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

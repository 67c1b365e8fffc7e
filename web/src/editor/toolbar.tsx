/**
 * The editor's top bar (spec/UI.md §3.2, with §6 items 1, 2 and 8 fixed): trigger badges, Save
 * with the reason when it is disabled, the unsaved-changes indicator with a ticking "last saved"
 * time, undo/redo, copy/paste/delete, fit view, auto-layout, blueprints, problems and versions,
 * and the workflow's debug-mode switch (spec/ENGINE.md §2.13).
 */
import { useEffect, useState } from 'react'
import { toggleDebug } from '../api/workflows.ts'
import { useEditor } from './state/editor-context.ts'
import { isDirty, type SidePanel } from './state/editor-state.ts'

/** "a few seconds ago", "3 minutes ago"… recomputed by the caller's clock. */
export function relativeTime(then: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - then) / 1000))
  if (seconds < 45) return 'a few seconds ago'
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return minutes === 1 ? 'a minute ago' : `${minutes} minutes ago`
  const hours = Math.round(minutes / 60)
  if (hours < 24) return hours === 1 ? 'an hour ago' : `${hours} hours ago`
  const days = Math.round(hours / 24)
  return days === 1 ? 'a day ago' : `${days} days ago`
}

/** The actions the bar triggers; the page owns them. */
export interface ToolbarActions {
  save(): void
  undo(): void
  redo(): void
  copy(): void
  paste(): void
  deleteSelection(): void
  fitView(): void
  layout(): void
  saveBlueprint(): void
  showPanel(panel: SidePanel): void
}

/**
 * Debug mode of the saved workflow: switched on the server at once (MISP's debugToggleField),
 * independent of unsaved graph changes. While on, each run posts its steps to the debug URL.
 */
function DebugSwitch({ workflowId, initial }: { workflowId: number | string; initial: boolean }) {
  const [isOn, setOn] = useState(initial)
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState('')
  const flip = async () => {
    setBusy(true)
    setFailure('')
    try {
      await toggleDebug(workflowId, !isOn)
      setOn(!isOn)
    } catch (error) {
      setFailure(`Debug mode could not be changed: ${(error as Error).message}`)
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <button
        type="button"
        role="switch"
        aria-label="Debug mode"
        aria-checked={isOn}
        disabled={busy}
        onClick={flip}
        title="While on, every run of this workflow posts its steps to the debug URL (Settings)"
      >
        Debug mode: {isOn ? 'on' : 'off'}
      </button>
      {failure ? <span role="alert">{failure}</span> : null}
    </>
  )
}

/** Props: the trigger's flags and the actions. */
export function Toolbar({
  blocking,
  coreFormat,
  actions,
}: {
  blocking: boolean
  coreFormat: boolean
  actions: ToolbarActions
}) {
  const workflow = useEditor((state) => state.workflow)
  const dirty = useEditor(isDirty)
  const saving = useEditor((state) => state.saving)
  const canUndo = useEditor((state) => state.past.length > 0)
  const canRedo = useEditor((state) => state.future.length > 0)
  const lastSavedAt = useEditor((state) => state.lastSavedAt)
  const errors = useEditor((state) => state.problems.filter((p) => p.severity === 'error').length)
  const warnings = useEditor(
    (state) => state.problems.length - state.problems.filter((p) => p.severity === 'error').length,
  )
  const hasSelection = useEditor((state) => state.selected.size > 0 || state.selectedEdges.size > 0)
  const panel = useEditor((state) => state.panel.kind)
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000)
    return () => clearInterval(timer)
  }, [])
  const saveBlockedBy =
    errors > 0
      ? `Fix ${errors} error${errors === 1 ? '' : 's'} in the problems list first`
      : !dirty
        ? 'No unsaved changes'
        : ''
  return (
    <header className="sl-toolbar">
      <a href="#/triggers">‹ Triggers</a>
      <h1>
        Workflow: <span>{workflow.trigger_id}</span>
      </h1>
      {blocking ? (
        <span
          className="sl-badge sl-badge-blocking"
          title="This workflow is a blocking workflow and can prevent the default MISP behaviour from happening"
        >
          ■ Blocking
        </span>
      ) : (
        <span className="sl-badge sl-badge-ok" title="The default MISP behaviour will happen, or has already happened">
          ✓ Non blocking
        </span>
      )}
      {coreFormat ? <span className="sl-badge sl-badge-core">MISP core format</span> : null}
      <button
        type="button"
        className="primary"
        onClick={actions.save}
        disabled={saving || saveBlockedBy !== ''}
        title={saveBlockedBy || 'Save (Ctrl+S)'}
      >
        {saving ? 'Saving…' : 'Save'}
      </button>
      <span role="status" aria-label="Save state" className={dirty ? 'sl-dirty' : 'sl-clean'}>
        {dirty ? '● Unsaved changes' : '✓ Saved'}
        <small> · Last saved: {lastSavedAt ? relativeTime(lastSavedAt, now) : 'never'}</small>
      </span>
      <span className="sl-spacer" />
      <div role="toolbar" aria-label="Editing" className="sl-buttons">
        <button type="button" onClick={actions.undo} disabled={!canUndo} title="Undo (Ctrl+Z)">
          Undo
        </button>
        <button type="button" onClick={actions.redo} disabled={!canRedo} title="Redo (Ctrl+Shift+Z or Ctrl+Y)">
          Redo
        </button>
        <button type="button" onClick={actions.copy} disabled={!hasSelection} title="Copy (Ctrl+C)">
          Copy
        </button>
        <button type="button" onClick={actions.paste} title="Paste (Ctrl+V)">
          Paste
        </button>
        <button type="button" onClick={actions.deleteSelection} disabled={!hasSelection} title="Delete (Delete key)">
          Delete
        </button>
        <button type="button" onClick={actions.fitView} title="Fit view">
          Fit view
        </button>
        <button type="button" onClick={actions.layout} title="Arrange the nodes left to right">
          Auto-layout
        </button>
        <button type="button" onClick={actions.saveBlueprint} title="Save the selected nodes as a blueprint">
          Save as blueprint
        </button>
        <button
          type="button"
          aria-pressed={panel === 'problems'}
          onClick={() => actions.showPanel(panel === 'problems' ? { kind: 'none' } : { kind: 'problems' })}
        >
          Problems ({errors} error{errors === 1 ? '' : 's'}, {warnings} warning{warnings === 1 ? '' : 's'})
        </button>
        <button
          type="button"
          aria-pressed={panel === 'versions'}
          onClick={() => actions.showPanel(panel === 'versions' ? { kind: 'none' } : { kind: 'versions' })}
        >
          Versions
        </button>
        <DebugSwitch workflowId={workflow.id} initial={workflow.isDebugOn === true} />
        <button
          type="button"
          aria-pressed={panel === 'run'}
          onClick={() => actions.showPanel(panel === 'run' ? { kind: 'none' } : { kind: 'run' })}
        >
          Run…
        </button>
      </div>
    </header>
  )
}

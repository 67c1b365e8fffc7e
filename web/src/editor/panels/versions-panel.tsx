/**
 * Version history (spec/UI.md §6 item 5): the saved versions of this workflow, a diff of a
 * version against the editor's current graph (node by node, in words), and restore. Restoring
 * loads the version into the editor as an undoable change; saving then makes it current.
 */
import { useEffect, useState } from 'react'
import { listVersions, loadVersion, type WorkflowVersion } from '../editor-api.ts'
import { describeDiff } from '../model/diff.ts'
import { readDrawflow, type WorkflowDoc } from '../model/drawflow.ts'
import { useEditor, useEditorHandle } from '../state/editor-context.ts'
import { commit } from '../state/editor-state.ts'

function savedAt(timestamp: unknown): string {
  const seconds = Number(timestamp)
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000).toLocaleString() : 'unknown time'
}

/** The versions panel. */
export function VersionsPanel() {
  const { dispatch } = useEditorHandle()
  const workflowId = useEditor((state) => state.workflow.id)
  const current = useEditor((state) => state.doc)
  const [versions, setVersions] = useState<WorkflowVersion[] | null>(null)
  const [error, setError] = useState('')
  const [picked, setPicked] = useState<{ id: string; doc: WorkflowDoc } | null>(null)
  useEffect(() => {
    listVersions(workflowId)
      .then(setVersions)
      .catch((failure: Error) => setError(`Versions could not be listed: ${failure.message}`))
  }, [workflowId])
  const pick = async (version: WorkflowVersion) => {
    try {
      const data = await loadVersion(workflowId, version.version)
      setPicked({ id: String(version.version), doc: readDrawflow(data ?? {}) })
    } catch (failure) {
      setError(`The version could not be read: ${(failure as Error).message}`)
    }
  }
  return (
    <section className="sl-panel" aria-label="Version history">
      <h2>Versions</h2>
      {error ? <p role="alert">{error}</p> : null}
      {versions === null && !error ? <p role="status">Loading…</p> : null}
      <ul className="sl-versions">
        {(versions ?? []).map((version) => (
          <li key={version.version}>
            <button type="button" onClick={() => void pick(version)}>
              Version {version.version} — {savedAt(version.timestamp)}
              {version.restored_from ? ` (restored from version ${version.restored_from})` : ''}
            </button>
          </li>
        ))}
      </ul>
      {picked ? (
        <>
          <h3>Changes from version {picked.id} to the editor's graph</h3>
          <figure aria-label="Diff">
            <pre>{describeDiff(picked.doc, current).join('\n') || 'No difference.'}</pre>
          </figure>
          <button
            type="button"
            onClick={() =>
              dispatch((state) => ({
                ...commit(state, picked.doc),
                notice: {
                  kind: 'info',
                  text: `Version ${picked.id} restored into the editor; save to make it current.`,
                },
              }))
            }
          >
            Restore this version
          </button>
        </>
      ) : null}
    </section>
  )
}

/**
 * "Save as blueprint" (spec/UI.md §3.12): name and description (prefilled with the trigger id,
 * as MISP does), and the list of nodes it will hold with their parameter and filter counts.
 */
import { useState } from 'react'
import type { GraphNode } from '../../../../src/engine/contract/index.ts'
import { hasFilter, indexedParams } from '../model/params.ts'
import { ModalDialog } from './modal-dialog.tsx'

/** Props: the clean node list to save, and the callbacks. */
export function BlueprintDialog({
  nodes,
  triggerId,
  onSave,
  onClose,
}: {
  nodes: GraphNode[]
  triggerId: string
  onSave(name: string, description: string): Promise<void>
  onClose(): void
}) {
  const [name, setName] = useState('')
  const [description, setDescription] = useState(`[${triggerId}]`)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const submit = async () => {
    if (name.trim() === '') {
      setError('A blueprint needs a name.')
      return
    }
    setBusy(true)
    try {
      await onSave(name.trim(), description)
    } catch (failure) {
      setError(`The blueprint could not be saved: ${(failure as Error).message}`)
      setBusy(false)
    }
  }
  return (
    <ModalDialog
      label="Save as blueprint"
      onClose={onClose}
      error={error}
      actions={
        <>
          <button type="button" className="primary" disabled={busy} onClick={() => void submit()}>
            Save blueprint
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </>
      }
    >
      <h2>Save as blueprint</h2>
      <label className="sl-field">
        <span>Name</span>
        <input
          type="text"
          value={name}
          onChange={(event) => setName(event.target.value)}
          placeholder="Name of the workflow blueprint"
        />
      </label>
      <label className="sl-field">
        <span>Description</span>
        <textarea rows={3} value={description} onChange={(event) => setDescription(event.target.value)} />
      </label>
      <h3>
        Content: {nodes.length} node{nodes.length === 1 ? '' : 's'}
      </h3>
      <ul>
        {nodes.map((node) => (
          <li key={String(node.id)}>
            {String(node.data?.name ?? node.name)} — {Object.keys(indexedParams(node)).length} parameter(s)
            {hasFilter(node) ? ', has a filter' : ''}
          </li>
        ))}
      </ul>
    </ModalDialog>
  )
}

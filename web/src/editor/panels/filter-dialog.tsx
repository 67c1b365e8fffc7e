/**
 * The node-filter dialog (spec/UI.md §3.10): element selector, value, operator, hash path.
 * Unlike MISP, the selector has a preview, errors are shown once (not stacked), and Cancel
 * leaves the node unchanged. Clearing every field removes the filter.
 */
import { useState } from 'react'
import { previewHashPath } from './params/hashpath-preview.ts'
import { SAMPLE_EVENT } from './params/sample-event.ts'
import { ModalDialog } from './modal-dialog.tsx'

type Filters = { selector: string; value: string; operator: string; path: string }

const OPERATORS: ReadonlyArray<[string, string]> = [
  ['in', 'In'],
  ['not_in', 'Not in'],
  ['equals', 'Equals'],
  ['not_equals', 'Not equals'],
]

/** Props: the current filters; `onSave` gets the new ones, `onClose` cancels. */
export function FilterDialog({
  initial,
  nodeName,
  onSave,
  onClose,
}: {
  initial: Filters
  nodeName: string
  onSave(filters: Filters): void
  onClose(): void
}) {
  const [filters, setFilters] = useState<Filters>({ ...initial, operator: initial.operator || 'in' })
  const [error, setError] = useState('')
  const set = (key: keyof Filters) => (event: { target: { value: string } }) =>
    setFilters((f) => ({ ...f, [key]: event.target.value }))
  const save = () => {
    if (filters.selector === '' && filters.value === '' && filters.path === '') {
      onSave({ selector: '', value: '', operator: '', path: '' })
      return
    }
    if (filters.selector === '' || filters.value === '' || filters.path === '') {
      setError('Element selector, Value and Hash path are all needed for a filter (or clear them all to remove it).')
      return
    }
    onSave(filters)
  }
  return (
    <ModalDialog
      label="Node filtering"
      onClose={onClose}
      error={error}
      actions={
        <>
          <button type="button" onClick={save}>
            Save filter
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </>
      }
    >
      <h2>Node filtering — {nodeName}</h2>
      <p className="sl-muted">
        The action only works on the items the selector picks whose value at the hash path satisfies the condition.
        Filters do not change the data passed on.
      </p>
      <label className="sl-field">
        <span>Element selector</span>
        <input
          type="text"
          value={filters.selector}
          onChange={set('selector')}
          placeholder="Event._AttributeFlattened.{n}"
        />
      </label>
      <label className="sl-field">
        <span>Value</span>
        <input type="text" value={filters.value} onChange={set('value')} placeholder="tlp:white" />
      </label>
      <label className="sl-field">
        <span>Operator</span>
        <select value={filters.operator} onChange={set('operator')}>
          {OPERATORS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="sl-field">
        <span>Hash path</span>
        <input type="text" value={filters.path} onChange={set('path')} placeholder="Tag.{n}.name" />
      </label>
      <details className="sl-preview">
        <summary>Preview on the sample event</summary>
        <pre>
          {filters.selector
            ? previewHashPath(SAMPLE_EVENT, filters.path || '{n}', filters.selector)
            : 'Type an element selector.'}
        </pre>
      </details>
    </ModalDialog>
  )
}

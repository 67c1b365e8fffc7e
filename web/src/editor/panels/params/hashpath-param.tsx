/**
 * A hash-path field (spec/UI.md §3.7–3.8) with quick presets and a live preview of what the
 * path extracts from sample data — the built-in sample event, or JSON the user pastes — using
 * the engine's own hash-path code. Every pick goes through the same `onChange` as typing, so
 * none of MISP's picker wiring bugs can happen.
 */
import { useMemo, useState } from 'react'
import type { ParamDescriptor } from '../../../../../src/engine/contract/index.ts'
import { ELEMENT_PRESETS, previewHashPath, SUB_PRESETS } from './hashpath-preview.ts'
import { SAMPLE_EVENT } from './sample-event.ts'

/** Props: the descriptor, value, change callback, and the element selector for sub-paths. */
export function HashpathParam({
  param,
  value,
  onChange,
  selector,
  inputId,
}: {
  param: ParamDescriptor
  value: unknown
  onChange(value: string): void
  selector?: string
  inputId: string
}) {
  const path = String(value ?? '')
  const isSub = Boolean(param.hashpath?.is_sub_selector)
  const presets = isSub ? SUB_PRESETS : ELEMENT_PRESETS
  const [pasted, setPasted] = useState('')
  const sample = useMemo(() => {
    if (pasted.trim() === '') return { data: SAMPLE_EVENT as unknown, error: '' }
    try {
      return { data: JSON.parse(pasted) as unknown, error: '' }
    } catch (error) {
      return { data: SAMPLE_EVENT as unknown, error: `Invalid JSON: ${(error as Error).message}` }
    }
  }, [pasted])
  const preview = useMemo(
    () => previewHashPath(sample.data, path, isSub ? selector : undefined),
    [sample, path, isSub, selector],
  )
  return (
    <div className="sl-hashpath">
      <div className="sl-row">
        <input
          id={inputId}
          type="text"
          value={path}
          placeholder={String(param.placeholder ?? '')}
          onChange={(event) => onChange(event.target.value)}
          spellCheck={false}
        />
        <select
          aria-label={`${param.label ?? param.id} presets`}
          value=""
          onChange={(event) => event.target.value && onChange(event.target.value)}
        >
          <option value="">Pick…</option>
          {presets.map(([name, preset]) => (
            <option key={preset} value={preset}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <details className="sl-preview">
        <summary>Preview on sample data</summary>
        <figure aria-label={`${param.label ?? param.id} preview`}>
          <pre>{preview}</pre>
        </figure>
        <label className="sl-field">
          <span>Sample JSON (empty = built-in sample event)</span>
          <textarea rows={4} value={pasted} onChange={(event) => setPasted(event.target.value)} spellCheck={false} />
        </label>
        {sample.error ? <p role="alert">{sample.error}</p> : null}
      </details>
    </div>
  )
}

/**
 * One parameter field, chosen by the descriptor's `type` (spec/UI.md §3.7): input, textarea,
 * select (single or multiple), picker, hashpath, checkbox, radio. Label above the field, a
 * Jinja marker when templates are supported. Values are written as MISP stores them: strings,
 * lists of strings, booleans.
 */
import { memo, useId } from 'react'
import type { ParamDescriptor } from '../../../../../src/engine/contract/index.ts'
import { paramOptions } from '../../model/params.ts'
import { HashpathParam } from './hashpath-param.tsx'
import { PickerParam } from './picker-param.tsx'

/** Props for one field. `selector` is the node's element selector, for sub-path previews. */
export interface ParamFieldProps {
  param: ParamDescriptor
  value: unknown
  onChange(paramId: string, value: unknown): void
  selector?: string
}

function ParamFieldView({ param, value, onChange, selector }: ParamFieldProps) {
  const id = useId()
  const label = String(param.label ?? param.id)
  const set = (next: unknown) => onChange(param.id, next)
  const disabled = Boolean(param.disabled)
  const jinja = param.jinja_supported ? (
    <span className="sl-jinja" title="This input supports Jinja2 templating">
      {' '}
      (Jinja2)
    </span>
  ) : null
  switch (param.type) {
    case 'checkbox':
      return (
        <label className="sl-field sl-check">
          <input
            type="checkbox"
            checked={value === true || value === 1 || value === '1'}
            disabled={disabled}
            onChange={(event) => set(event.target.checked)}
          />{' '}
          {label}
        </label>
      )
    case 'radio':
      return (
        <fieldset className="sl-field sl-radios">
          <legend>{label}</legend>
          {paramOptions(param).map((option) => (
            <label key={option.value}>
              <input
                type="radio"
                name={id}
                value={option.value}
                checked={String(value) === option.value}
                disabled={disabled}
                onChange={() => set(option.value)}
              />{' '}
              {option.label}
            </label>
          ))}
        </fieldset>
      )
    case 'select': {
      const options = paramOptions(param)
      if (param.multiple) {
        const current = Array.isArray(value) ? value.map(String) : []
        return (
          <label className="sl-field">
            <span>{label}</span>
            <select
              multiple
              value={current}
              disabled={disabled}
              onChange={(event) => set([...event.target.selectedOptions].map((option) => option.value))}
            >
              {options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </label>
        )
      }
      const known = options.some((option) => option.value === String(value ?? ''))
      return (
        <label className="sl-field">
          <span>{label}</span>
          <select value={String(value ?? '')} disabled={disabled} onChange={(event) => set(event.target.value)}>
            {!known ? (
              <option value={String(value ?? '')}>
                {value === '' || value === undefined ? '—' : `${String(value)} (not an option)`}
              </option>
            ) : null}
            {options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
      )
    }
    case 'picker':
      return (
        <fieldset className="sl-field sl-fieldset">
          <legend>{label}</legend>
          <PickerParam param={param} value={value} onChange={set} />
        </fieldset>
      )
    case 'hashpath':
      return (
        <div className="sl-field">
          <label htmlFor={id}>{label}</label>
          <HashpathParam param={param} value={value} onChange={set} selector={selector} inputId={id} />
        </div>
      )
    case 'textarea':
      return (
        <label className="sl-field">
          <span>
            {label}
            {jinja}
          </span>
          <textarea
            rows={6}
            value={String(value ?? '')}
            placeholder={String(param.placeholder ?? '')}
            disabled={disabled}
            onChange={(event) => set(event.target.value)}
            spellCheck={false}
          />
        </label>
      )
    default:
      return (
        <label className="sl-field">
          <span>
            {label}
            {jinja}
          </span>
          <input
            type="text"
            value={Array.isArray(value) ? value.join(', ') : String(value ?? '')}
            placeholder={String(param.placeholder ?? '')}
            disabled={disabled}
            onChange={(event) => set(event.target.value)}
          />
        </label>
      )
  }
}

/** A parameter field, memoised so that typing in one field re-renders only that field. */
export const ParamField = memo(ParamFieldView)

/**
 * One module parameter as a form field (ENGINE.md §5.1): input, textarea, select, picker,
 * checkbox, radio and hash path. Used by the stateless execution form of the module page.
 */
import { Field } from '../app/ui.tsx'
import type { ModuleParam } from '../api/workflows.ts'

/** The `[value, label]` pairs of a select/picker/radio parameter, whatever shape MISP sent. */
export function optionsOf(param: ModuleParam): Array<[string, string]> {
  const options = param.options
  if (!options) return []
  if (Array.isArray(options)) {
    return options.map((option) =>
      typeof option === 'string' ? [option, option] : [String(option.value), String(option.name ?? option.value)],
    )
  }
  return Object.entries(options).map(([value, label]) => [value, String(label)])
}

/** The key a parameter's value is stored under in `indexed_params`. */
export function paramKey(param: ModuleParam): string {
  return param.id ?? param.label
}

/** A labelled field for `param`. */
export function ParamField(props: { param: ModuleParam; value: unknown; onChange(value: unknown): void }) {
  const { param, value, onChange } = props
  const label = param.label || paramKey(param)
  const options = optionsOf(param)
  const isMultiple = (param as { multiple?: boolean }).multiple === true
  switch (param.type) {
    case 'textarea':
      return (
        <label className="field">
          {label}
          <textarea
            rows={4}
            value={String(value ?? '')}
            placeholder={param.placeholder}
            onChange={(e) => onChange(e.target.value)}
          />
        </label>
      )
    case 'checkbox':
      return (
        <label className="field inline">
          <input
            type="checkbox"
            checked={value === true || value === '1' || value === 1}
            onChange={(e) => onChange(e.target.checked)}
          />
          {label}
        </label>
      )
    case 'radio':
      return (
        <fieldset>
          <legend>{label}</legend>
          {options.map(([optionValue, optionLabel]) => (
            <label key={optionValue} className="field inline">
              <input
                type="radio"
                name={paramKey(param)}
                checked={String(value) === optionValue}
                onChange={() => onChange(optionValue)}
              />
              {optionLabel}
            </label>
          ))}
        </fieldset>
      )
    case 'select':
    case 'picker':
      if (options.length > 0) {
        const selected = isMultiple ? (Array.isArray(value) ? value.map(String) : []) : String(value ?? '')
        return (
          <Field label={label}>
            {(id) => (
              <select
                id={id}
                multiple={isMultiple}
                value={selected}
                onChange={(e) =>
                  onChange(isMultiple ? Array.from(e.target.selectedOptions, (option) => option.value) : e.target.value)
                }
              >
                {isMultiple ? null : <option value="">—</option>}
                {options.map(([optionValue, optionLabel]) => (
                  <option key={optionValue} value={optionValue}>
                    {optionLabel}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )
      }
      break
  }
  return (
    <label className="field">
      {label}
      {param.type === 'hashpath' ? <span className="muted"> (hash path)</span> : null}
      <input
        value={Array.isArray(value) ? value.join(', ') : String(value ?? '')}
        placeholder={param.placeholder}
        onChange={(e) =>
          onChange(
            isMultiple
              ? e.target.value
                  .split(',')
                  .map((part) => part.trim())
                  .filter(Boolean)
              : e.target.value,
          )
        }
      />
    </label>
  )
}

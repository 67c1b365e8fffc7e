/**
 * Small building blocks every page shares: an error alert that shows the server's message, a
 * status line for results of actions, yes/no cells that do not rely on colour alone, and date
 * formatting for MISP's Unix timestamps.
 */
import { type ComponentType, type InputHTMLAttributes, type ReactNode, useEffect, useId, useState } from 'react'

/** An alert with the server's message (role="alert", so screen readers and tests find it). */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null
  const message = error instanceof Error ? error.message : String(error)
  return (
    <div role="alert" className="alert alert-error">
      {title ? <strong>{title}: </strong> : null}
      {message}
    </div>
  )
}

/** A polite status line for the outcome of an action. */
export function Notice({ children }: { children: ReactNode }) {
  if (!children) return null
  return (
    <p role="status" className="alert alert-info">
      {children}
    </p>
  )
}

/** "Yes"/"No" with a colour cue; the word carries the meaning. */
export function YesNo({ value, yes = 'Yes', no = 'No' }: { value: unknown; yes?: string; no?: string }) {
  const isOn = value === true || value === 1 || value === '1'
  return <span className={isOn ? 'badge badge-on' : 'badge badge-off'}>{isOn ? yes : no}</span>
}

/** A MISP timestamp (Unix seconds, as a number or a string) or an ISO date, in local time; "—" when absent. */
export function formatTime(value: unknown): string {
  if (value === undefined || value === null || value === '' || value === 0 || value === '0') return '—'
  const numeric = typeof value === 'number' ? value : /^[0-9]+$/.test(String(value)) ? Number(value) : Number.NaN
  const date = Number.isNaN(numeric) ? new Date(String(value)) : new Date(numeric * 1000)
  return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString()
}

/** A page heading with an optional description. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="page-header">
      <h1>{title}</h1>
      {children ? <p className="muted">{children}</p> : null}
    </header>
  )
}

/** A "Loading…" line while `isLoading`. */
export function Loading({ isLoading }: { isLoading: boolean }) {
  return isLoading ? (
    <p role="status" aria-live="polite" className="muted">
      Loading…
    </p>
  ) : null
}

/**
 * A label and its control tied by id. Use it for `<select>`: a label wrapped around a select
 * would take the options' text into the control's accessible name.
 */
export function Field(props: { label: ReactNode; inline?: boolean; children(id: string): ReactNode }) {
  const id = useId()
  return (
    <div className={props.inline ? 'field inline' : 'field'}>
      <label htmlFor={id}>{props.label}</label>
      {props.children(id)}
    </div>
  )
}

/**
 * A checkbox that shows the new state at once while the change is saved, and follows the
 * server's value whenever it changes (a failed save puts it back on reload).
 */
export function SwitchBox(
  props: { checked: boolean; onSwitch(checked: boolean): void } & Omit<
    InputHTMLAttributes<HTMLInputElement>,
    'checked' | 'onChange' | 'onToggle' | 'type'
  >,
) {
  const { checked, onSwitch, ...rest } = props
  const [shown, setShown] = useState(checked)
  useEffect(() => setShown(checked), [checked])
  return (
    <input
      {...rest}
      type="checkbox"
      checked={shown}
      onChange={(event) => {
        setShown(event.target.checked)
        onSwitch(event.target.checked)
      }}
    />
  )
}

/**
 * A record page before its data is there: the heading, "Loading…" while it loads, and the
 * load's error (shown by `Alert`, `ErrorAlert` unless the page needs another).
 */
export function PagePending(props: {
  title: string
  load: { isLoading: boolean; error: unknown }
  Alert?: ComponentType<{ error: unknown }>
}) {
  const { title, load, Alert = ErrorAlert } = props
  return (
    <section>
      <PageHeader title={title} />
      <Loading isLoading={load.isLoading} />
      <Alert error={load.error} />
    </section>
  )
}

/** An index page's search box: a labelled `type="search"` input (its label names it, "Search" unless told). */
export function SearchField(props: { value: string; onChange(value: string): void; label?: string }) {
  return (
    <label className="field inline">
      {props.label ?? 'Search'}
      <input type="search" value={props.value} onChange={(event) => props.onChange(event.target.value)} />
    </label>
  )
}

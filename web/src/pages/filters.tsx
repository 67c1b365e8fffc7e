/**
 * A filter as a labelled group of toggle buttons (`aria-pressed`), shared by the index pages.
 * Unlike MISP's index pages, each group filters on its own and the groups combine.
 */

/** One choice of a filter group. */
export interface FilterChoice<T> {
  label: string
  value: T
}

/** A labelled group of mutually exclusive toggle buttons. */
export function FilterGroup<T>(props: {
  label: string
  choices: FilterChoice<T>[]
  value: T
  onChange(value: T): void
}) {
  const { label, choices, value, onChange } = props
  return (
    <fieldset className="filter">
      <legend className="muted">{label}</legend>
      <span className="group">
        {choices.map((choice) => (
          <button
            key={choice.label}
            type="button"
            aria-pressed={choice.value === value}
            onClick={() => onChange(choice.value)}
          >
            {choice.label}
          </button>
        ))}
      </span>
    </fieldset>
  )
}

/** Three-way choice: any, yes, no. */
export type Tristate = 'any' | 'yes' | 'no'

/** Whether `flag` passes a tristate filter. */
export function passes(filter: Tristate, flag: boolean): boolean {
  return filter === 'any' || (filter === 'yes') === flag
}

/** The choices of a "Blocking" filter (triggers, modules). */
export const BLOCKING_CHOICES: FilterChoice<Tristate>[] = [
  { label: 'Any', value: 'any' },
  { label: 'Blocking', value: 'yes' },
  { label: 'Non-blocking', value: 'no' },
]

/** The choices of an enabled "State" filter (triggers, modules). */
export const STATE_CHOICES: FilterChoice<Tristate>[] = [
  { label: 'Any', value: 'any' },
  { label: 'Enabled', value: 'yes' },
  { label: 'Disabled', value: 'no' },
]

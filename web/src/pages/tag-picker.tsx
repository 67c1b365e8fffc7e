/**
 * A tag name field with suggestions searched on the server as the user types
 * (`/tags/index/searchall:`), so a 20,000-tag instance never sends its whole list to the page.
 * A name that does not exist yet can still be typed.
 */
import { useEffect, useId, useState } from 'react'
import { searchTags } from '../api/events.ts'

/** The picker; `label` names the field. */
export function TagPicker(props: { label: string; value: string; onChange(value: string): void }) {
  const { label, value, onChange } = props
  const listId = useId()
  const [suggestions, setSuggestions] = useState<string[]>([])
  useEffect(() => {
    const text = value.trim()
    if (text === '') return setSuggestions([])
    let isCurrent = true
    // A short pause, so a fast typist sends one search, not one per keystroke.
    const timer = setTimeout(() => {
      searchTags(text).then(
        (names) => isCurrent && setSuggestions(names),
        () => isCurrent && setSuggestions([]),
      )
    }, 120)
    return () => {
      isCurrent = false
      clearTimeout(timer)
    }
  }, [value])
  return (
    <label className="field">
      {label}
      <input
        value={value}
        onChange={(event) => onChange(event.target.value)}
        list={listId}
        autoComplete="off"
        required
      />
      <datalist id={listId}>
        {suggestions.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
    </label>
  )
}

/**
 * The picker (spec/UI.md §3.7): a multi- or single-value combobox. Tag and galaxy-cluster
 * pickers search the server on each keystroke (`/tags/index/searchall:`), cancelling the
 * previous request, and show at most 50 results — the full tag list never enters the page
 * (spec/UI.md §6 item 9). Other pickers filter their own options. With `picker_create_new`,
 * Enter adds the typed value.
 */
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react'
import type { ParamDescriptor } from '../../../../../src/engine/contract/index.ts'
import { searchTags } from '../../editor-api.ts'
import { isMultiValued, paramOptions } from '../../model/params.ts'

const MAX_SHOWN = 50
/** How many tags one server search returns at most. */
const SEARCH_PAGE = 200
const GALAXY_PREFIX = 'misp-galaxy:'

/** Which source a picker draws its choices from. */
export function pickerSource(param: ParamDescriptor): 'tags' | 'clusters' | 'options' {
  if (paramOptions(param).length > 0) return 'options'
  if (param.id === 'clusters' || /galaxy|cluster/i.test(String(param.label ?? ''))) return 'clusters'
  if (param.id === 'tags' || /\btags?\b/i.test(String(param.label ?? ''))) return 'tags'
  return 'options'
}

function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String)
  if (value === '' || value === null || value === undefined) return []
  return [String(value)]
}

/** Props: the descriptor, the current value, and the change callback. */
export function PickerParam({
  param,
  value,
  onChange,
}: {
  param: ParamDescriptor
  value: unknown
  onChange(value: unknown): void
}) {
  const label = String(param.label ?? param.id)
  const multi = isMultiValued(param) || Array.isArray(value)
  const selected = asList(value)
  const source = pickerSource(param)
  const [query, setQuery] = useState('')
  const [results, setResults] = useState<Array<{ value: string; label: string }>>([])
  const [status, setStatus] = useState('')
  // The query the shown results answer: lets a test or benchmark tell fresh results from stale ones.
  const [resultsFor, setResultsFor] = useState('')
  const pending = useRef<AbortController | null>(null)
  const listId = useId()

  useEffect(() => {
    if (source === 'options') {
      const needle = query.trim().toLowerCase()
      const all = paramOptions(param).filter((option) => needle === '' || option.label.toLowerCase().includes(needle))
      setResults(all.slice(0, MAX_SHOWN))
      setStatus(`${all.length} match${all.length === 1 ? '' : 'es'}`)
      setResultsFor(query)
      return
    }
    if (query.trim() === '') {
      setResults([])
      setStatus('Type to search')
      setResultsFor(query)
      return
    }
    pending.current?.abort()
    const controller = new AbortController()
    pending.current = controller
    const term = source === 'clusters' ? `${GALAXY_PREFIX}${query}` : query
    searchTags(term, controller.signal, SEARCH_PAGE)
      .then((tags) => {
        if (controller.signal.aborted) return
        const names = tags
          .map((tag) => tag.name)
          .filter((name) => (source === 'clusters' ? name.startsWith(GALAXY_PREFIX) : !name.startsWith(GALAXY_PREFIX)))
          .map((name) => (source === 'clusters' ? name.slice(GALAXY_PREFIX.length) : name))
        setResults(names.slice(0, MAX_SHOWN).map((name) => ({ value: name, label: name })))
        // The server answers one page (SEARCH_PAGE): a full page means there may be more.
        const count = tags.length >= SEARCH_PAGE ? `${names.length}+` : String(names.length)
        setStatus(
          `${count} match${names.length === 1 ? '' : 'es'}${names.length > MAX_SHOWN ? `, first ${MAX_SHOWN} shown: type more to narrow` : ''}`,
        )
        setResultsFor(query)
      })
      .catch((error: Error) => {
        if (!controller.signal.aborted) setStatus(error.message)
      })
    return () => controller.abort()
  }, [query, source, param])

  const choose = (choice: string) => {
    if (multi) {
      if (!selected.includes(choice)) onChange([...selected, choice])
    } else onChange(choice)
    setQuery('')
  }

  /** Arrow keys move between the search box and the suggestions. */
  const moveFocus = (from: HTMLElement, step: 1 | -1) => {
    const list = document.getElementById(listId)
    const options = list ? [...list.querySelectorAll<HTMLElement>('[role="option"]')] : []
    const index = options.indexOf(from)
    const next = index + step
    if (next < 0) (list?.parentElement?.querySelector('input[role="combobox"]') as HTMLElement | null)?.focus()
    else options[Math.min(next, options.length - 1)]?.focus()
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault()
      moveFocus(event.currentTarget, 1)
      return
    }
    if (event.key !== 'Enter') return
    event.preventDefault()
    const typed = query.trim()
    const exact = results.find((result) => result.label === typed || result.value === typed)
    if (exact) choose(exact.value)
    else if (typed !== '' && (param.picker_create_new || source !== 'options')) choose(typed)
    else if (results.length === 1) choose(results[0].value)
  }

  return (
    <div className="sl-picker">
      {selected.length > 0 ? (
        <ul className="sl-chips" aria-label={`${label}: selected`}>
          {selected.map((item) => (
            <li key={item}>
              {item}
              <button
                type="button"
                aria-label={`Remove ${item}`}
                onClick={() => onChange(multi ? selected.filter((s) => s !== item) : '')}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <input
        type="search"
        role="combobox"
        aria-label={`${label} search`}
        aria-expanded={results.length > 0}
        aria-controls={listId}
        placeholder={String(param.placeholder ?? 'Type to search')}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <small aria-live="polite">{status}</small>
      <div
        id={listId}
        data-results-for={resultsFor}
        role="listbox"
        aria-label={`${label} suggestions`}
        className="sl-suggestions"
      >
        {results.map((result) => (
          <div
            key={result.value}
            role="option"
            tabIndex={-1}
            aria-selected={selected.includes(result.value)}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => choose(result.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' || event.key === ' ') {
                event.preventDefault()
                choose(result.value)
              } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
                event.preventDefault()
                moveFocus(event.currentTarget, event.key === 'ArrowDown' ? 1 : -1)
              }
            }}
          >
            {result.label}
          </div>
        ))}
      </div>
    </div>
  )
}

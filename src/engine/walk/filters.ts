/**
 * Path filters and node filters (spec/ENGINE.md §2.8.3, §2.9.1): the filtered view that
 * `getData()` returns while `generic-filter-data` filters are active, and the items an
 * attribute-oriented module acts on under its node's `saved_filters`.
 */
import { isPhpArray, phpLooseEquals, phpTruthy } from '../../format/index.ts'
import { extract, insert } from '../../hashpath/index.ts'
import type { GraphNode, SavedFilters } from '../contract/index.ts'
import { extractOrFalse, itemsMatchingCondition, mispCrash } from './conditions.ts'

const ALL_ATTRIBUTES = 'Event._AttributeFlattened.{n}'
const FILTER_KEYS = ['selector', 'value', 'operator', 'path'] as const

/**
 * `data.enabledFilters` when PHP-non-empty, else null (MISP's `getEnabledFilters(): array`,
 * whose return type makes a non-empty value that is not an array a PHP `TypeError`).
 */
function enabledFiltersOf(data: unknown): object | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null
  const filters = (data as { enabledFilters?: unknown }).enabledFilters
  if (!phpTruthy(filters)) return null
  if (!isPhpArray(filters)) throw mispCrash('The path filters (`enabledFilters`) are not an array')
  return filters
}

function applyFilter(data: unknown, filter: Record<string, unknown>): unknown {
  let selector = typeof filter.selector === 'string' ? filter.selector : String(filter.selector ?? '')
  if (selector.endsWith('.{n}')) selector = selector.slice(0, -4)
  // An empty selector selects the whole data, so the "items" are its top-level entries.
  const items = extractOrFalse(data, selector)
  const kept = itemsMatchingCondition(items, filter.value, filter.operator, filter.path ?? '')
  return insert(data, selector, kept)
}

/**
 * The filtered view of the roaming data (spec/ENGINE.md §2.8.3): each enabled path filter,
 * in insertion order, strips a trailing `.{n}` from its selector, extracts the collection,
 * keeps the matching items (original keys preserved) and inserts them back. Returns `data`
 * itself (same reference) when no filter is enabled. The view keeps `enabledFilters` and
 * `_unfilteredData`, and applying the filters to a view again gives the same view.
 */
export function applyPathFilters(data: unknown): unknown {
  const filters = enabledFiltersOf(data)
  if (filters === null) return data
  let view = data
  for (const filter of Array.isArray(filters) ? filters : Object.values(filters)) {
    // MISP's `applyFilter(array $data, array $filteringOptions)`: anything else is a TypeError.
    if (!isPhpArray(filter)) throw mispCrash('A path filter in `enabledFilters` is not an array')
    view = applyFilter(view, filter as Record<string, unknown>)
  }
  return view
}

/**
 * A node's effective `saved_filters` (spec/ENGINE.md §2.9.1): the node's value for each of
 * `selector`, `value`, `operator` and `path` when set (not null), else the module default `""`.
 * MISP quirk: the list form `[{text, value}]` has integer keys, so MISP finds none of the four
 * names in it and every filter takes its default `""`. Values are kept as stored: a hand-written
 * `value` may be a list (for `in_or`).
 */
export function effectiveNodeFilters(node: Pick<GraphNode, 'data'>): SavedFilters {
  const saved = node.data?.saved_filters
  const byName = typeof saved === 'object' && saved !== null && !Array.isArray(saved) ? saved : {}
  const filters: Record<string, unknown> = {}
  for (const key of FILTER_KEYS) filters[key] = (byName as Record<string, unknown>)[key] ?? ''
  return filters as unknown as SavedFilters
}

/** MISP's `filtersEnabled`: at least one of the four filter values is PHP-loosely `!= ""` (spec/ENGINE.md §2.9.1). */
export function nodeFiltersEnabled(filters: SavedFilters): boolean {
  return FILTER_KEYS.some((key) => !phpLooseEquals(filters[key], ''))
}

/**
 * MISP's `getMatchingItemsForAttributes` (spec/ENGINE.md §2.9.1): with node filters enabled,
 * the items at `selector` (the top-level entries of the view when `selector` is `""`) that
 * match the filter, keys preserved; otherwise every entry of `Event._AttributeFlattened`.
 * `false` when extraction fails; the module then does nothing.
 */
export function matchingItemsForAttributes(filters: SavedFilters, view: unknown): unknown | false {
  if (nodeFiltersEnabled(filters)) {
    const extracted = extractOrFalse(view, filters.selector)
    if (extracted === false) return false
    return itemsMatchingCondition(extracted, filters.value, filters.operator, filters.path)
  }
  try {
    return extract(view, ALL_ATTRIBUTES)
  } catch {
    return false
  }
}

/** Filter :: Generic (spec/ENGINE.md §4.2 `generic-filter-data`, §2.8.2). */
import { phpTruthy } from '../../format/index.ts'
import type { PhpMap } from '../../format/index.ts'
import { defineLogicModule } from '../define.ts'
import { filteringLabelOptions } from './filtering-labels.ts'

/** The operators a path filter offers (spec/ENGINE.md §4.2). */
export const FILTER_OPERATORS = {
  in: 'In',
  not_in: 'Not in',
  equals: 'Equals',
  not_equals: 'Not equals',
  any_value: 'Any value',
  in_or: 'Any value from',
}

/** A PHP array as a fresh map that can be written to (a list becomes a map keyed by index). */
function mapCopy(value: unknown): PhpMap {
  if (Array.isArray(value)) return Object.fromEntries(value.map((item, index) => [String(index), item]))
  if (typeof value === 'object' && value !== null) return { ...(value as PhpMap) }
  return {}
}

/**
 * Filter :: Generic: adds (or replaces) the path filter named by `filtering-label` to
 * `enabledFilters`, and on the first filter stores the current view as `_unfilteredData`,
 * the snapshot a reset restores. Always true (spec/ENGINE.md §2.8.2).
 *
 * The snapshot is the view itself, not a copy: modules treat the roaming data as immutable
 * and replace what they change (docs/modules.md), so the view cannot change under it, and a
 * deep copy here would double the cost of a filtered run on a large event.
 */
export const genericFilterData = defineLogicModule<{
  'filtering-label': unknown
  selector: unknown
  value: unknown
  value_list: unknown
  operator: unknown
  hash_path: unknown
}>({
  id: 'generic-filter-data',
  name: 'Filter :: Generic',
  version: '0.2',
  description:
    'Generic data filtering block. The module filters incoming data and forward the matching data to its output.',
  icon: 'filter',
  outputs: 1,
  params: [
    {
      id: 'filtering-label',
      label: 'Filtering Label',
      type: 'select',
      options: filteringLabelOptions(),
      default: 'A',
    },
    {
      id: 'selector',
      label: 'Data selector',
      type: 'hashpath',
      placeholder: 'Event._AttributeFlattened.{n}',
      hashpath: { is_sub_selector: false },
    },
    {
      id: 'value',
      label: 'Value',
      type: 'input',
      placeholder: 'tlp:red',
      display_on: { operator: ['in', 'not_in', 'equals', 'not_equals'] },
    },
    {
      id: 'value_list',
      label: 'Value list',
      type: 'picker',
      picker_create_new: true,
      placeholder: "['ip-src', 'ip-dst']",
      display_on: { operator: 'in_or' },
    },
    { id: 'operator', label: 'Operator', type: 'select', default: 'in', options: FILTER_OPERATORS },
    {
      id: 'hash_path',
      label: 'Hash path',
      type: 'hashpath',
      placeholder: 'Tag.name',
      hashpath: { is_sub_selector: true },
    },
  ],
  exec({ params, data, setData }) {
    const view: unknown = data
    const next = mapCopy(view)
    if (!phpTruthy(next._unfilteredData)) next._unfilteredData = view
    const filters = mapCopy(next.enabledFilters)
    filters[String(params['filtering-label'])] = {
      selector: params.selector,
      path: params.hash_path,
      operator: params.operator,
      value: params.operator === 'in_or' ? params.value_list : params.value,
    }
    next.enabledFilters = filters
    setData(next)
    return true
  },
})

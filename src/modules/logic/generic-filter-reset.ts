/** Filter :: Remove filter (spec/ENGINE.md §4.2 `generic-filter-reset`, §2.8.2, §10). */
import { UserError } from '../../errors.ts'
import type { PhpMap } from '../../format/index.ts'
import { defineLogicModule } from '../define.ts'
import { filteringLabelOptions, isFilteringLabel } from './filtering-labels.ts'

function isMap(value: unknown): value is PhpMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function mapCopy(value: unknown[] | PhpMap): PhpMap {
  return Array.isArray(value) ? Object.fromEntries(value.map((item, index) => [String(index), item])) : { ...value }
}

/**
 * PHP `unset($snapshot['enabledFilters'][$label])`: the snapshot without that one filter (an
 * emptied filter list stays as `[]`). Nothing to remove when `enabledFilters` is absent or
 * null; unsetting an offset of any other scalar is a PHP `Error` (§10).
 */
function withoutLabel(snapshot: unknown[] | PhpMap, label: string): unknown {
  const filters = isMap(snapshot) ? snapshot.enabledFilters : undefined
  if (filters === undefined || filters === null || filters === false) return snapshot
  if (typeof filters !== 'object') {
    throw new UserError('SLC_MISP_CRASH', `Cannot remove filter \`${label}\`: \`enabledFilters\` is not an array`)
  }
  const kept = Object.entries(filters).filter(([key]) => key !== label)
  if (kept.length === Object.keys(filters).length) return snapshot
  return { ...mapCopy(snapshot), enabledFilters: kept.length > 0 ? Object.fromEntries(kept) : [] }
}

/**
 * Filter :: Remove filter: restores the snapshot `_unfilteredData` taken when the first filter
 * was added, then removes the filter `filtering-label` from it (or sets `enabledFilters` to
 * `[]` for `all`). Always true (spec/ENGINE.md §2.8.2).
 *
 * MISP quirk (Q1): the snapshot predates every filter, so resetting any label removes all of
 * them and drops every data change made since. Resetting `all` with no filter set replaces the
 * data with `{enabledFilters: []}`, as MISP does. Resetting a label with no filter set crashes
 * MISP (`setData(null)`); here it fails the node with an error instead (§10).
 */
export const genericFilterReset = defineLogicModule<{ 'filtering-label': unknown }>({
  id: 'generic-filter-reset',
  name: 'Filter :: Remove filter',
  version: '0.1',
  description: 'Reset filtering',
  icon: 'redo-alt',
  outputs: 1,
  params: [
    {
      id: 'filtering-label',
      label: 'Filtering Label to remove',
      type: 'select',
      default: 'all',
      options: { all: 'All filters', ...filteringLabelOptions() },
    },
  ],
  exec({ params, data, setData }) {
    const label = params['filtering-label']
    const snapshot = isMap(data) ? data._unfilteredData : undefined
    if (typeof snapshot !== 'object' || snapshot === null) {
      // MISP quirk: `null['enabledFilters'] = []` turns a missing snapshot into `{enabledFilters: []}`.
      if (label === 'all' && (snapshot === undefined || snapshot === null || snapshot === false)) {
        setData({ enabledFilters: [] })
        return true
      }
      throw new UserError('SLC_MISP_CRASH', `Cannot remove filter \`${String(label)}\`: no filter is active`)
    }
    const restored = snapshot as unknown[] | PhpMap
    if (label === 'all') setData({ ...mapCopy(restored), enabledFilters: [] })
    else if (isFilteringLabel(label)) setData(withoutLabel(restored, label))
    else setData(snapshot)
    return true
  },
})

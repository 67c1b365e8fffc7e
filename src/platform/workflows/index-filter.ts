/**
 * The named index filters of `GET /workflows/index` and `GET /workflowBlueprints/index`
 * (`name`, `uuid`, `timestamp`): an empty or missing filter matches everything, a filter without
 * `%` must equal the value, and `%` is a wildcard matched case-insensitively, like SQL `LIKE`.
 */
export function matchesIndexFilter(value: string, filter: string | undefined): boolean {
  if (filter === undefined || filter === '') return true
  if (!filter.includes('%')) return value === filter
  const pattern = filter
    .split('%')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*')
  return new RegExp(`^${pattern}$`, 'i').test(value)
}

/**
 * The named index filters of `GET /workflows/index` and `GET /workflowBlueprints/index`
 * (`name`, `uuid`, `timestamp`): an empty or missing filter matches everything, a filter without
 * `%` must equal the value, and `%` is a wildcard matched case-insensitively, like SQL `LIKE`.
 * Wildcards are matched by searching for the literal pieces in order, never by a regular
 * expression: a filter of many `%` would make one backtrack for minutes.
 */
export function matchesIndexFilter(value: string, filter: string | undefined): boolean {
  if (filter === undefined || filter === '') return true
  if (!filter.includes('%')) return value === filter
  const pieces = filter.toLowerCase().split('%')
  const text = value.toLowerCase()
  const first = pieces[0]
  const last = pieces[pieces.length - 1]
  if (!text.startsWith(first)) return false
  // The last piece must end the value, and must not overlap what the first piece took.
  if (text.length - last.length < first.length || !text.endsWith(last)) return false
  let position = first.length
  const end = text.length - last.length
  for (const piece of pieces.slice(1, -1)) {
    // The leftmost place of each piece leaves the most room for the pieces after it.
    const found = text.indexOf(piece, position)
    if (found === -1 || found + piece.length > end) return false
    position = found + piece.length
  }
  return true
}

/**
 * MISP's distribution levels as a parameter's option list (the `{name, value}` list form of
 * spec/ENGINE.md §5.1), shared by IF :: Distribution and Event distribution operation.
 */

/** The five levels; the leading space of " Sharing Group" is MISP's own label. */
export function distributionOptions(): Array<{ name: string; value: number }> {
  return [
    { name: 'Organisation', value: 0 },
    { name: 'Community', value: 1 },
    { name: 'Connected', value: 2 },
    { name: 'All', value: 3 },
    { name: ' Sharing Group', value: 4 },
  ]
}

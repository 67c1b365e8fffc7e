/** The labels path filters are stored under (MISP's `_genFilteringLabels`, spec/ENGINE.md §2.8.2). */
export const FILTERING_LABELS = ['A', 'B', 'C', 'D', 'E', 'F'] as const

/** `{A: 'Label A', …, F: 'Label F'}`: the options of the filter modules' label parameter (spec/ENGINE.md §4.2). */
export function filteringLabelOptions(): Record<string, string> {
  return Object.fromEntries(FILTERING_LABELS.map((label) => [label, `Label ${label}`]))
}

/** Whether `label` names one of the six filters (spec/ENGINE.md §2.8.2). */
export function isFilteringLabel(label: unknown): label is (typeof FILTERING_LABELS)[number] {
  return typeof label === 'string' && (FILTERING_LABELS as readonly string[]).includes(label)
}

import { append, arrayKey, asMap, entriesOf, getKey, isEmpty, isSet, setAt, shallowCopy } from './array-semantics.ts'
import type { PhpMap } from './types.ts'

// Granular correlations (spec/CORE-FORMAT.md §3.1 step 8). Workflows never request them, but a
// submitted event (`event-before-save`) may carry `Event.RelatedAttribute`.

function correlationsFor(related: unknown, attribute: unknown): [string, unknown][] | null {
  const key = arrayKey(getKey(attribute, 'id'))
  return isSet(related, key) ? entriesOf(getKey(related, key)) : null
}

function summarise(correlation: unknown): PhpMap {
  return {
    id: getKey(correlation, 'attribute_id') ?? null,
    value: getKey(correlation, 'value') ?? null,
    org_id: getKey(correlation, 'org_id') ?? null,
    info: getKey(correlation, 'info') ?? null,
    event_id: getKey(correlation, 'id') ?? null,
  }
}

function withCorrelations(target: unknown, correlations: [string, unknown][]): PhpMap {
  const map = asMap(target ?? null)
  // An existing `RelatedAttribute` list is the input's; the summaries go onto a copy of it.
  let related = shallowCopy(map.RelatedAttribute)
  for (const [, correlation] of correlations) related = append(related, summarise(correlation))
  map.RelatedAttribute = related
  return map
}

/**
 * Adds `RelatedAttribute` summaries `{id, value, org_id, info, event_id}` to each event
 * attribute that `Event.RelatedAttribute` lists (spec/CORE-FORMAT.md §3.1 step 8).
 */
export function addRelatedToAttributes(event: PhpMap): void {
  const related = event.RelatedAttribute
  if (isEmpty(related)) return
  for (const [key, attribute] of entriesOf(event.Attribute)) {
    const correlations = correlationsFor(related, attribute)
    if (correlations !== null) event.Attribute = setAt(event.Attribute, key, withCorrelations(attribute, correlations))
  }
}

/**
 * The object branch of the same step. MISP quirk: it walks the *event* attributes and writes
 * their correlations to the object attribute at the event attribute's index, possibly creating
 * an entry holding only `RelatedAttribute` (spec/CORE-FORMAT.md §3.1 step 8).
 */
export function addRelatedToObjects(event: PhpMap): void {
  const related = event.RelatedAttribute
  if (isEmpty(related) || !Array.isArray(event.Object)) return
  for (const object of event.Object as PhpMap[]) {
    for (const [index, attribute] of entriesOf(event.Attribute)) {
      const correlations = correlationsFor(related, attribute)
      if (correlations === null) continue
      const updated = withCorrelations(getKey(object.Attribute, index), correlations)
      object.Attribute = setAt(object.Attribute, index, updated)
    }
  }
}

/**
 * Database look-ups answered from a scenario's `fixtures` (conformance/MISP-SCENARIOS.md §1):
 * `events` are `fetchSimpleEvent` rows (`{Event, EventTag}`), `objects` are `fetchObjectSimple`
 * elements (`{Object, Event}`). The file holds them as lists (or maps keyed by id); rows are
 * found by `Event.id` / `Object.id`. Any other id is "not found".
 */
import { inMemoryLookups } from '../format/index.ts'
import type { CoreFormatLookups, ObjectSimpleRow, SimpleEventRow } from '../format/index.ts'

/** A scenario's fixtures. */
export interface ScenarioFixtures {
  events?: unknown[] | Record<string, unknown>
  objects?: unknown[] | Record<string, unknown>
}

function indexBy<T>(rows: ScenarioFixtures['events'], model: 'Event' | 'Object'): Record<string, T> {
  const index: Record<string, T> = {}
  for (const [key, row] of Object.entries(rows ?? {})) {
    const id = (row as Record<string, { id?: unknown }> | null)?.[model]?.id
    // A copy, so that nothing a run does can change the scenario.
    index[String(Array.isArray(rows) ? id : key)] = structuredClone(row) as T
  }
  return index
}

/** Look-ups over the fixtures. */
export function fixtureLookups(fixtures: ScenarioFixtures): CoreFormatLookups {
  return inMemoryLookups({
    simpleEvents: indexBy<SimpleEventRow>(fixtures.events, 'Event'),
    objects: indexBy<ObjectSimpleRow>(fixtures.objects, 'Object'),
  })
}

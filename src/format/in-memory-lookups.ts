import type {
  AttributeRow,
  CoreFormatLookups,
  EventRow,
  ObjectSimpleRow,
  QuickEventRow,
  SimpleEventRow,
  ThreadRow,
} from './lookups.ts'

/** Rows by id for each look-up of {@link CoreFormatLookups}; a missing id is "not found" (conformance/MISP-SCENARIOS.md §1). */
export interface LookupFixtures {
  simpleEvents?: Record<string, SimpleEventRow>
  objects?: Record<string, ObjectSimpleRow>
  quickEvents?: Record<string, QuickEventRow>
  attributes?: Record<string, AttributeRow>
  threads?: Record<string, ThreadRow>
  eventRows?: Record<string, EventRow>
}

function finder<T>(rows: Record<string, T> | undefined): (id: string) => Promise<T | null> {
  return async (id) => (rows !== undefined && Object.hasOwn(rows, id) ? rows[id] : null)
}

/**
 * {@link CoreFormatLookups} answered from fixed rows, as the conformance fixtures give them
 * (`events` → `fetchSimpleEvent`, `objects` → `fetchObjectSimple`; spec/CORE-FORMAT.md §8.2,
 * conformance/MISP-SCENARIOS.md §1). The rows are returned as they are, never copied.
 */
export function inMemoryLookups(fixtures: LookupFixtures = {}): CoreFormatLookups {
  return {
    fetchSimpleEvent: finder(fixtures.simpleEvents),
    fetchObjectSimple: finder(fixtures.objects),
    quickFetchEvent: finder(fixtures.quickEvents),
    fetchAttribute: finder(fixtures.attributes),
    fetchThread: finder(fixtures.threads),
    fetchEventRow: finder(fixtures.eventRows),
  }
}

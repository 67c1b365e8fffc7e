import type { CoreFormatLookups } from '../lookups.ts'
import type { NormalisedData } from '../types.ts'
import { normaliseCoreFormat } from './base.ts'

/**
 * `event-publish`, `event-after-save-new`, `event-after-save-new-from-pull` (a full `fetchEvent`
 * row), `event-after-save` (a quick event: no attributes, 4-key tags) and `event-before-save`
 * (the submitted event): the base conversion, event scope (spec/CORE-FORMAT.md §6,
 * spec/ENGINE.md §4.1.1).
 */
export function normaliseEventTrigger(data: unknown, lookups: CoreFormatLookups): Promise<NormalisedData | false> {
  return normaliseCoreFormat(data, lookups)
}

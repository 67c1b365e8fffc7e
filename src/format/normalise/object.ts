import type { CoreFormatLookups } from '../lookups.ts'
import type { NormalisedData } from '../types.ts'
import { normaliseCoreFormat } from './base.ts'

/**
 * `object-after-save`: the base conversion of the saved row `{Object: {...}}`, object scope.
 * MISP quirk: the saved object normally has no `Attribute` list, so the event-scope cleaning
 * deletes it and the workflow sees `Event.Object = []` and `_AttributeFlattened = []`
 * (spec/CORE-FORMAT.md §3.3 step 3, §6).
 */
export function normaliseObjectAfterSave(data: unknown, lookups: CoreFormatLookups): Promise<NormalisedData | false> {
  return normaliseCoreFormat(data, lookups)
}

import type { CoreFormatLookups } from '../lookups.ts'
import type { NormalisedData } from '../types.ts'
import { normaliseCoreFormat } from './base.ts'

/**
 * `attribute-after-save`: the base conversion of a `fetchAttribute` row (plus
 * `Attribute.Sighting`), attribute scope: the event is re-fetched and holds only this
 * attribute, wrapped in its object when it has one; no `Org`/`Orgc` (spec/CORE-FORMAT.md §3.2, §6).
 */
export function normaliseAttributeAfterSave(
  data: unknown,
  lookups: CoreFormatLookups,
): Promise<NormalisedData | false> {
  return normaliseCoreFormat(data, lookups)
}

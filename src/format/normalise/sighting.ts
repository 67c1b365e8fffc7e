import type { CoreFormatLookups } from '../lookups.ts'
import { getKey, isEmpty } from '../array-semantics.ts'
import type { NormalisedData } from '../types.ts'
import { attributeRow, normaliseCoreFormat, placeAttribute, quickEvent, requireArray } from './base.ts'

/**
 * `sighting-after-save`: false without `Sighting`; otherwise the quick event of
 * `Sighting.Event.id` plus the sighted attribute from `fetchAttribute(Sighting.Attribute.id)`,
 * placed in `Event.Attribute` or alone in `Event.Object[0].Attribute`, converted (event scope).
 * MISP quirk: the sighting record itself is not in the result (spec/CORE-FORMAT.md §6).
 */
export async function normaliseSightingAfterSave(
  data: unknown,
  lookups: CoreFormatLookups,
): Promise<NormalisedData | false> {
  const sighting = getKey(requireArray(data), 'Sighting')
  if (isEmpty(sighting)) return false
  const event = await quickEvent(getKey(getKey(sighting, 'Event'), 'id'), lookups)
  const attribute = await attributeRow(getKey(getKey(sighting, 'Attribute'), 'id'), lookups)
  placeAttribute(event, attribute)
  return normaliseCoreFormat(event, lookups)
}

import type { CoreFormatLookups } from '../lookups.ts'
import { getKey, isEmpty, readKey } from '../array-semantics.ts'
import type { NormalisedData } from '../types.ts'
import { attributeRow, normaliseCoreFormat, placeAttribute, quickEvent, requireArray } from './base.ts'

/**
 * `sighting-after-save`: false without `Sighting`; otherwise the quick event of
 * `Sighting.Event.id` plus the sighted attribute from `fetchAttribute(Sighting.Attribute.id)`,
 * placed in `Event.Attribute` or alone in `Event.Object[0].Attribute`, converted (event scope).
 * MISP quirk: the sighting record itself is not in the result (spec/CORE-FORMAT.md §6).
 * A string where MISP reads `Sighting.Event.id` or `Sighting.Attribute.id` throws, as PHP 8 does.
 */
export async function normaliseSightingAfterSave(
  data: unknown,
  lookups: CoreFormatLookups,
): Promise<NormalisedData | false> {
  const sighting = getKey(requireArray(data), 'Sighting')
  if (isEmpty(sighting)) return false
  const event = await quickEvent(readKey(readKey(sighting, 'Event'), 'id'), lookups)
  const attribute = await attributeRow(readKey(readKey(sighting, 'Attribute'), 'id'), lookups)
  placeAttribute(event, attribute)
  return normaliseCoreFormat(event, lookups)
}

import type { CoreFormatLookups } from '../lookups.ts'
import { getKey, isEmpty, readKey } from '../array-semantics.ts'
import type { NormalisedData } from '../types.ts'
import { attributeRow, normaliseCoreFormat, placeAttribute, quickEvent, requireArray } from './base.ts'

/**
 * `tag-attached-after-save`: false without `Tag`; otherwise the quick event of `Tag.event_id`,
 * plus the attribute (placed as for sightings) when `Tag.attribute_id` is set, converted (event
 * scope). MISP quirk: the attached tag is not in the result; only the trigger's own condition
 * sees it, on the raw data (spec/CORE-FORMAT.md §6, spec/ENGINE.md §4.1.1). A string `Tag`
 * throws when its `event_id` is read, as PHP 8 does.
 */
export async function normaliseTagAttachedAfterSave(
  data: unknown,
  lookups: CoreFormatLookups,
): Promise<NormalisedData | false> {
  const tag = getKey(requireArray(data), 'Tag')
  if (isEmpty(tag)) return false
  const event = await quickEvent(readKey(tag, 'event_id'), lookups)
  const attributeId = getKey(tag, 'attribute_id')
  if (!isEmpty(attributeId)) placeAttribute(event, await attributeRow(attributeId, lookups))
  return normaliseCoreFormat(event, lookups)
}

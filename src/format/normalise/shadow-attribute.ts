import type { CoreFormatLookups } from '../lookups.ts'
import { getKey, isEmpty, readKey, setOwn } from '../array-semantics.ts'
import type { NormalisedData, PhpMap } from '../types.ts'
import { attributeRow, normaliseCoreFormat, quickEvent, requireArray, writableCopy } from './base.ts'

/**
 * `shadow-attribute-before-save` and `shadow-attribute-after-save`: false without
 * `ShadowAttribute`. A proposal to edit (`old_id` truthy) becomes `fetchAttribute(old_id)` with
 * `Attribute.ShadowAttribute = [proposal]` (attribute scope: the proposal ends up at
 * `Event._AttributeFlattened.{n}.ShadowAttribute.{n}`); a proposal for a new attribute becomes
 * the quick event with `Event.ShadowAttribute = [proposal]` (spec/CORE-FORMAT.md §6). A string
 * proposal throws when its `old_id` is read, as PHP 8 does.
 */
export async function normaliseShadowAttribute(
  data: unknown,
  lookups: CoreFormatLookups,
): Promise<NormalisedData | false> {
  const proposal = getKey(requireArray(data), 'ShadowAttribute')
  if (isEmpty(proposal)) return false
  const oldId = readKey(proposal, 'old_id')
  const event = isEmpty(oldId) ? await forNewAttribute(proposal, lookups) : await forEdit(oldId, proposal, lookups)
  return normaliseCoreFormat(event, lookups)
}

async function forEdit(oldId: unknown, proposal: unknown, lookups: CoreFormatLookups): Promise<PhpMap> {
  const row = await attributeRow(oldId, lookups)
  const attribute = writableCopy(row.Attribute)
  setOwn(attribute, 'ShadowAttribute', [proposal])
  setOwn(row, 'Attribute', attribute)
  return row
}

async function forNewAttribute(proposal: unknown, lookups: CoreFormatLookups): Promise<PhpMap> {
  const event = await quickEvent(readKey(proposal, 'event_id'), lookups)
  const eventMap = writableCopy(event.Event)
  setOwn(eventMap, 'ShadowAttribute', [proposal])
  setOwn(event, 'Event', eventMap)
  return event
}

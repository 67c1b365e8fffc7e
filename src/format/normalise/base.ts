import { toCoreFormat } from '../core-format.ts'
import type { AttributeRow, CoreFormatLookups, QuickEventRow } from '../lookups.ts'
import { asMap, getKey, isEmpty, isMap, isPhpArray, lookupId, setOwn } from '../array-semantics.ts'
import type { NormalisedData, PhpMap } from '../types.ts'

/** A trigger's `normalizeData`: the normalised data, or false for invalid input (spec/ENGINE.md §2.4). */
export type TriggerNormaliser = (data: unknown, lookups: CoreFormatLookups) => Promise<NormalisedData | false>

/**
 * The raw data as a PHP array, or a TypeError as PHP's `normalizeData(array $data)` raises
 * (spec/ENGINE.md §2.2 step 3: a throw is "Error while normalizing data for trigger").
 */
export function requireArray(data: unknown): PhpMap | unknown[] {
  if (!isPhpArray(data)) throw new TypeError('normalizeData(): Argument #1 ($data) must be of type array')
  return data
}

/**
 * The base `normalizeData` of a core-format trigger: converts to the core format, false if the
 * result is empty, which cannot happen since `Event` is always set (spec/CORE-FORMAT.md §1 step 3).
 */
export async function normaliseCoreFormat(data: unknown, lookups: CoreFormatLookups): Promise<NormalisedData | false> {
  const converted = await toCoreFormat(requireArray(data), lookups)
  return isEmpty(converted) ? false : converted
}

/** A shallow, writable copy of a row or sub-row, so that the caller's data is never changed (spec/CORE-FORMAT.md §6). */
export function writableCopy(value: unknown): PhpMap {
  if (isMap(value)) return { ...value }
  return asMap(Array.isArray(value) ? [...value] : (value ?? null))
}

/** `Event::quickFetchEvent(id)` as a writable copy; `{}` when not found, as PHP's `[]` (spec/CORE-FORMAT.md §6). */
export async function quickEvent(id: unknown, lookups: CoreFormatLookups): Promise<PhpMap> {
  const key = lookupId(id)
  const row: QuickEventRow | null = key === null ? null : await lookups.quickFetchEvent(key)
  return writableCopy(row)
}

/** `MispAttribute::fetchAttribute(id)` as a writable copy; `{}` when not found (spec/CORE-FORMAT.md §6). */
export async function attributeRow(id: unknown, lookups: CoreFormatLookups): Promise<PhpMap> {
  const key = lookupId(id)
  const row: AttributeRow | null = key === null ? null : await lookups.fetchAttribute(key)
  return writableCopy(row)
}

/**
 * Places a fetched attribute in a quick event: `Event.Object = [object with Attribute =
 * [attribute]]` for an object attribute, else `Event.Attribute = [attribute]`
 * (spec/CORE-FORMAT.md §6, `sighting-after-save` and `tag-attached-after-save`).
 */
export function placeAttribute(event: PhpMap, row: PhpMap): void {
  const eventMap = writableCopy(event.Event)
  const attribute = getKey(row, 'Attribute') ?? null
  if (!isEmpty(getKey(row, 'Object'))) {
    const object = writableCopy(row.Object)
    setOwn(object, 'Attribute', [attribute])
    setOwn(eventMap, 'Object', [object])
  } else {
    setOwn(eventMap, 'Attribute', [attribute])
  }
  setOwn(event, 'Event', eventMap)
}

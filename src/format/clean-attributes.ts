import {
  arrayKey,
  asMap,
  entriesOf,
  getKey,
  isEmpty,
  isMap,
  isPhpArray,
  isSet,
  setAt,
  setOwn,
  shallowCopy,
} from './array-semantics.ts'
import { copyPlainAttribute } from './attribute-copier.ts'
import type { PhpMap } from './types.ts'

// The cleaners read the caller's data and build fresh maps with the removed keys left out,
// instead of copying and then deleting (V8 slows down objects that keys are deleted from).
// Values they do not change are shared with the input, not copied: the converter never
// mutates either side, and modules replace what they change (copy on write), so sharing is
// safe and saves a deep copy of the whole event on every run (see core-format.ts).

/** Sightings grouped by PHP array key of `attribute_id` (spec/CORE-FORMAT.md §3.1 step 6). */
export type SightingGroups = Map<string, unknown[]>

/**
 * A shallow copy of a map without `omit`, keeping key order (spec/CORE-FORMAT.md §3.1: PHP `unset`).
 */
export function copyWithout(map: PhpMap, omit: string): PhpMap {
  const out: PhpMap = {}
  for (const key in map) {
    if (key !== omit && Object.hasOwn(map, key)) setOwn(out, key, map[key])
  }
  return out
}

/**
 * The `Tag` map of a link row (`EventTag`, `AttributeTag`) without `org_id`, copied; null when
 * the row has none (spec/CORE-FORMAT.md §3.1 steps 4 and 7).
 */
export function tagOfLink(link: unknown): unknown {
  const tag = getKey(link, 'Tag')
  if (isMap(tag)) return copyWithout(tag, 'org_id')
  return tag ?? null
}

/**
 * JSONConverterTool `__cleanAttributes`, as a copy: drops an empty `SharingGroup`, `value1` and
 * `value2`, turns `AttributeTag` into `Tag` and attaches the sightings of each attribute
 * (spec/CORE-FORMAT.md §3.1 step 7). A scalar is returned as is, as PHP's `foreach` only warns.
 */
export function cleanAttributes(attributes: unknown, sightings: SightingGroups): unknown {
  if (Array.isArray(attributes)) {
    const out = new Array(attributes.length)
    for (let index = 0; index < attributes.length; index++) out[index] = cleanAttribute(attributes[index], sightings)
    return out
  }
  if (!isMap(attributes)) return attributes
  const out: PhpMap = {}
  for (const [key, attribute] of Object.entries(attributes)) setOwn(out, key, cleanAttribute(attribute, sightings))
  return out
}

function cleanAttribute(attribute: unknown, sightings: SightingGroups): unknown {
  if (attribute === null || attribute === false) return attribute
  // PHP: `unset($attributes[$key]['SharingGroup'])` on a string or number is an Error.
  if (!isPhpArray(attribute)) throw new TypeError('Cannot unset offset in a non-array variable')
  const source = asMap(attribute)
  const out = copyPlainAttribute(source, isEmpty(source.SharingGroup)) ?? cleanedByKey(source)
  const group = sightings.get(arrayKey(getKey(source, 'id')))
  if (group !== undefined) setOwn(out, 'Sighting', group)
  return out
}

// The general path: drops what §3.1 step 7 drops and turns `AttributeTag` into `Tag`.
function cleanedByKey(source: PhpMap): PhpMap {
  const out: PhpMap = {}
  for (const key in source) {
    if (!Object.hasOwn(source, key) || key === 'value1' || key === 'value2') continue
    const value = source[key]
    if (key === 'SharingGroup' && isEmpty(value)) continue
    if (key === 'AttributeTag' && value !== null) continue
    setOwn(out, key, value)
  }
  if (isSet(source, 'AttributeTag')) {
    const links = entriesOf(source.AttributeTag)
    if (links.length > 0) {
      // The attribute's own `Tag` list is the input's; entries are written over a copy of it.
      let tags = shallowCopy(out.Tag)
      for (const [index, link] of links) tags = setAt(tags, index, tagOfLink(link))
      setOwn(out, 'Tag', tags)
    }
  }
  return out
}

/**
 * JSONConverterTool `__cleanObjects`, as a copy: leaves out objects whose `Attribute` is missing
 * or empty, cleans the others' attributes and re-indexes (spec/CORE-FORMAT.md §3.1 step 9).
 */
export function cleanObjects(objects: unknown, sightings: SightingGroups): unknown[] {
  if (!isPhpArray(objects)) throw new TypeError('array_values(): Argument #1 ($array) must be of type array')
  const kept: unknown[] = []
  for (const [, object] of entriesOf(objects)) {
    if (isEmpty(getKey(object, 'Attribute'))) continue
    const source = object as PhpMap
    const out: PhpMap = {}
    for (const key in source) {
      if (!Object.hasOwn(source, key)) continue
      setOwn(out, key, key === 'Attribute' ? cleanAttributes(source[key], sightings) : source[key])
    }
    kept.push(out)
  }
  return kept
}

/**
 * JSONConverterTool `__cleanAnalystData` for `Note`, `Opinion` and `Relationship`, as a copy:
 * drops empty `SharingGroup` entries and re-indexes (spec/CORE-FORMAT.md §3.1 step 5).
 */
export function cleanAnalystData(entries: unknown): unknown[] {
  if (!isPhpArray(entries)) throw new TypeError('array_values(): Argument #1 ($array) must be of type array')
  return entriesOf(entries).map(([, entry]) =>
    isMap(entry) && isEmpty(entry.SharingGroup) ? copyWithout(entry, 'SharingGroup') : entry,
  )
}

/**
 * Groups a top-level `Sighting` list by `attribute_id`, keeping the original (uncopied) rows
 * (spec/CORE-FORMAT.md §3.1 step 6).
 */
export function groupSightings(list: unknown): SightingGroups {
  const groups: SightingGroups = new Map()
  if (isEmpty(list)) return groups
  for (const [, sighting] of entriesOf(list)) {
    const key = arrayKey(getKey(sighting, 'attribute_id'))
    const group = groups.get(key)
    if (group === undefined) groups.set(key, [sighting])
    else group.push(sighting)
  }
  return groups
}

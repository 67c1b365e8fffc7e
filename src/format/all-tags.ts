import { copyJson } from './copy-json.ts'
import { asMap, entriesOf, isEmpty, isMap, isPhpArray, setAt, setOwn } from './array-semantics.ts'
import type { PhpMap } from './types.ts'

function notAnArray(what: string, value: unknown, argument = 1): TypeError {
  const given = value === null ? 'null' : typeof value
  return new TypeError(`${what}(): Argument #${argument} must be of type array, ${given} given`)
}

// A copy of a tag with `inherited` set; a tag that already has the key keeps it in place (PHP
// assignment). Spread is V8's fast copy, and it defines `__proto__` as an own key like setOwn.
function markedCopy(tag: unknown, inherited: boolean): PhpMap {
  if (!isMap(tag)) {
    const map = asMap(copyJson(tag))
    setOwn(map, 'inherited', inherited)
    return map
  }
  return { ...tag, inherited }
}

function markedCopies(tags: unknown, inherited: boolean, into: unknown[]): void {
  if (Array.isArray(tags)) {
    for (let index = 0; index < tags.length; index++) into.push(markedCopy(tags[index], inherited))
  } else if (isMap(tags)) {
    for (const key in tags) if (Object.hasOwn(tags, key)) into.push(markedCopy(tags[key], inherited))
  }
}

/**
 * Sets `_allTags` on one attribute: copies of the event tags with `inherited: true`, then copies
 * of its own `Tag` entries with `inherited: false`. Nothing is de-duplicated; an existing
 * `_allTags` keeps its position (spec/CORE-FORMAT.md §3.1, "`_allTags`"). Mutates and returns
 * the attribute, which must be a PHP array.
 */
export function withAllTags(attribute: unknown, eventTags: unknown): PhpMap {
  if (!isPhpArray(attribute)) throw notAnArray('__propagateTagToAttributes', attribute)
  const map = asMap(attribute)
  const ownTags = Object.hasOwn(map, 'Tag') ? map.Tag : undefined
  const allTags: unknown[] = []
  markedCopies(eventTags, true, allTags)
  if (!isEmpty(ownTags)) markedCopies(ownTags, false, allTags)
  map._allTags = allTags
  return map
}

/**
 * The `_allTags` pass of the event-scope conversion over `Event.Attribute` and every
 * `Event.Object[].Attribute`. Object attributes inherit the event tags exactly like event-level
 * attributes (spec/CORE-FORMAT.md §3.1). Mutates the (already copied) event.
 */
export function propagateTags(event: PhpMap): void {
  const eventTags = isEmpty(event.Tag) ? [] : event.Tag
  const hasAttributes = !isEmpty(event.Attribute)
  const hasObjects = !isEmpty(event.Object)
  // MISP passes the event tags as an `array` parameter: a non-empty scalar `Event.Tag` (a
  // submitted "tlp:red") is a TypeError as soon as there is an attribute or object to tag.
  if ((hasAttributes || hasObjects) && !isPhpArray(eventTags)) {
    const caller = hasAttributes ? '__propagateTagToAttributes' : '__propagateTagToObjectAttributes'
    throw notAnArray(caller, eventTags, 2)
  }
  if (hasAttributes) event.Attribute = withAllTagsEach(event.Attribute, eventTags)
  if (hasObjects) {
    for (const [key, object] of entriesOf(event.Object)) {
      if (!isPhpArray(object)) throw notAnArray('__propagateTagToObjectAttributes', object)
      const map = asMap(object)
      map.Attribute = withAllTagsEach(map.Attribute, eventTags)
      event.Object = setAt(event.Object, key, map)
    }
  }
}

// `_allTags` on every attribute of a (converter-owned) list or map. Lists, the usual case, take
// a plain indexed loop: this runs for every attribute of every run.
function withAllTagsEach(attributes: unknown, eventTags: unknown): unknown {
  if (Array.isArray(attributes)) {
    for (let index = 0; index < attributes.length; index++) {
      attributes[index] = withAllTags(attributes[index], eventTags)
    }
    return attributes
  }
  let updated = attributes
  for (const [key, attribute] of entriesOf(attributes)) updated = setAt(updated, key, withAllTags(attribute, eventTags))
  return updated
}

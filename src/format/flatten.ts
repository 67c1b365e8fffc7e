import { asMap, castEntries, entriesOf, getKey, isMap, isPhpArray, setOwn } from './array-semantics.ts'
import { isPhpNumeric } from './php.ts'
import type { CoreData, PhpMap } from './types.ts'

// CakePHP `Hash::extract($objects, '{n}.Attribute.{n}')`: `{n}` keeps numeric keys of
// `(array) $item`, so a scalar `Attribute` is extracted as itself.
function objectAttributes(objects: unknown): unknown[] {
  if (!isPhpArray(objects)) throw new TypeError('Hash::extract(): Argument #1 ($data) must be of type array')
  const found: unknown[] = []
  for (const [objectKey, object] of castEntries(objects)) {
    if (!isPhpNumeric(objectKey)) continue
    for (const [index, attribute] of castEntries(getKey(object, 'Attribute'))) {
      if (isPhpNumeric(index)) found.push(attribute)
    }
  }
  return found
}

function eventAttributes(attributes: unknown): unknown[] {
  if (attributes === undefined || attributes === null) return []
  if (!isPhpArray(attributes)) throw new TypeError('array_merge(): Argument #1 must be of type array')
  // array_merge would keep non-integer keys; an attribute list never has them.
  return entriesOf(attributes).map(([, attribute]) => attribute)
}

/**
 * A flattened entry: a map of its own, so that setting a field (`comment`, `to_ids`…) on one
 * side never shows on the other, as with MISP's PHP copies (spec/CORE-FORMAT.md §3.4, "Port
 * note"). Nested values (`Tag`, `_allTags`, `Galaxy`…) are shared: the engine's data is
 * immutable by contract and modules replace what they change (docs/modules.md), and a deep
 * copy of every attribute on every run would cost more than the rest of a run put together.
 */
function ownMap(attribute: unknown): unknown {
  return isMap(attribute) ? { ...attribute } : attribute
}

/**
 * Sets `Event._AttributeFlattened`: the event attributes, then every object's attributes in
 * object order, each in a map of its own (spec/CORE-FORMAT.md §3.4 step 2). `Event` is
 * created (and appended) when missing, so the result always has it. Mutates `converted`.
 */
export function includeFlattenedAttributes(converted: PhpMap): CoreData {
  const event = asMap(converted.Event)
  const objects = event.Object ?? []
  const flattened = [...eventAttributes(event.Attribute), ...objectAttributes(objects)].map(ownMap)
  setOwn(event, '_AttributeFlattened', flattened)
  setOwn(converted, 'Event', event)
  return converted as CoreData
}

/**
 * "Override the attribute in the roaming data" (spec/ENGINE.md §4.3, shared behaviour): the
 * attribute with the same `id` is replaced in `Event._AttributeFlattened` and in its home,
 * `Event.Attribute[i]` or `Event.Object[j].Attribute[i]`. Changes `data` in place.
 */
import { phpToString } from '../../../format/index.ts'
import type { Item } from './items.ts'

function replaceIn(list: unknown, id: string, update: (old: Item) => Item): void {
  if (typeof list !== 'object' || list === null) return
  const entries = list as Record<string, unknown>
  for (const key of Object.keys(entries)) {
    const candidate = entries[key]
    if (typeof candidate === 'object' && candidate !== null && phpToString((candidate as Item).id) === id) {
      entries[key] = update(candidate as Item)
    }
  }
}

/**
 * Applies `update` to every copy of attribute `id` in the core-format `data` (flattened list,
 * event attributes, object attributes). `update` gets each copy and returns its replacement.
 */
export function overrideAttribute(data: unknown, id: string, update: (old: Item) => Item): void {
  const event = (data as Item | null)?.Event
  if (typeof event !== 'object' || event === null) return
  replaceIn(event._AttributeFlattened, id, update)
  replaceIn(event.Attribute, id, update)
  const objects = event.Object
  if (typeof objects === 'object' && objects !== null) {
    for (const object of Object.values(objects as Record<string, unknown>)) {
      if (typeof object === 'object' && object !== null) replaceIn((object as Item).Attribute, id, update)
    }
  }
}

import { cleanAttributes } from './clean-attributes.ts'
import { copyJson } from './copy-json.ts'
import { convertEventScope } from './event-scope.ts'
import type { CoreFormatLookups } from './lookups.ts'
import { append, asMap, getKey, isEmpty, isMap, isSet, lookupId, looseEqualsZero, setOwn } from './array-semantics.ts'
import type { PhpMap } from './types.ts'

/** Keys `JSONConverterTool::convertObject` moves into `Object`, in order (spec/CORE-FORMAT.md §3.3 step 1). */
const MOVED_INTO_OBJECT = [
  'SharingGroup',
  'Attribute',
  'ShadowAttribute',
  'Event',
  'CryptographicKey',
  'Note',
  'Opinion',
  'Relationship',
] as const

type Entity = { kind: 'Attribute'; value: PhpMap } | { kind: 'Object'; value: unknown }

/**
 * Attribute scope (spec/CORE-FORMAT.md §3.2): cleans the attribute, wraps it in its object when
 * `object_id != 0` and the object exists, then encapsulates it with its re-fetched event. The
 * rest of the input (its `Event` summary, its `Object`) is ignored. `{}` when the event is missing.
 */
export async function convertAttributeScope(data: PhpMap, lookups: CoreFormatLookups): Promise<PhpMap> {
  const source = isMap(data.Attribute) ? { ...data.Attribute } : asMap(copyJson(data.Attribute))
  if (isSet(data, 'AttributeTag')) setOwn(source, 'AttributeTag', data.AttributeTag)
  const attribute = (cleanAttributes([source], new Map()) as PhpMap[])[0]
  // MISP computes a first `_allTags` here from top-level AttributeTag/EventTag. The event-scope
  // pass always overwrites its value, so only its position (last key) is visible.
  setOwn(attribute, '_allTags', [])
  const objectId = getKey(attribute, 'object_id')
  if (!looseEqualsZero(objectId)) {
    const object = await fetchObject(objectId, lookups)
    if (object !== null) {
      object.Attribute = append(object.Attribute, attribute)
      return encapsulate({ kind: 'Object', value: object }, lookups)
    }
  }
  return encapsulate({ kind: 'Attribute', value: attribute }, lookups)
}

/**
 * Object scope (spec/CORE-FORMAT.md §3.3): moves the sibling keys into `Object`, drops an empty
 * `SharingGroup`, and encapsulates the object with its event. MISP quirk: the event-scope pass
 * then deletes the object when it has no `Attribute` list, which is the usual case for
 * `object-after-save`.
 */
export async function convertObjectScope(data: PhpMap, lookups: CoreFormatLookups): Promise<PhpMap> {
  let object: unknown = copyJson(data.Object)
  for (const key of MOVED_INTO_OBJECT) {
    if (isSet(data, key)) {
      object = asMap(object)
      setOwn(object as PhpMap, key, copyJson(data[key]))
    }
    if (key === 'SharingGroup' && isSet(object, 'SharingGroup') && isEmpty(getKey(object, 'SharingGroup'))) {
      delete (object as PhpMap).SharingGroup
    }
  }
  return encapsulate({ kind: 'Object', value: object }, lookups)
}

async function fetchObject(objectId: unknown, lookups: CoreFormatLookups): Promise<PhpMap | null> {
  const id = lookupId(objectId)
  const row = id === null ? null : await lookups.fetchObjectSimple(id)
  if (isEmpty(row)) return null
  return asMap(copyJson(getKey(row, 'Object') ?? null))
}

// `__encapsulateEntityWithEvent`: the entity becomes the single element of `Event.Attribute` or
// `Event.Object` of the event fetched by its `event_id`, then the whole goes through event scope.
async function encapsulate(entity: Entity, lookups: CoreFormatLookups): Promise<PhpMap> {
  const id = lookupId(getKey(entity.value, 'event_id'))
  const row = id === null ? null : await lookups.fetchSimpleEvent(id)
  if (row === null || isEmpty(row)) return {}
  const fetched: PhpMap = { ...row }
  const event = asMap(copyJson(fetched.Event ?? null))
  event[entity.kind] = append(event[entity.kind], entity.value)
  fetched.Event = event
  return convertEventScope(fetched)
}

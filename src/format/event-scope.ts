import { propagateTags } from './all-tags.ts'
import { cleanAnalystData, cleanAttributes, cleanObjects, groupSightings, tagOfLink } from './clean-attributes.ts'
import { copyJson } from './copy-json.ts'
import { asMap, entriesOf, getKey, isEmpty, isMap, isPhpArray, isSet, setAt, setOwn } from './array-semantics.ts'
import { addRelatedToAttributes, addRelatedToObjects } from './related-attributes.ts'
import type { PhpMap } from './types.ts'

/** Top-level keys moved under `Event`, in this order (spec/CORE-FORMAT.md §3.1 step 1). */
const MOVED_UNDER_EVENT = [
  'Org',
  'Orgc',
  'SharingGroup',
  'Attribute',
  'ShadowAttribute',
  'RelatedAttribute',
  'RelatedEvent',
  'Galaxy',
  'Object',
  'EventReport',
  'CryptographicKey',
  'Note',
  'Opinion',
  'Relationship',
] as const

const ANALYST_DATA = ['Note', 'Opinion', 'Relationship'] as const

/**
 * MISP's JSON export cleaner (`JSONConverterTool::convert`, raw mode): the 11 steps of
 * spec/CORE-FORMAT.md §3.1, without `_allTags`. Returns `{Event, errors?}`; every other top-level
 * key is dropped. The input is not modified: everything kept is copied.
 */
export function cleanEvent(input: unknown): PhpMap {
  const event = shallowEvent(getKey(input, 'Event'))
  for (const key of MOVED_UNDER_EVENT) {
    if (isSet(input, key)) setOwn(event, key, getKey(input, key))
  }
  const dropped = new Set(['RelatedAttribute', 'user_id'])
  if (isEmpty(event.SharingGroup)) dropped.add('SharingGroup')
  const replace = (key: string, value: unknown) => setOwn(event, key, value)
  if (!isEmpty(event.Galaxy)) replace('Galaxy', fillEmptyClusterMeta(copyJson(event.Galaxy)))
  const tags = eventTags(event.Tag, getKey(input, 'EventTag'))
  if (tags !== undefined) replace('Tag', tags)
  for (const key of ANALYST_DATA) {
    if (isSet(event, key)) replace(key, cleanAnalystData(event[key]))
  }
  const sightings = groupSightings(getKey(input, 'Sighting'))
  if (isSet(event, 'Attribute')) {
    replace('Attribute', cleanAttributes(event.Attribute, sightings))
    addRelatedToAttributes(event)
  }
  if (isSet(event, 'Object')) {
    replace('Object', cleanObjects(event.Object, sightings))
    addRelatedToObjects(event)
  }
  // MISP also strips `user_id` from a top-level `extensionEvents`, which is dropped below anyway.
  const result: PhpMap = { Event: buildEvent(event, dropped) }
  if (isSet(input, 'errors')) result.errors = getKey(input, 'errors')
  return result
}

/**
 * Event-scope conversion: the cleaner, then `_allTags` on every event and object attribute
 * (spec/CORE-FORMAT.md §3.1).
 */
export function convertEventScope(input: unknown): PhpMap {
  const converted = cleanEvent(input)
  propagateTags(converted.Event as PhpMap)
  return converted
}

// A writable shallow copy of the input's `Event` (PHP auto-vivifies null; a scalar is an Error).
function shallowEvent(source: unknown): PhpMap {
  if (isMap(source)) return { ...source }
  return asMap(Array.isArray(source) ? [...source] : (source ?? null))
}

function buildEvent(event: PhpMap, dropped: Set<string>): PhpMap {
  const out: PhpMap = {}
  for (const key in event) {
    if (!Object.hasOwn(event, key) || dropped.has(key)) continue
    // Unchanged values are shared with the input (see clean-attributes.ts).
    setOwn(out, key, event[key])
  }
  return out
}

// Step 3: a cluster whose `meta` is missing or empty gets an empty map (PHP `stdClass`, `{}`).
function fillEmptyClusterMeta(galaxies: unknown): unknown {
  let updated = galaxies
  for (const [galaxyKey, galaxy] of entriesOf(galaxies)) {
    const clusters = getKey(galaxy, 'GalaxyCluster')
    if (!isPhpArray(clusters)) continue
    let updatedClusters: unknown = clusters
    for (const [clusterKey, cluster] of entriesOf(clusters)) {
      if (!isEmpty(getKey(cluster, 'meta'))) continue
      const map = asMap(cluster)
      setOwn(map, 'meta', {})
      updatedClusters = setAt(updatedClusters, clusterKey, map)
    }
    ;(galaxy as PhpMap).GalaxyCluster = updatedClusters
    updated = setAt(updated, galaxyKey, galaxy)
  }
  return updated
}

// Step 4: `EventTag[k].Tag` (minus `org_id`) becomes `Event.Tag[k]`, overwriting by index.
function eventTags(existing: unknown, links: unknown): unknown {
  if (links === undefined || links === null) return undefined
  const entries = entriesOf(links)
  if (entries.length === 0) return undefined
  let tags = copyJson(existing)
  for (const [index, link] of entries) tags = setAt(tags, index, tagOfLink(link))
  return tags
}

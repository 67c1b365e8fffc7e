/**
 * The digests MISP's oracle scenarios record (conformance/MISP-SCENARIOS.md §4), computed the
 * same way from Sluice's data so that the two can be compared.
 */
import type { Recording } from './test-record.ts'

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null
}

/** The entries of a PHP array: a JS list, or an object keyed by (possibly gapped) indices. */
function entries(value: unknown): Array<[string | number, unknown]> {
  if (Array.isArray(value)) return value.map((item, index) => [index, item])
  if (isObject(value)) return Object.entries(value).map(([key, item]) => [/^\d+$/.test(key) ? Number(key) : key, item])
  return []
}

function field(item: unknown, key: string): unknown {
  return isObject(item) && key in item ? item[key] : null
}

function listOf(container: Json, key: string, pick: (item: unknown) => unknown): unknown[] | null {
  if (!(key in container) || container[key] === null) return null
  return entries(container[key]).map(([, item]) => pick(item))
}

function keysOf(container: Json, key: string): Array<string | number> | null {
  if (!(key in container) || container[key] === null) return null
  return entries(container[key]).map(([k]) => k)
}

/** The view digest of §4. */
export function viewDigest(view: unknown): Json {
  if (!isObject(view) || Array.isArray(view)) return { not_an_object: view }
  const digest: Json = { top_keys: Object.keys(view) }
  const event = view.Event
  if (!isObject(event) || Array.isArray(event)) {
    digest.event_id = null
  } else {
    digest.event_id = field(event, 'id')
    digest.event_info = field(event, 'info')
    digest.event_tags = listOf(event, 'Tag', (tag) => field(tag, 'name'))
    digest.attributes = listOf(event, 'Attribute', (attribute) => field(attribute, 'value'))
    digest.attribute_keys = keysOf(event, 'Attribute')
    digest.flattened = listOf(event, '_AttributeFlattened', (attribute) => field(attribute, 'value'))
    digest.flattened_keys = keysOf(event, '_AttributeFlattened')
    digest.flattened_uuids = listOf(event, '_AttributeFlattened', (attribute) => field(attribute, 'uuid'))
    digest.objects = listOf(event, 'Object', (object) => ({
      name: field(object, 'name'),
      attributes: isObject(object) ? listOf(object, 'Attribute', (attribute) => field(attribute, 'value')) : null,
    }))
  }
  digest.enabled_filters = 'enabledFilters' in view ? emptyAsObject(view.enabledFilters) : null
  digest.has_unfiltered_data = '_unfilteredData' in view
  const other: Json = {}
  for (const [key, value] of Object.entries(view)) {
    if (key !== 'Event' && key !== 'enabledFilters' && key !== '_unfilteredData') other[key] = value
  }
  if (Object.keys(other).length > 0) digest.other_top_level = other
  return digest
}

function emptyAsObject(value: unknown): unknown {
  return Array.isArray(value) && value.length === 0 ? {} : value
}

/** How one matching item is summarised (§4 "Record digest"). */
function matchingValue(item: unknown): unknown {
  if (isObject(item) && !Array.isArray(item)) {
    if ('value' in item) return item.value
    return `{${Object.keys(item).slice(0, 6).join(',')}}`
  }
  if (Array.isArray(item))
    return `{${item
      .map((_, i) => i)
      .slice(0, 6)
      .join(',')}}`
  return item
}

/** The record digest of §4 for one test-record execution. */
export function recordDigest(recording: Recording): Json {
  const matchingEntries = entries(recording.matching)
  const digest: Json = {
    label: recording.label,
    view: viewDigest(recording.view),
    filters_enabled: recording.filtersEnabled,
    matching: {
      keys: matchingEntries.map(([key]) => key),
      values: matchingEntries.map(([, item]) => matchingValue(item)),
    },
  }
  if (recording.digestPath !== undefined) digest.digest_path = recording.digestPath
  if (recording.recordFull) {
    digest.full_view = recording.view
    digest.full_matching = recording.matching
  }
  return digest
}

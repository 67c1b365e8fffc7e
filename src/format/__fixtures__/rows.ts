import type { AttributeRow, QuickEventRow, SimpleEventRow } from '../lookups.ts'
import type { PhpMap } from '../types.ts'

// Small MISP rows for the format tests, shaped as spec/CORE-FORMAT.md §5 and §8 describe them.

/** A full tag map as `fetchEvent` returns it (spec/CORE-FORMAT.md §5.5). */
export function tag(id: string, name: string, extra: PhpMap = {}): PhpMap {
  return { id, name, colour: '#000000', exportable: true, org_id: '0', user_id: '0', ...extra }
}

/** An `EventTag` / `AttributeTag` link row around a tag (spec/CORE-FORMAT.md §3.1 step 4). */
export function link(id: string, tagMap: PhpMap, extra: PhpMap = {}): PhpMap {
  return { id, tag_id: tagMap.id, local: false, relationship_type: '', ...extra, Tag: tagMap }
}

/** An attribute row with `value1`/`value2` (spec/CORE-FORMAT.md §5.2). */
export function attribute(id: string, value: string, extra: PhpMap = {}): PhpMap {
  return {
    id,
    type: 'ip-src',
    category: 'Network activity',
    value1: value,
    value2: '',
    value,
    event_id: '42',
    object_id: '0',
    ...extra,
  }
}

/** An event row's columns (spec/CORE-FORMAT.md §5.1). */
export function eventColumns(extra: PhpMap = {}): PhpMap {
  return { id: '42', info: 'Test event', user_id: '3', distribution: '1', sharing_group_id: '0', ...extra }
}

/** `fetchSimpleEvent(42)` with one event tag (spec/CORE-FORMAT.md §8.2). */
export function simpleEvent(): SimpleEventRow {
  return { Event: eventColumns(), EventTag: [link('10', tag('1', 'tlp:amber'))] }
}

/** `quickFetchEvent(42)`: 4-key tags and `Orgc` (spec/CORE-FORMAT.md §6). */
export function quickEvent(): QuickEventRow {
  return {
    Event: eventColumns(),
    Orgc: { id: '2', uuid: 'orgc-uuid', name: 'Partner CERT' },
    EventTag: [
      {
        id: '10',
        event_id: '42',
        tag_id: '1',
        Tag: { id: '1', name: 'tlp:amber', colour: '#FFC000', exportable: true },
      },
    ],
  }
}

/** `fetchAttribute(id)`, with `Object` when `objectId` is given (spec/ENGINE.md §4.1.1). */
export function attributeRow(id: string, objectId?: string): AttributeRow {
  const row: AttributeRow = {
    Attribute: {
      ...attribute(id, `value-${id}`, { object_id: objectId ?? '0' }),
      Tag: [{ id: '4', name: 'own', colour: '#111111', exportable: true, local: true }],
    },
    Event: { id: '42', info: 'summary', Orgc: { id: '2', uuid: 'orgc-uuid', name: 'Partner CERT' } },
  }
  if (objectId !== undefined) row.Object = { id: objectId, name: 'file', event_id: '42' }
  return row
}

/** Freezes a value deeply, so that any mutation by the code under test throws. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item)
    Object.freeze(value)
  }
  return value
}

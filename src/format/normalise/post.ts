import { copyJson } from '../copy-json.ts'
import { toCoreFormat } from '../core-format.ts'
import type { CoreFormatLookups } from '../lookups.ts'
import { asMap, getKey, isEmpty, lookupId, readKey, setOwn } from '../array-semantics.ts'
import type { NormalisedData } from '../types.ts'
import { requireArray } from './base.ts'

/**
 * `post-after-save` (not core format): false without `Post`; otherwise the raw data plus
 * `Thread` (the thread row, or `[]` when not found) and, when the thread belongs to an event,
 * `Event` = the bare event row converted (no tags, `_AttributeFlattened: []`)
 * (spec/CORE-FORMAT.md §6, spec/ENGINE.md §4.1.1). A string `Post` throws when its `thread_id`
 * is read, as PHP 8 does.
 */
export async function normalisePostAfterSave(
  data: unknown,
  lookups: CoreFormatLookups,
): Promise<NormalisedData | false> {
  const raw = requireArray(data)
  const post = getKey(raw, 'Post')
  if (isEmpty(post)) return false
  const result = asMap(copyJson(raw))
  const threadId = lookupId(readKey(post, 'thread_id'))
  const thread = threadId === null ? null : await lookups.fetchThread(threadId)
  const threadColumns = isEmpty(thread) ? [] : copyJson(getKey(thread, 'Thread') ?? null)
  setOwn(result, 'Thread', threadColumns)
  const eventId = getKey(threadColumns, 'event_id')
  if (!isEmpty(thread) && !isEmpty(eventId)) {
    const key = lookupId(eventId)
    const event = key === null ? null : await lookups.fetchEventRow(key)
    const converted = await toCoreFormat(event ?? [], lookups)
    setOwn(result, 'Event', converted.Event)
  }
  return result
}

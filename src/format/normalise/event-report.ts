import type { CoreFormatLookups } from '../lookups.ts'
import { getKey, isEmpty, readKey, setOwn } from '../array-semantics.ts'
import type { NormalisedData } from '../types.ts'
import { normaliseCoreFormat, quickEvent, requireArray, writableCopy } from './base.ts'

/**
 * `event-report-after-save`: false without `EventReport`; otherwise the quick event of
 * `EventReport.event_id` with `Event.EventReport = [report]`, converted (event scope)
 * (spec/CORE-FORMAT.md §6, spec/ENGINE.md §4.1.1). A string report throws when its `event_id`
 * is read, as PHP 8 does.
 */
export async function normaliseEventReportAfterSave(
  data: unknown,
  lookups: CoreFormatLookups,
): Promise<NormalisedData | false> {
  const report = getKey(requireArray(data), 'EventReport')
  if (isEmpty(report)) return false
  const event = await quickEvent(readKey(report, 'event_id'), lookups)
  const eventMap = writableCopy(event.Event)
  setOwn(eventMap, 'EventReport', [report])
  setOwn(event, 'Event', eventMap)
  return normaliseCoreFormat(event, lookups)
}

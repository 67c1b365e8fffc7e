/** Event reports as MISP rows (spec/CORE-FORMAT.md §5.10). */
import type { EventReportRecord } from '../../store/index.ts'

/** Every `event_reports` column in MISP's order: `{EventReport: {...}}` answers, triggers and `fetchEvent`. */
export function reportColumns(row: EventReportRecord): Record<string, unknown> {
  return {
    id: String(row.id),
    uuid: row.uuid,
    event_id: String(row.event_id),
    name: row.name,
    content: row.content,
    distribution: String(row.distribution),
    sharing_group_id: String(row.sharing_group_id),
    timestamp: String(row.timestamp),
    deleted: row.deleted === 1,
  }
}

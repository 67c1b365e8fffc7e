/** MISP's JSON of an object reference, as `fetchEvent` nests it under `Object.ObjectReference`. */
import type { ObjectReferenceRecord } from '../../store/index.ts'

/** The reference's columns in MISP's JSON (ids as strings, `deleted` a boolean). */
export function referenceColumns(row: ObjectReferenceRecord): Record<string, unknown> {
  return {
    id: String(row.id),
    uuid: row.uuid,
    timestamp: String(row.timestamp),
    object_id: String(row.object_id),
    referenced_uuid: row.referenced_uuid,
    referenced_id: String(row.referenced_id),
    referenced_type: String(row.referenced_type),
    relationship_type: row.relationship_type,
    comment: row.comment,
    deleted: row.deleted === 1,
    event_id: String(row.event_id),
    source_uuid: row.source_uuid,
  }
}

/** An event's references grouped by the object they start from (one query per event fetch). */
export function referencesByObject(rows: ObjectReferenceRecord[]): Map<number, Record<string, unknown>[]> {
  const byObject = new Map<number, Record<string, unknown>[]>()
  for (const row of rows) {
    const list = byObject.get(row.object_id)
    if (list) list.push(referenceColumns(row))
    else byObject.set(row.object_id, [referenceColumns(row)])
  }
  return byObject
}

/** Proposals (shadow attributes) as MISP rows (spec/CORE-FORMAT.md §5.4, §8.1). */
import type { OrganisationRecord, ShadowAttributeRecord } from '../../store/index.ts'
import { orgShort } from '../misp-rows.ts'

/** The value of a proposal: `value1`, or `value1|value2` for composite types. */
export function proposalValue(row: Pick<ShadowAttributeRecord, 'value1' | 'value2'>): string {
  return row.value2 === '' ? row.value1 : `${row.value1}|${row.value2}`
}

/** Every `shadow_attributes` column plus `value`, in MISP's table order: the proposal triggers' rows and REST answers. */
export function proposalColumns(row: ShadowAttributeRecord): Record<string, unknown> {
  return {
    id: String(row.id),
    old_id: String(row.old_id),
    event_id: String(row.event_id),
    type: row.type,
    category: row.category,
    value1: row.value1,
    to_ids: row.to_ids === 1,
    uuid: row.uuid,
    value2: row.value2,
    org_id: String(row.org_id),
    email: row.email,
    event_org_id: String(row.event_org_id),
    comment: row.comment,
    event_uuid: row.event_uuid,
    deleted: row.deleted === 1,
    timestamp: String(row.timestamp),
    proposal_to_delete: row.proposal_to_delete === 1,
    disable_correlation: row.disable_correlation === 1,
    first_seen: row.first_seen,
    last_seen: row.last_seen,
    value: proposalValue(row),
  }
}

/** A proposal as `fetchEvent` nests it, with the proposing `Org` (spec/CORE-FORMAT.md §8.1). */
export function fetchEventProposal(
  row: ShadowAttributeRecord,
  org: OrganisationRecord | undefined,
): Record<string, unknown> {
  return {
    id: String(row.id),
    type: row.type,
    category: row.category,
    value: proposalValue(row),
    to_ids: row.to_ids === 1,
    uuid: row.uuid,
    event_uuid: row.event_uuid,
    event_id: String(row.event_id),
    old_id: String(row.old_id),
    comment: row.comment,
    org_id: String(row.org_id),
    proposal_to_delete: row.proposal_to_delete === 1,
    timestamp: String(row.timestamp),
    first_seen: row.first_seen,
    last_seen: row.last_seen,
    Org: orgShort(org),
  }
}

/**
 * The data-changing operations of the `DataBackend` port: what MISP's data action modules do
 * to the host's data (spec/ENGINE.md §4.3; issue #5). Every method is optional, so that a host
 * without them still runs every logic module; a module whose operation is missing fails with a
 * clear node error (src/modules/actions/require-operation.ts), never a silent success.
 *
 * A host implements them through its normal operations, acting as the workflow user, so that
 * each change fires its own triggers (attaching a tag fires `tag-attached-after-save`…).
 * Ids are MISP ids as strings. Values keep MISP's wire names.
 */
import type { PhpMap } from '../../format/index.ts'

/** What a tag operation acts on. */
export type TagTarget = { kind: 'event'; eventId: string } | { kind: 'attribute'; attributeId: string }

/** A tag to attach by name (created when missing: the workflow user is a tag editor). */
export interface TagAttachment {
  name: string
  local: boolean
  /** MISP's `relationship_type` of the link; empty for none. */
  relationshipType?: string
}

/** A tag to detach by name; `local: null` detaches it whatever its locality. */
export interface TagDetachment {
  name: string
  local: boolean | null
}

/** The attribute fields a workflow may change (MISP's attribute edit, spec/ENGINE.md §4.3). */
export interface AttributeChanges {
  to_ids?: boolean
  comment?: string
  distribution?: number
  disable_correlation?: boolean
}

/** How an event's distribution changes (`Module_event_distribution_operation`). */
export interface EventDistributionChange {
  distribution: number
  /** With distribution 4 only. */
  sharingGroupId?: string
  /** Keep the timestamp and the published state (MISP's `freeze`); else touch and unpublish. */
  freeze: boolean
}

/** What publishing answered: a blocking `event-publish` workflow may veto it. */
export interface PublishOutcome {
  published: boolean
  errors: string[]
}

/** An entry of the event blocklist (MISP's `EventBlocklist`). */
export interface EventBlocklistEntry {
  event_uuid: string
  event_info: string
  event_orgc: string
  comment: string
}

/** A warninglist as the modules see it (MISP's `Warninglist` columns). */
export interface WarninglistInfo {
  id: string
  name: string
  type: string
  description: string
  version: string
  enabled: boolean
  /** MISP's `default`: shipped with MISP (false for a custom list). */
  default: boolean
  category: string
  /** The attribute types the list is checked against; empty means every type. */
  matching_attributes: string[]
}

/** One warninglist hit on a value (MISP's `warnings` entries of a checked attribute). */
export interface WarninglistHit {
  warninglist_id: string
  warninglist_name: string
  warninglist_category: string
  /** The list entry that matched. */
  match: string
}

/** A galaxy cluster, as far as its tag is concerned. */
export interface GalaxyClusterInfo {
  value: string
  tag_name: string
  /** The cluster's meta data by key (MISP's galaxy elements: `ISO`, `synonyms`…). */
  meta: Record<string, string[]>
}

/** A decaying model (MISP's `DecayingModel`): its formula and parameters. */
export interface DecayingModelInfo {
  id: string
  name: string
  description: string
  formula: string
  enabled: boolean
  parameters: {
    /** τ, in days. */
    lifetime: number
    /** δ. */
    decay_speed: number
    threshold: number
    default_base_score: number
    /** Taxonomy namespace → weight, for the base score from tags. */
    base_score_config: Record<string, number>
  }
  /** Attribute types the model applies to. */
  attribute_types: string[]
}

/** The data-changing operations of the DataBackend port (all optional). */
export interface DataOperations {
  /** Attaches a tag (MISP's attach): true when it is attached afterwards, already attached included. */
  attachTag?(target: TagTarget, tag: TagAttachment): Promise<boolean>
  /** Detaches a tag: true when it is not attached afterwards (an unknown tag name included). */
  detachTag?(target: TagTarget, tag: TagDetachment): Promise<boolean>
  /** Saves `changes` on attribute `id` (MISP's attribute edit); the saved attribute, or null. */
  editAttribute?(id: string, changes: AttributeChanges): Promise<PhpMap | null>
  /** Changes an event's distribution through the event save (fires the event-save triggers). */
  editEventDistribution?(eventId: string, change: EventDistributionChange): Promise<boolean>
  /** Publishes an event synchronously (fires the blocking `event-publish`). */
  publishEvent?(eventId: string): Promise<PublishOutcome>
  /** MISP's full event fetch (`fetchEvent`, attachments included), as raw rows; null when gone. */
  fetchFullEvent?(eventId: string): Promise<PhpMap | null>
  /** Accepts or discards a proposal; true on success. */
  resolveProposal?(proposalId: string, action: 'accept' | 'discard'): Promise<boolean>
  /** The name of an organisation, or null. */
  organisationName?(orgId: string): Promise<string | null>
  /** Adds an event blocklist entry; true when saved. */
  addEventBlocklistEntry?(entry: EventBlocklistEntry): Promise<boolean>
  /** The warninglists. */
  listWarninglists?(): Promise<WarninglistInfo[]>
  /** Appends `values` not yet in warninglist `id` (a custom list); its id, or 0 on failure. */
  appendWarninglistEntries?(id: string, values: string[]): Promise<number>
  /** The hits of each `{type, value}` on the warninglists `ids` (same order as `attributes`). */
  checkWarninglists?(attributes: Array<{ type: string; value: string }>, ids: string[]): Promise<WarninglistHit[][]>
  /** The clusters of the galaxy named `galaxyName` (case-insensitive). */
  galaxyClusters?(galaxyName: string): Promise<GalaxyClusterInfo[]>
  /** The decaying models. */
  listDecayingModels?(): Promise<DecayingModelInfo[]>
}

/**
 * The store's table types (issue #3, ARCHITECTURE.md §4). Column names follow MISP's tables so
 * that rows map to MISP's wire shapes (spec/CORE-FORMAT.md §5) with little renaming; booleans
 * are stored as integers 0/1 on every database, ids are integer autoincrement keys.
 */
import type { Generated } from 'kysely'

/** A column with a database default (or nullable): optional on insert. */

/** The largest id a row can have: the id columns are signed 32-bit integers (MISP's int(11)). */
export const MAX_ID = 2_147_483_647

export type Defaulted<T> = Generated<T>

/** `organisations`. */
export interface OrganisationTable {
  id: Generated<number>
  uuid: string
  name: string
  description: Defaulted<string>
  type: Defaulted<string>
  nationality: Defaulted<string>
  sector: Defaulted<string>
  contacts: Defaulted<string>
  local: Defaulted<number>
  created_by: Defaulted<number>
  date_created: Defaulted<string>
  date_modified: Defaulted<string>
}

/** `roles`: site admin, org admin, user (MISP's permission flags, a subset). */
export interface RoleTable {
  id: Generated<number>
  name: string
  perm_site_admin: Defaulted<number>
  perm_admin: Defaulted<number>
  perm_add: Defaulted<number>
  perm_modify: Defaulted<number>
  perm_modify_org: Defaulted<number>
  perm_publish: Defaulted<number>
  perm_tagger: Defaulted<number>
  perm_tag_editor: Defaulted<number>
  perm_sighting: Defaulted<number>
}

/** `users`: the API key is stored as its SHA-256 hex digest, with a short prefix for display. */
export interface UserTable {
  id: Generated<number>
  email: string
  org_id: number
  role_id: number
  authkey_hash: string
  authkey_start: Defaulted<string>
  disabled: Defaulted<number>
  date_created: Defaulted<number>
  date_modified: Defaulted<number>
  /** The rest of MISP's columns, added by migration 0003; `password` is a scrypt digest. */
  password: Defaulted<string>
  server_id: Defaulted<number>
  autoalert: Defaulted<number>
  invited_by: Defaulted<number>
  gpgkey: Defaulted<string>
  certif_public: Defaulted<string>
  nids_sid: Defaulted<number>
  termsaccepted: Defaulted<number>
  newsread: Defaulted<number>
  change_pw: Defaulted<number>
  contactalert: Defaulted<number>
  expiration: Defaulted<number | null>
  current_login: Defaulted<number>
  last_login: Defaulted<number>
  last_api_access: Defaulted<number>
  force_logout: Defaulted<number>
  external_auth_required: Defaulted<number>
  external_auth_key: Defaulted<string>
  last_pw_change: Defaulted<number>
  notification_daily: Defaulted<number>
  notification_weekly: Defaulted<number>
  notification_monthly: Defaulted<number>
}

/** `events`. */
export interface EventTable {
  id: Generated<number>
  uuid: string
  org_id: number
  orgc_id: number
  user_id: Defaulted<number>
  date: string
  info: string
  threat_level_id: Defaulted<number>
  analysis: Defaulted<number>
  distribution: Defaulted<number>
  sharing_group_id: Defaulted<number>
  published: Defaulted<number>
  attribute_count: Defaulted<number>
  timestamp: Defaulted<number>
  publish_timestamp: Defaulted<number>
  sighting_timestamp: Defaulted<number>
  proposal_email_lock: Defaulted<number>
  locked: Defaulted<number>
  disable_correlation: Defaulted<number>
  extends_uuid: Defaulted<string>
  protected: Defaulted<number | null>
}

/** `attributes` (event-level when `object_id` is 0, object attributes otherwise). */
export interface AttributeTable {
  id: Generated<number>
  uuid: string
  event_id: number
  object_id: Defaulted<number>
  object_relation: Defaulted<string | null>
  category: string
  type: string
  value1: string
  value2: Defaulted<string>
  to_ids: Defaulted<number>
  timestamp: Defaulted<number>
  distribution: Defaulted<number>
  sharing_group_id: Defaulted<number>
  comment: Defaulted<string>
  deleted: Defaulted<number>
  disable_correlation: Defaulted<number>
  first_seen: Defaulted<string | null>
  last_seen: Defaulted<string | null>
}

/** `objects`. */
export interface ObjectTable {
  id: Generated<number>
  uuid: string
  event_id: number
  name: string
  meta_category: Defaulted<string>
  description: Defaulted<string>
  template_uuid: Defaulted<string>
  template_version: Defaulted<number>
  timestamp: Defaulted<number>
  distribution: Defaulted<number>
  sharing_group_id: Defaulted<number>
  comment: Defaulted<string>
  deleted: Defaulted<number>
  first_seen: Defaulted<string | null>
  last_seen: Defaulted<string | null>
}

/** `tags`. */
export interface TagTable {
  id: Generated<number>
  name: string
  colour: Defaulted<string>
  exportable: Defaulted<number>
  org_id: Defaulted<number>
  user_id: Defaulted<number>
  hide_tag: Defaulted<number>
  numerical_value: Defaulted<number | null>
  is_galaxy: Defaulted<number>
  is_custom_galaxy: Defaulted<number>
  local_only: Defaulted<number>
}

/** `event_tags`. */
export interface EventTagTable {
  id: Generated<number>
  event_id: number
  tag_id: number
  local: Defaulted<number>
  relationship_type: Defaulted<string | null>
}

/** `attribute_tags`. */
export interface AttributeTagTable {
  id: Generated<number>
  attribute_id: number
  event_id: number
  tag_id: number
  local: Defaulted<number>
  relationship_type: Defaulted<string | null>
}

/** `logs`: MISP's audit/application log. */
export interface LogTable {
  id: Generated<number>
  title: Defaulted<string>
  created: string
  model: string
  model_id: Defaulted<number>
  action: string
  user_id: Defaulted<number>
  change: Defaulted<string>
  email: Defaulted<string>
  org: Defaulted<string>
  description: Defaulted<string>
  ip: Defaulted<string>
}

/** `settings`: key → JSON value. */
export interface SettingTable {
  name: string
  value: string
}

/** `workflows`: MISP's workflow record (spec/ENGINE.md §1.2); `data` is the graph JSON text. */
export interface WorkflowTable {
  id: Generated<number>
  uuid: string
  name: string
  description: Defaulted<string>
  timestamp: Defaulted<number>
  enabled: Defaulted<number>
  counter: Defaulted<number>
  trigger_id: string
  debug_enabled: Defaulted<number>
  data: string
  /** Order among the workflows of one trigger (migration 0006); lower runs first, then id. */
  position: Defaulted<number>
}

/** `runtime.workflow_versions`: every saved state of a workflow (migration 0006, issue #4). */
export interface WorkflowVersionTable {
  id: Generated<number>
  workflow_id: number
  /** 1, 2, 3… per workflow. */
  version: number
  name: string
  description: Defaulted<string>
  debug_enabled: Defaulted<number>
  data: string
  timestamp: number
  /** The version this one restored, when it was made by a restore. */
  restored_from: Defaulted<number | null>
}

/** `workflow_blueprints`: MISP's blueprint record (spec/ENGINE.md §7.1); `data` is the node list JSON text. */
export interface WorkflowBlueprintTable {
  id: Generated<number>
  uuid: string
  name: string
  description: Defaulted<string>
  timestamp: Defaulted<number>
  default: Defaulted<number>
  data: string
}

/** `galaxy_clusters` (as far as galaxy tags need). */
export interface GalaxyClusterTable {
  id: Generated<number>
  uuid: string
  type: string
  value: string
  tag_name: string
  description: Defaulted<string>
  galaxy_id: Defaulted<number>
  source: Defaulted<string>
  version: Defaulted<number>
  distribution: Defaulted<number>
  org_id: Defaulted<number>
  orgc_id: Defaulted<number>
  deleted: Defaulted<number>
}

/** `sightings`. */
export interface SightingTable {
  id: Generated<number>
  uuid: string
  attribute_id: number
  event_id: number
  org_id: number
  date_sighting: number
  source: Defaulted<string>
  type: Defaulted<number>
}

/** `shadow_attributes` (proposals). */
export interface ShadowAttributeTable {
  id: Generated<number>
  uuid: string
  old_id: Defaulted<number>
  event_id: number
  event_uuid: string
  org_id: number
  type: string
  category: string
  value1: string
  value2: Defaulted<string>
  to_ids: Defaulted<number>
  comment: Defaulted<string>
  deleted: Defaulted<number>
  proposal_to_delete: Defaulted<number>
  timestamp: Defaulted<number>
  first_seen: Defaulted<string | null>
  last_seen: Defaulted<string | null>
  /** Added by migration 0002. */
  email: Defaulted<string>
  event_org_id: Defaulted<number>
  disable_correlation: Defaulted<number>
}

/** `event_reports`. */
export interface EventReportTable {
  id: Generated<number>
  uuid: string
  event_id: number
  name: string
  content: Defaulted<string>
  distribution: Defaulted<number>
  sharing_group_id: Defaulted<number>
  timestamp: Defaulted<number>
  deleted: Defaulted<number>
}

/** `threads`. */
export interface ThreadTable {
  id: Generated<number>
  date_created: string
  date_modified: string
  distribution: Defaulted<number>
  user_id: number
  post_count: Defaulted<number>
  event_id: Defaulted<number>
  title: string
  org_id: number
  sharing_group_id: Defaulted<number>
}

/** `posts`. */
export interface PostTable {
  id: Generated<number>
  date_created: string
  date_modified: string
  user_id: number
  contents: string
  post_id: Defaulted<number>
  thread_id: number
}

/** `event_blocklists`. */
export interface EventBlocklistTable {
  id: Generated<number>
  event_uuid: string
  created: string
  event_info: Defaulted<string>
  comment: Defaulted<string>
  event_orgc: Defaulted<string>
}

/** `warninglists`. */
export interface WarninglistTable {
  id: Generated<number>
  name: string
  type: Defaulted<string>
  description: Defaulted<string>
  version: Defaulted<number>
  enabled: Defaulted<number>
  default: Defaulted<number>
  category: Defaulted<string>
  /** The attribute types the list applies to, as JSON text (`[]`: every type; migration 0007). */
  matching_attributes: Defaulted<string>
}

/** `galaxies` (migration 0007): MISP's galaxy records; `galaxy_clusters.galaxy_id` points here. */
export interface GalaxyTable {
  id: Generated<number>
  uuid: string
  name: string
  type: string
  namespace: Defaulted<string>
  description: Defaulted<string>
  version: Defaulted<number>
}

/** `galaxy_elements` (migration 0007): a cluster's meta data as key/value rows (MISP's `GalaxyElement`). */
export interface GalaxyElementTable {
  id: Generated<number>
  galaxy_cluster_id: number
  key: string
  value: string
}

/** `warninglist_entries`. */
export interface WarninglistEntryTable {
  id: Generated<number>
  value: string
  warninglist_id: number
  comment: Defaulted<string | null>
}

/** `jobs`: deferred work, in the main schema (migrations/0004-job-queue.ts, src/queue). */
export interface JobTable {
  id: Generated<number>
  kind: string
  payload: string
  status: Defaulted<string>
  attempts: Defaulted<number>
  run_after: number
  lease_owner: string | null
  lease_until: number | null
  last_error: string | null
  created: number
  updated: number
}

/** `runtime.run_graphs`: each distinct workflow graph that ran, keyed by the SHA-256 of its JSON (migration 0005). */
export interface RunGraphTable {
  hash: string
  data: string
}

/**
 * `runtime.runs`: one row per workflow run (migration 0005, src/platform/runs). JSON text in
 * `input`, `errors`, `trace`, `node_data` and `chain`; `started_at` in ms since the epoch
 * (PostgreSQL answers it as a string: read it through `Number`).
 */
export interface RunTable {
  id: string
  kind: string
  parent_id: string | null
  trigger_id: string | null
  workflow_id: number | null
  workflow_name: string | null
  graph_hash: string | null
  start_node: string | null
  outcome: string
  input: string
  errors: string
  trace: string
  node_data: string
  chain: string
  started_at: number | string
  duration_ms: number
}

/** `sharing_groups` (migration 0008): MISP's sharing groups, owned by organisation `org_id`. */
export interface SharingGroupTable {
  id: Generated<number>
  uuid: string
  name: string
  description: Defaulted<string>
  releasability: Defaulted<string>
  /** The owner organisation, by UUID and by id (MISP keeps both). */
  organisation_uuid: string
  org_id: number
  sync_user_id: Defaulted<number>
  active: Defaulted<number>
  local: Defaulted<number>
  roaming: Defaulted<number>
  /** `YYYY-MM-DD HH:MM:SS`, as MISP's datetime columns. */
  created: string
  modified: string
}

/** `sharing_group_orgs` (migration 0008): the member organisations of a sharing group. */
export interface SharingGroupOrgTable {
  id: Generated<number>
  sharing_group_id: number
  org_id: number
  /** MISP's `extend`: the member may extend the group. */
  extend: Defaulted<number>
}

/**
 * `feeds` (migration 0009, src/platform/feeds): MISP's Feed fields that Sluice acts on. Flags
 * are 0/1; `settings` is MISP's JSON text of CSV/freetext options (`''` when none);
 * `cache_timestamp` is when the cache was last filled (0: never), in Unix seconds.
 */
export interface FeedTable {
  id: Generated<number>
  name: string
  provider: string
  url: string
  source_format: Defaulted<string>
  input_source: Defaulted<string>
  enabled: Defaulted<number>
  caching_enabled: Defaulted<number>
  lookup_visible: Defaulted<number>
  distribution: Defaulted<number>
  tag_id: Defaulted<number>
  settings: Defaulted<string>
  created: number
  modified: number
  cache_timestamp: Defaulted<number>
  cached_elements: Defaulted<number>
}

/** `feed_values` (migration 0009): a feed's cached values; `event_uuid` for MISP-format feeds. */
export interface FeedValueTable {
  feed_id: number
  value: string
  event_uuid: string | null
}

/** The whole database. */
export interface Schema {
  organisations: OrganisationTable
  roles: RoleTable
  users: UserTable
  events: EventTable
  attributes: AttributeTable
  objects: ObjectTable
  tags: TagTable
  event_tags: EventTagTable
  attribute_tags: AttributeTagTable
  logs: LogTable
  settings: SettingTable
  workflows: WorkflowTable
  workflow_versions: WorkflowVersionTable
  workflow_blueprints: WorkflowBlueprintTable
  galaxy_clusters: GalaxyClusterTable
  sightings: SightingTable
  shadow_attributes: ShadowAttributeTable
  event_reports: EventReportTable
  threads: ThreadTable
  posts: PostTable
  event_blocklists: EventBlocklistTable
  warninglists: WarninglistTable
  warninglist_entries: WarninglistEntryTable
  galaxies: GalaxyTable
  galaxy_elements: GalaxyElementTable
  jobs: JobTable
  runs: RunTable
  run_graphs: RunGraphTable
  sharing_groups: SharingGroupTable
  sharing_group_orgs: SharingGroupOrgTable
  feeds: FeedTable
  feed_values: FeedValueTable
}

/**
 * `run_inputs`: the input of a deferred job, stored once (migration 0011, docs/queue.md): the job
 * and the runs made from it refer to it by `input_id` instead of each holding a copy.
 */
export interface RunInputTable {
  id: Generated<number>
  created: number
  /** The input's JSON text. */
  data: string
}

/** Migration 0011's columns of `jobs`: the job's input, when stored in `run_inputs`. */
export interface JobTable {
  input_id: number | string | null
}

/** Migration 0011's columns of `runtime.runs`: the run's input, when stored in `run_inputs` (then `input` is ''). */
export interface RunTable {
  input_id: number | string | null
}

/** Migration 0011's table. */
export interface Schema {
  run_inputs: RunInputTable
}

/**
 * `object_references` (migration 0010): MISP's ObjectReference, a typed link from object
 * `object_id` (`source_uuid`) to an attribute (`referenced_type` 0) or an object (1) of the same
 * event. `deleted` is 0/1 (soft delete).
 */
export interface ObjectReferenceTable {
  id: Generated<number>
  uuid: string
  timestamp: number
  object_id: number
  event_id: number
  source_uuid: string
  referenced_uuid: string
  referenced_id: number
  referenced_type: number
  relationship_type: Defaulted<string>
  comment: Defaulted<string>
  deleted: Defaulted<number>
}

/** Migration 0010's table. */
export interface Schema {
  object_references: ObjectReferenceTable
}

/**
 * `sessions` (migration 0012): one signed-in browser, keyed by the SHA-256 digest of its session
 * id (docs/web.md); `created` and `last_seen` in ms since the epoch (PostgreSQL answers them as
 * strings: read them through `Number`).
 */
export interface SessionTable {
  digest: string
  user_id: number
  csrf_token: string
  created: number
  last_seen: number
}

/** Migration 0012's table. */
export interface Schema {
  sessions: SessionTable
}

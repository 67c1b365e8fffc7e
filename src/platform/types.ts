/**
 * The host platform's surface: MISP data operations with their trigger sites (issue #3,
 * ARCHITECTURE.md §3–§4). The API layer (src/api) calls only this; the platform implements it
 * over the store. Shapes are MISP's wire shapes (`{Event: {...}}`, string ids, booleans).
 */

import type { DeadJob, QueueDepth } from '../queue/index.ts'
import type { EnrichmentService } from './enrichment/enrichment-service.ts'
import type { FeedService } from './feeds/feed-service.ts'
import type { ImportService } from './import/import-service.ts'
import type { ObjectReferenceService } from './object-references/object-reference-service.ts'
import type { DeadJobAdmin } from './queue/dead-job-admin.ts'
import type { WorkflowAdmin } from './workflows/workflow-admin.ts'
import type { RunChain } from './runs/run-chain.ts'
import type { RunService } from './runs/run-service.ts'
import type { SharingGroupService } from './sharing-groups/sharing-group-service.ts'
import type { SessionRecords } from './users/session-records.ts'

/** The authenticated user an operation runs for. */
export interface Actor {
  userId: number
  orgId: number
  email: string
  role: 'site_admin' | 'org_admin' | 'user'
  /**
   * The runs that caused the operation when a workflow action performs it (runs/run-chain.ts,
   * issue #4 loop guard); absent for a person's or client's request.
   */
  chain?: RunChain
  /** The operation came in over the REST API (MISP's `request_is_rest` in log rows). */
  isRest?: boolean
}

/** A MISP JSON object (wire shape). */
export type MispJson = Record<string, any>

/** Filters of `/events/index` (MISP's restSearch-like subset). */
export interface EventIndexFilters {
  published?: boolean
  org?: string
  tags?: string[]
  limit?: number
  page?: number
}

/** Where `/posts/add` puts a post: a new thread, the event's thread (created on demand), or a thread. */
export type PostTarget = { kind: 'new' } | { kind: 'event'; eventId: string } | { kind: 'thread'; threadId: string }

/** What publishing gave: MISP's answer shapes differ for success and for a veto. */
export type PublishResult =
  | { published: true; eventId: string }
  | { published: false; eventId: string; errors: string[] }

/**
 * The MISP operations. Each validates its input (throwing `ValidationError` naming the field),
 * checks access (`SLC_NOT_FOUND` for records the actor cannot see, `SLC_FORBIDDEN` for
 * operations it may not do), fires its triggers where MISP fires them, and writes nothing when
 * a blocking workflow vetoes (`SLC_BLOCKED_BY_WORKFLOW`, except publish, which answers a
 * `PublishResult`).
 */
export interface Platform {
  events: {
    add(actor: Actor, body: MispJson): Promise<MispJson>
    edit(actor: Actor, id: string, body: MispJson): Promise<MispJson>
    view(actor: Actor, id: string): Promise<MispJson>
    index(actor: Actor, filters?: EventIndexFilters): Promise<MispJson[]>
    delete(actor: Actor, id: string): Promise<void>
    publish(actor: Actor, id: string): Promise<PublishResult>
    unpublish(actor: Actor, id: string): Promise<MispJson>
  }
  attributes: {
    add(actor: Actor, eventId: string, body: MispJson): Promise<MispJson>
    edit(actor: Actor, id: string, body: MispJson): Promise<MispJson>
    delete(actor: Actor, id: string, hard?: boolean): Promise<void>
  }
  tags: {
    add(actor: Actor, body: MispJson): Promise<MispJson>
    /** `limit` caps the answer (the editor's tag picker asks for a page, never the full list). */
    index(actor: Actor, search?: string, limit?: number): Promise<MispJson[]>
    /**
     * `/tags/attachTagToObject`: `uuid` of an event or attribute, a tag id or name, `local`, and
     * the new link's `relationship_type`.
     */
    attach(
      actor: Actor,
      target: { uuid: string; tag: string; local: boolean; relationship_type?: string },
    ): Promise<MispJson>
    detach(actor: Actor, target: { uuid: string; tag: string }): Promise<MispJson>
  }
  /** MISP objects: `/objects/add/<event>` (`{Object: {…, Attribute: […]}}`), `/objects/edit/<id or uuid>`, `/objects/delete/<id or uuid>[/1]`. */
  objects: {
    add(actor: Actor, eventId: string, body: MispJson): Promise<MispJson>
    edit(actor: Actor, id: string, body: MispJson): Promise<MispJson>
    /** Soft-deletes the object and its attributes (fires object- and attribute-after-save), or with `hard` removes them. */
    delete(actor: Actor, id: string, hard?: boolean): Promise<void>
  }
  /** Object references: `/objectReferences/add/<object id or uuid>`, `/objectReferences/delete/<id or uuid>[/1]`. */
  objectReferences: ObjectReferenceService
  /** `/sightings/add[/<attribute id or uuid>]`: `value`/`values` or `id`/`uuid`, `type`, `source`, `timestamp`. */
  sightings: {
    add(actor: Actor, body: MispJson | undefined, attributeId?: string): Promise<MispJson>
  }
  /** Proposals: add (new attribute), edit (change to attribute `attributeId`), accept, discard. */
  shadowAttributes: {
    add(actor: Actor, eventId: string, body: MispJson | undefined): Promise<MispJson>
    edit(actor: Actor, attributeId: string, body: MispJson | undefined): Promise<MispJson>
    accept(actor: Actor, id: string): Promise<MispJson>
    discard(actor: Actor, id: string): Promise<MispJson>
  }
  /** `/event_reports/add/<event>` and `/event_reports/edit/<id or uuid>`: `{EventReport: {name, content, distribution}}`. */
  eventReports: {
    add(actor: Actor, eventId: string, body: MispJson | undefined): Promise<MispJson>
    edit(actor: Actor, id: string, body: MispJson | undefined): Promise<MispJson>
    /** `/event_reports/delete/<id or uuid>[/1]`: soft delete (fires event-report-after-save), or with `hard` removes it. */
    delete(actor: Actor, id: string, hard?: boolean): Promise<void>
  }
  users: {
    /** The actor for an API key (`Authorization: <key>`), or null. */
    authenticate(apiKey: string): Promise<Actor | null>
    /** The actor for an e-mail address and password (web sign-in), or null; disabled users get null. */
    authenticatePassword(email: string, password: string): Promise<Actor | null>
    /** `/admin/users/add`: `{User: {...}}` with the new API key shown once (site and org admins). */
    add(actor: Actor, body: MispJson): Promise<MispJson>
    /** `/admin/users/edit/:id`: `{User: {...}}` (site admins; org admins for their organisation). */
    edit(actor: Actor, id: string, body: MispJson): Promise<MispJson>
    /** `/admin/users/index`: `[{User, Role, Organisation}]`, an org admin's own organisation only. */
    index(actor: Actor): Promise<MispJson[]>
    /** `/admin/users/view/:id`: `{User, Role, Organisation}` without secrets (site admins; org admins for their organisation). */
    view(actor: Actor, id: string): Promise<MispJson>
    /** `/admin/users/delete/:id` (site admins; org admins for their organisation's non-site-admins; never oneself). */
    delete(actor: Actor, id: string): Promise<void>
  }
  /** Browser sessions of the web app, stored in the database (docs/web.md); absent on hosts without them (no web sign-in). */
  sessions?: SessionRecords
  /** Discussions: `/posts/add`, with the thread created on demand (MISP's PostsController). */
  posts: {
    /** Adds a post to a new thread, the event's thread or a thread; answers `{Post, Thread}`. */
    add(actor: Actor, target: PostTarget, body: MispJson): Promise<MispJson>
    /** `/posts/edit/:id`: new contents for the author's (or, for a site admin, any) post; answers `{Post, Thread}`. */
    edit(actor: Actor, id: string, body: MispJson): Promise<MispJson>
    /** `/posts/delete/:id`: removes the post, and its thread when it was the last; says whether the thread went. */
    delete(actor: Actor, id: string): Promise<{ isThreadDeleted: boolean }>
  }
  threads: {
    /** `/threads/view/:id`: `{Thread, Post: [...]}`. */
    view(actor: Actor, id: string): Promise<MispJson>
    /** `/threads/index`: the threads with posts the actor may see, newest change first. */
    index(actor: Actor): Promise<MispJson[]>
  }
  logs: {
    index(actor: Actor, filters?: { model?: string; action?: string; limit?: number }): Promise<MispJson[]>
  }
  /** The enrichment query site (enrichment/enrichment-service.ts); absent on hosts without one. */
  enrichment?: EnrichmentService
  /** Importing MISP events as a pull (import/import-service.ts); absent on hosts without one. */
  imports?: ImportService
  /** MISP feeds: records, caching, `/feeds/*` (feeds/, docs/feeds.md); absent on hosts without them. */
  feeds?: FeedService
  /** Sharing groups (`/sharing_groups/*`, docs/sharing-groups.md); absent on hosts without them. */
  sharingGroups?: SharingGroupService
  /** The workflow administration API (`/workflows`, `/workflowBlueprints`, server settings); absent on hosts without one. */
  workflowAdmin?: WorkflowAdmin
  /** `/sluice/metrics`: runs, durations and queue depth in Prometheus' text format (metrics/); absent on hosts without them. */
  prometheusText?(): Promise<string>
  /** `/sluice/queue`: the deferred-work queue's depth and its dead jobs with their last errors (docs/queue.md). */
  queueStatus?(limit?: number): Promise<{ kind: string; depth: QueueDepth; dead: DeadJob[] }>
  /** `/sluice/queue/retry` and `/sluice/queue/discard`: dead jobs put back or removed, audited (docs/queue.md). */
  deadJobs?: DeadJobAdmin
  /** The run history, replay and loop-guard settings (`/sluice/runs`, docs/runs.md); absent on hosts without one. */
  runs?: RunService
  /** Instance facts for `/servers/getVersion`. */
  version(): {
    version: string
    perm_sync: boolean
    perm_sighting: boolean
    perm_galaxy_editor: boolean
    request_encoding: string[]
    filter_sightings: boolean
  }
}

/**
 * The host platform's surface: MISP data operations with their trigger sites (issue #3,
 * ARCHITECTURE.md §3–§4). The API layer (src/api) calls only this; the platform implements it
 * over the store. Shapes are MISP's wire shapes (`{Event: {...}}`, string ids, booleans).
 */

/** The authenticated user an operation runs for. */
export interface Actor {
  userId: number
  orgId: number
  email: string
  role: 'site_admin' | 'org_admin' | 'user'
  /** Loop guard context when the operation is performed by a workflow action (issue #4). */
  chain?: string[]
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
    index(actor: Actor, search?: string): Promise<MispJson[]>
    /** `/tags/attachTagToObject`: `uuid` of an event or attribute, a tag id or name, `local`. */
    attach(actor: Actor, target: { uuid: string; tag: string; local: boolean }): Promise<MispJson>
    detach(actor: Actor, target: { uuid: string; tag: string }): Promise<MispJson>
  }
  users: {
    /** The actor for an API key (`Authorization: <key>`), or null. */
    authenticate(apiKey: string): Promise<Actor | null>
  }
  logs: {
    index(actor: Actor, filters?: { model?: string; action?: string; limit?: number }): Promise<MispJson[]>
  }
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

/**
 * The engine's DataBackend port over the store (ARCHITECTURE.md §4): the look-ups of
 * src/format/lookups.ts in MISP's row shapes, all as a site admin, and the workflow user.
 */
import { systemUser } from '../engine/index.ts'
import type { DataBackend, WorkflowUser } from '../engine/index.ts'
import type {
  AttributeRow,
  EventRow,
  ObjectSimpleRow,
  QuickEventRow,
  SimpleEventRow,
  ThreadRow,
} from '../format/lookups.ts'
import {
  type Executor,
  findAttribute,
  findEvent,
  findObject,
  findOrganisation,
  findOrganisations,
  findThread,
  listAttributeTags,
  listEventTags,
  MAX_ID,
  type TagLinkRecord,
} from '../store/index.ts'
import {
  attributeColumns,
  eventColumns,
  objectColumns,
  orgQuick,
  tagColumns,
  tagLinkRow,
  tagShort,
} from './misp-rows.ts'
import { threadColumns } from './posts/discussion-rows.ts'

/** Parses a MISP id given as a string; NaN-safe (an id that is not a positive integer finds nothing). */
export function parseId(id: string | number): number | null {
  const text = String(id)
  if (!/^[1-9][0-9]{0,9}$/.test(text)) return null
  // Ids are 32-bit integer columns: a larger number names no row (PostgreSQL would refuse it).
  const value = Number(text)
  return value <= MAX_ID ? value : null
}

/** How long the SYSTEM workflow user (and its organisation's name) is reused, in ms. */
export const WORKFLOW_USER_MAX_AGE_MS = 1000

// The user is shared between runs: freeze it so that no module can change it for the next run.
function frozen(user: WorkflowUser): WorkflowUser {
  for (const inner of Object.values(user)) if (typeof inner === 'object' && inner !== null) Object.freeze(inner)
  return Object.freeze(user)
}

/** The local DataBackend: `hostOrgId()` says which organisation the SYSTEM workflow user belongs to. */
export function createLocalBackend(db: Executor, hostOrgId: () => number | null): DataBackend {
  let cachedUser: { orgId: number; user: WorkflowUser; at: number } | null = null
  return {
    async fetchSimpleEvent(id) {
      const eventId = parseId(id)
      const event = eventId === null ? undefined : await findEvent(db, eventId)
      if (!event) return null
      const links = (await listEventTags(db, event.id)) as TagLinkRecord[]
      const row: SimpleEventRow = {
        Event: eventColumns(event),
        EventTag: links.map((link) => tagLinkRow(link, 'event', tagColumns(link))),
      }
      return row
    },
    async fetchObjectSimple(id) {
      const objectId = parseId(id)
      const object = objectId === null ? undefined : await findObject(db, objectId)
      if (!object) return null
      const event = await findEvent(db, object.event_id)
      const row: ObjectSimpleRow = { Object: objectColumns(object) }
      if (event) {
        row.Event = {
          distribution: String(event.distribution),
          id: String(event.id),
          user_id: String(event.user_id),
          orgc_id: String(event.orgc_id),
          org_id: String(event.org_id),
        }
      }
      return row
    },
    async quickFetchEvent(id) {
      const eventId = parseId(id)
      const event = eventId === null ? undefined : await findEvent(db, eventId)
      if (!event) return null
      const orgc = await findOrganisation(db, event.orgc_id)
      const links = (await listEventTags(db, event.id)) as TagLinkRecord[]
      const row: QuickEventRow = {
        Event: eventColumns(event),
        Orgc: orgQuick(orgc),
        EventTag: links.map((link) => tagLinkRow(link, 'event', tagShort(link))),
      }
      return row
    },
    async fetchAttribute(id) {
      const attributeId = parseId(id)
      const attribute = attributeId === null ? undefined : await findAttribute(db, attributeId)
      if (!attribute) return null
      const links = (await listAttributeTags(db, { attributeId: attribute.id })) as TagLinkRecord[]
      // MISP adds `Tag` only for an attribute that has tags (spec/CORE-FORMAT.md §5.2).
      const row: AttributeRow = {
        Attribute: {
          ...attributeColumns(attribute),
          ...(links.length > 0
            ? { Tag: links.map((link) => ({ ...tagShort(link), local: link.link_local === 1 })) }
            : {}),
        },
      }
      const event = await findEvent(db, attribute.event_id)
      if (event) {
        const orgs = await findOrganisations(db, [event.orgc_id])
        row.Event = {
          id: String(event.id),
          date: event.date,
          info: event.info,
          uuid: event.uuid,
          published: event.published === 1,
          analysis: String(event.analysis),
          threat_level_id: String(event.threat_level_id),
          org_id: String(event.org_id),
          orgc_id: String(event.orgc_id),
          distribution: String(event.distribution),
          sharing_group_id: String(event.sharing_group_id),
          Orgc: orgQuick(orgs.get(event.orgc_id)),
        }
      }
      if (attribute.object_id !== 0) {
        const object = await findObject(db, attribute.object_id)
        if (object) row.Object = objectColumns(object)
      }
      return row
    },
    async fetchThread(id) {
      const threadId = parseId(id)
      const thread = threadId === null ? undefined : await findThread(db, threadId)
      if (!thread) return null
      const row: ThreadRow = { Thread: threadColumns(thread) }
      return row
    },
    async fetchEventRow(id) {
      const eventId = parseId(id)
      const event = eventId === null ? undefined : await findEvent(db, eventId)
      if (!event) return null
      const row: EventRow = { Event: eventColumns(event) }
      return row
    },
    async workflowUser(): Promise<WorkflowUser | null> {
      const orgId = hostOrgId()
      if (orgId === null) return systemUser()
      // Every run needs the user and the host organisation rarely changes: keep it for a
      // second, so that a busy trigger does not pay a query per run and a rename still shows.
      const now = Date.now()
      if (cachedUser && cachedUser.orgId === orgId && now - cachedUser.at < WORKFLOW_USER_MAX_AGE_MS)
        return cachedUser.user
      const org = await findOrganisation(db, orgId)
      const user = frozen(
        systemUser(String(orgId), org ? { id: String(org.id), name: org.name, uuid: org.uuid } : { id: String(orgId) }),
      )
      cachedUser = { orgId, user, at: now }
      return user
    },
  }
}

/**
 * MISP's event, attribute and tag endpoints, as the Events pages use them: list, view, add an
 * event or attribute, attach or detach a tag, publish, unpublish, and the server-side tag search
 * (`/tags/index/searchall:<text>`) behind the tag picker.
 */
import { apiGet, apiPost } from './client.ts'

/** A MISP record on the wire (MISP's keys, strings for ids and numbers). */
export type MispRecord = Record<string, any>

/** MISP's save envelope (`{saved, success, name, message, url, id}`). */
export interface SaveAnswer {
  saved: boolean
  success?: boolean
  name: string
  message: string
  url: string
  id?: string
}

/** The events the user may see. */
export async function listEvents(filters: { published?: boolean } = {}): Promise<MispRecord[]> {
  const query = filters.published === undefined ? '' : `?published=${filters.published ? 1 : 0}`
  const rows = await apiGet<MispRecord[]>(`/events/index${query}`)
  return rows.map((row) => (row.Event ? { ...row.Event, ...row } : row))
}

/** One event with its attributes, objects and tags (`{Event: {...}}`). */
export async function viewEvent(id: string): Promise<MispRecord> {
  const answer = await apiGet<{ Event: MispRecord }>(`/events/view/${encodeURIComponent(id)}`)
  return answer.Event
}

/** Creates an event; answers it. */
export async function addEvent(event: {
  info: string
  distribution: number
  threat_level_id: number
  analysis: number
}) {
  const answer = await apiPost<{ Event: MispRecord }>('/events/add', { Event: event })
  return answer.Event
}

/** Adds an attribute to an event. */
export function addAttribute(
  eventId: string,
  attribute: { type: string; category?: string; value: string; comment?: string; to_ids?: boolean },
) {
  return apiPost<{ Attribute: MispRecord }>(`/attributes/add/${encodeURIComponent(eventId)}`, { Attribute: attribute })
}

/**
 * Attaches a tag (by name) to an event or attribute (by UUID). A name no tag has yet is created
 * by the server when the user's role may create tags (`perm_tag_editor`), and refused with
 * MISP's 403 otherwise; the search beforehand only words the answer.
 */
export async function attachTag(uuid: string, tag: string, local = false): Promise<SaveAnswer> {
  const isKnown = (await searchTags(tag, 1000)).some((name) => name.toLowerCase() === tag.toLowerCase())
  const answer = await apiPost<SaveAnswer>('/tags/attachTagToObject', { uuid, tag, local: local ? 1 : 0 })
  return isKnown ? answer : { ...answer, message: `Created the tag ${tag}. ${answer.message}` }
}

/** Detaches a tag from an event or attribute. */
export function detachTag(uuid: string, tag: string) {
  return apiPost<SaveAnswer>('/tags/removeTagFromObject', { uuid, tag })
}

/** Publishes an event; a blocking workflow's veto comes back as an `ApiError` with MISP's message. */
export function publishEvent(id: string) {
  return apiPost<SaveAnswer>(`/events/publish/${encodeURIComponent(id)}`)
}

/** Unpublishes an event. */
export function unpublishEvent(id: string) {
  return apiPost<SaveAnswer>(`/events/unpublish/${encodeURIComponent(id)}`)
}

/** Tag names matching `text`, searched on the server (never the full list in the page). */
export async function searchTags(text: string, limit = 20): Promise<string[]> {
  const rows = await apiGet<MispRecord[] | { Tag: MispRecord[] }>(`/tags/index/searchall:${encodeURIComponent(text)}`)
  const list = Array.isArray(rows) ? rows : (rows.Tag ?? [])
  return list
    .map((row) => String((row.Tag ?? row).name ?? ''))
    .filter((name) => name !== '')
    .slice(0, limit)
}

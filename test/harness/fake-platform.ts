/**
 * An in-memory `Platform` that behaves like MISP for a few events: a test double for the HTTP
 * layer only (src/api). The real platform (src/platform) is tested end to end in
 * test/api-e2e.test.ts. Publishing an event that carries `tlp:red` is vetoed the way the
 * PAP:RED/tlp:red blocking blueprint vetoes it.
 */
import { randomUUID } from 'node:crypto'
import { isIP } from 'node:net'
import { UserError, ValidationError } from '../../src/errors.ts'
import type { Actor, EventIndexFilters, MispJson, Platform, PublishResult } from '../../src/platform/index.ts'

/** What the fake answers for operations it does not model (test/platform-objects.test.ts covers them). */
async function notInFake(): Promise<never> {
  throw new UserError('SLC_NOT_FOUND', 'Not modelled by the fake platform.')
}

/** The API keys the fake knows. */
export const FAKE_KEYS = {
  admin: 'a'.repeat(40),
  user: 'b'.repeat(40),
} as const

/** The veto line the fake's blocking workflow gives (spec/ENGINE.md §2.6 format). */
export const FAKE_VETO =
  'Node `stop-execution` (3) from Workflow `Block tlp:red` (1) returned the following error: Execution stopped'

const ACTORS: Record<string, Actor> = {
  [FAKE_KEYS.admin]: { userId: 1, orgId: 1, email: 'admin@admin.test', role: 'site_admin' },
  [FAKE_KEYS.user]: { userId: 2, orgId: 2, email: 'user@org2.test', role: 'user' },
}

const KNOWN_TYPES: Record<string, string> = {
  'ip-src': 'Network activity',
  'ip-dst': 'Network activity',
  domain: 'Network activity',
  md5: 'Payload delivery',
  comment: 'Other',
  text: 'Other',
}

interface Tag {
  id: string
  name: string
  colour: string
  exportable: boolean
}

/** The fake, with a knob to make its next call fail. */
export interface FakePlatform extends Platform {
  /** The next platform call throws this error (to test the error handler). */
  failNext(error: unknown): void
}

function notFound(what: string): UserError {
  return new UserError('SLC_NOT_FOUND', what)
}

/** Builds a fresh fake platform with no events. */
export function createFakePlatform(): FakePlatform {
  const events = new Map<string, MispJson>()
  const tags: Tag[] = []
  const logs: MispJson[] = []
  let nextId = 1
  let pendingFailure: unknown

  function checkFailure(): void {
    if (pendingFailure === undefined) return
    const error = pendingFailure
    pendingFailure = undefined
    throw error
  }

  function isVisible(actor: Actor, event: MispJson): boolean {
    return actor.role === 'site_admin' || event.org_id === String(actor.orgId) || Number(event.distribution) >= 1
  }

  function findEvent(actor: Actor, id: string, message = 'Invalid event'): MispJson {
    const event = events.get(id) ?? [...events.values()].find((candidate) => candidate.uuid === id)
    if (!event || !isVisible(actor, event)) throw notFound(message)
    return event
  }

  function findAttribute(actor: Actor, id: string): { event: MispJson; attribute: MispJson } {
    for (const event of events.values()) {
      const attribute = event.Attribute.find((a: MispJson) => a.id === id || a.uuid === id)
      if (attribute && isVisible(actor, event)) return { event, attribute }
    }
    throw notFound('Invalid attribute')
  }

  function tagFor(name: string): Tag {
    let tag = tags.find((candidate) => candidate.name === name || candidate.id === name)
    if (!tag) {
      tag = { id: String(tags.length + 1), name, colour: '#ffffff', exportable: true }
      tags.push(tag)
    }
    return tag
  }

  function log(actor: Actor, action: string, model: string, modelId: string, title: string, change = ''): void {
    logs.unshift({
      Log: {
        id: String(logs.length + 1),
        title,
        created: new Date().toISOString(),
        model,
        model_id: modelId,
        action,
        user_id: String(actor.userId),
        change,
        email: actor.email,
        org: 'ORG',
      },
    })
  }

  function makeAttribute(eventId: string, body: MispJson): MispJson {
    if (typeof body.type !== 'string' || body.type === '')
      throw new ValidationError('Attribute', 'type', 'Type cannot be empty.')
    if (!(body.type in KNOWN_TYPES))
      throw new ValidationError('Attribute', 'type', 'Options depend on the selected category.')
    if (body.value === undefined || body.value === '')
      throw new ValidationError('Attribute', 'value', 'Value cannot be empty.')
    if (body.type.startsWith('ip-') && !isIP(String(body.value))) {
      throw new ValidationError('Attribute', 'value', 'IP address has an invalid format.')
    }
    return {
      id: String(nextId++),
      event_id: eventId,
      type: body.type,
      category: body.category ?? KNOWN_TYPES[body.type],
      value: String(body.value),
      to_ids: Boolean(body.to_ids),
      uuid: body.uuid ?? randomUUID(),
      distribution: String(body.distribution ?? 5),
      comment: body.comment ?? '',
      deleted: false,
      Tag: (body.Tag ?? []).map((tag: MispJson) => ({ ...tagFor(tag.name), local: Boolean(tag.local) })),
    }
  }

  function view(event: MispJson): MispJson {
    return { Event: structuredClone({ ...event, Attribute: event.Attribute.filter((a: MispJson) => !a.deleted) }) }
  }

  return {
    failNext(error) {
      pendingFailure = error
    },
    events: {
      async add(actor, body) {
        checkFailure()
        const data = body.Event ?? body
        if (typeof data.info !== 'string' || data.info.trim() === '') {
          throw new ValidationError('Event', 'info', 'Info cannot be empty.')
        }
        const id = String(nextId++)
        const attributes = (data.Attribute ?? []).map((attribute: MispJson) => makeAttribute(id, attribute))
        const event: MispJson = {
          id,
          orgc_id: String(actor.orgId),
          org_id: String(actor.orgId),
          date: data.date ?? new Date().toISOString().slice(0, 10),
          threat_level_id: String(data.threat_level_id ?? 4),
          info: data.info,
          published: false,
          uuid: data.uuid ?? randomUUID(),
          analysis: String(data.analysis ?? 0),
          distribution: String(data.distribution ?? 1),
          timestamp: String(Math.floor(Date.now() / 1000)),
          Attribute: attributes,
          Tag: (data.Tag ?? []).map((tag: MispJson) => ({ ...tagFor(tag.name), local: Boolean(tag.local) })),
        }
        events.set(id, event)
        log(actor, 'add', 'Event', id, `Event (${id}): ${event.info}`)
        return view(event)
      },
      async edit(actor, id, body) {
        checkFailure()
        const event = findEvent(actor, id)
        const data = body.Event ?? body
        if (data.info !== undefined) {
          if (String(data.info).trim() === '') throw new ValidationError('Event', 'info', 'Info cannot be empty.')
          event.info = data.info
        }
        for (const attribute of data.Attribute ?? []) event.Attribute.push(makeAttribute(event.id, attribute))
        event.published = false
        return view(event)
      },
      async view(actor, id) {
        checkFailure()
        return view(findEvent(actor, id))
      },
      async index(actor, filters: EventIndexFilters = {}) {
        checkFailure()
        let list = [...events.values()].filter((event) => isVisible(actor, event))
        if (filters.published !== undefined) list = list.filter((event) => event.published === filters.published)
        if (filters.tags?.length) {
          list = list.filter((event) => event.Tag.some((tag: Tag) => filters.tags?.includes(tag.name)))
        }
        if (filters.limit)
          list = list.slice(((filters.page ?? 1) - 1) * filters.limit, (filters.page ?? 1) * filters.limit)
        return list.map(({ Attribute, Tag, ...meta }) => ({
          ...meta,
          attribute_count: String(Attribute.length),
          EventTag: Tag.map((tag: Tag) => ({ Tag: tag })),
        }))
      },
      async delete(actor, id) {
        checkFailure()
        const event = findEvent(actor, id)
        events.delete(event.id)
      },
      async publish(actor, id): Promise<PublishResult> {
        checkFailure()
        const event = findEvent(actor, id, 'Invalid event.')
        const allTags = [...event.Tag, ...event.Attribute.flatMap((attribute: MispJson) => attribute.Tag)]
        if (allTags.some((tag: Tag) => tag.name.toLowerCase() === 'tlp:red')) {
          log(
            actor,
            'publish',
            'Event',
            event.id,
            'Publishing stopped by a blocking workflow.',
            `Returned message: ${FAKE_VETO}`,
          )
          return { published: false, eventId: event.id, errors: [FAKE_VETO] }
        }
        event.published = true
        log(actor, 'publish', 'Event', event.id, `Event (${event.id}): published`)
        return { published: true, eventId: event.id }
      },
      async unpublish(actor, id) {
        checkFailure()
        const event = findEvent(actor, id)
        event.published = false
        return view(event)
      },
    },
    attributes: {
      async add(actor, eventId, body) {
        checkFailure()
        const event = findEvent(actor, eventId)
        const attribute = makeAttribute(event.id, body.Attribute ?? body)
        event.Attribute.push(attribute)
        event.published = false
        return { Attribute: structuredClone(attribute) }
      },
      async edit(actor, id, body) {
        checkFailure()
        const { attribute } = findAttribute(actor, id)
        const data = body.Attribute ?? body
        if (data.value !== undefined) attribute.value = String(data.value)
        if (data.comment !== undefined) attribute.comment = data.comment
        if (data.to_ids !== undefined) attribute.to_ids = Boolean(data.to_ids)
        return { Attribute: structuredClone(attribute) }
      },
      async delete(actor, id, hard) {
        checkFailure()
        const { event, attribute } = findAttribute(actor, id)
        if (hard) event.Attribute = event.Attribute.filter((a: MispJson) => a !== attribute)
        else attribute.deleted = true
      },
    },
    tags: {
      async add(_actor, body) {
        checkFailure()
        const data = body.Tag ?? body
        if (typeof data.name !== 'string' || data.name === '')
          throw new ValidationError('Tag', 'name', 'This field cannot be left empty.')
        return { Tag: { ...tagFor(data.name), colour: data.colour ?? '#ffffff' } }
      },
      async index(_actor, search) {
        checkFailure()
        const term = search?.replaceAll('%', '').toLowerCase()
        return tags.filter((tag) => !term || tag.name.toLowerCase().includes(term)).map((tag) => ({ ...tag }))
      },
      async attach(actor, { uuid, tag, local }) {
        checkFailure()
        const found = tagFor(tag)
        for (const event of events.values()) {
          if (!isVisible(actor, event)) continue
          if (event.uuid === uuid) {
            event.Tag.push({ ...found, local })
            return { objectType: 'Event', objectId: event.id }
          }
          const attribute = event.Attribute.find((a: MispJson) => a.uuid === uuid)
          if (attribute) {
            attribute.Tag.push({ ...found, local })
            return { objectType: 'Attribute', objectId: attribute.id }
          }
        }
        throw notFound('Invalid target.')
      },
      async detach(actor, { uuid, tag }) {
        checkFailure()
        for (const event of events.values()) {
          if (!isVisible(actor, event)) continue
          const holder =
            event.uuid === uuid ? event : event.Attribute.find((attribute: MispJson) => attribute.uuid === uuid)
          if (!holder) continue
          holder.Tag = holder.Tag.filter((candidate: Tag) => candidate.name !== tag && candidate.id !== tag)
          const found = tagFor(tag)
          return {
            message: `Tag ${found.name}(${found.id}) successfully removed from ${holder === event ? 'Event' : 'Attribute'}(${holder.id}).`,
          }
        }
        throw notFound('Invalid Target.')
      },
    },
    users: {
      async authenticate(apiKey) {
        return ACTORS[apiKey] ?? null
      },
      // Users and discussions are tested over the real platform only (test/api-users.test.ts).
      authenticatePassword: notInFake,
      add: notInFake,
      edit: notInFake,
      index: notInFake,
      view: notInFake,
      delete: notInFake,
    },
    posts: { add: notInFake, edit: notInFake, delete: notInFake },
    threads: { view: notInFake, index: notInFake },
    logs: {
      async index(actor, filters = {}) {
        checkFailure()
        if (actor.role !== 'site_admin')
          throw new UserError('SLC_FORBIDDEN', 'You do not have permission to use this functionality.')
        let list = logs
        if (filters.model) list = list.filter((row) => row.Log.model === filters.model)
        if (filters.action) list = list.filter((row) => row.Log.action === filters.action)
        return structuredClone(filters.limit ? list.slice(0, filters.limit) : list)
      },
    },
    // Objects, sightings, proposals and reports are tested over the real platform only.
    objects: { add: notInFake, edit: notInFake, delete: notInFake },
    objectReferences: { add: notInFake, delete: notInFake },
    sightings: { add: notInFake },
    shadowAttributes: { add: notInFake, edit: notInFake, accept: notInFake, discard: notInFake },
    eventReports: { add: notInFake, edit: notInFake, delete: notInFake },
    version() {
      return {
        version: '2.5.0',
        perm_sync: false,
        perm_sighting: false,
        perm_galaxy_editor: false,
        request_encoding: ['gzip'],
        filter_sightings: true,
      }
    },
  }
}

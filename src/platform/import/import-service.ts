/**
 * Importing MISP events as a pull (issue #3; spec/ENGINE.md §4.1.1): each event goes through the
 * normal event add (event-before-save, event-after-save, attribute and tag triggers) with the
 * `pull` origin, so `event-after-save-new-from-pull` fires instead of `event-after-save-new`.
 * The creator organisation (`Orgc`) is kept, created locally when it is new, as MISP's pull does.
 * An event that is published at its source is then published here, firing `event-publish`, as
 * MISP's `Event::_add` publishes a pulled event that arrived published; a blocking workflow can
 * stop that publication, and the event then stays stored and unpublished.
 *
 *   documents ─▶ events (`{Event}`, `[{Event}…]`, `{response: […]}`) ─▶ per event: known uuid? skip
 *                                                                       └▶ events.add(…, {origin: 'pull'})
 *                                                                          └▶ published at source? events.publish
 */
import { randomUUID } from 'node:crypto'
import { hasErrorCode, ValidationError } from '../../errors.ts'
import { phpTruthy } from '../../format/index.ts'
import {
  type Executor,
  findEventByUuid,
  findOrganisationByName,
  findOrganisationByUuid,
  insertOrganisation,
} from '../../store/index.ts'
import type { EventService } from '../events/event-service.ts'
import type { PlatformContext } from '../platform-context.ts'
import type { Actor, MispJson } from '../types.ts'

/** One parsed document to import, named by where it came from (a file name, `body`). */
export interface ImportDocument {
  source: string
  json: unknown
}

/** What an import did, event by event. */
export interface ImportReport {
  /**
   * Stored events; `published` says whether the event is published here now, and
   * `publishErrors` why a blocking `event-publish` workflow stopped the publication.
   */
  imported: Array<{
    source: string
    id: string
    uuid: string
    info: string
    published: boolean
    publishErrors?: string[]
  }>
  /** Events whose uuid is already stored (a pull does not add them twice). */
  skipped: Array<{ source: string; uuid: string; reason: string }>
  /** Events refused by validation or by a blocking workflow, with the reason. */
  failed: Array<{ source: string; uuid: string | null; error: string; code: string | null }>
}

/** Called after each event, for progress lines. */
export type ImportProgress = (done: number, total: number, source: string) => void

/** The import operation of the platform. */
export interface ImportService {
  importEvents(actor: Actor, documents: ImportDocument[], onProgress?: ImportProgress): Promise<ImportReport>
}

/** The events of one document: `{Event}`, a bare event, a list of either, or `{response: [...]}`. */
export function eventsOfDocument(document: ImportDocument): Array<{ source: string; event: MispJson }> {
  const { json, source } = document
  const list = Array.isArray(json)
    ? json
    : Array.isArray((json as MispJson)?.response)
      ? (json as MispJson).response
      : [json]
  return list.map((entry: unknown, index: number) => {
    const name = list.length > 1 ? `${source}[${index}]` : source
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new ValidationError('Event', 'Event', `${name}: expected a MISP event object`)
    }
    const event = (entry as MispJson).Event ?? entry
    if (typeof event !== 'object' || event === null || Array.isArray(event)) {
      throw new ValidationError('Event', 'Event', `${name}: expected a MISP event object`)
    }
    return { source: name, event: event as MispJson }
  })
}

/**
 * The local creator organisation for `Orgc`, found as MISP's `Organisation::captureOrg` finds it
 * (by uuid, then by name), else created; undefined: the actor's.
 */
async function captureOrgc(db: Executor, orgc: unknown): Promise<{ id: number; isNew: boolean } | undefined> {
  if (typeof orgc !== 'object' || orgc === null) return undefined
  const { name, uuid } = orgc as MispJson
  if (typeof name !== 'string' || name.trim() === '') return undefined
  const validUuid = typeof uuid === 'string' && /^[0-9a-f-]{36}$/i.test(uuid) ? uuid.toLowerCase() : undefined
  // By uuid first: an organisation renamed at its source is still the same one, and creating it
  // again under the new name would store its uuid twice (a unique-index failure, answered 500).
  const byUuid = validUuid === undefined ? undefined : await findOrganisationByUuid(db, validUuid)
  const known = byUuid ?? (await findOrganisationByName(db, name))
  if (known) return { id: known.id, isNew: false }
  return { id: await insertOrganisation(db, { name, uuid: validUuid ?? randomUUID(), local: 0 }), isNew: true }
}

/** Publishes an imported event that arrived published; a veto leaves it stored and unpublished. */
async function publishImported(
  events: Pick<EventService, 'publish'>,
  actor: Actor,
  entry: ImportReport['imported'][number],
): Promise<void> {
  const result = await events.publish(actor, entry.id)
  entry.published = result.published
  if (!result.published) entry.publishErrors = result.errors
}

/** Creates the import service over the event service's add and publish. */
export function createImportService(
  ctx: PlatformContext,
  events: Pick<EventService, 'add' | 'publish'>,
): ImportService {
  const db = ctx.store.db
  return {
    async importEvents(actor, documents, onProgress) {
      const items = documents.flatMap(eventsOfDocument)
      const report: ImportReport = { imported: [], skipped: [], failed: [] }
      let done = 0
      for (const { source, event } of items) {
        const uuid = typeof event.uuid === 'string' ? event.uuid.toLowerCase() : null
        if (uuid && (await findEventByUuid(db, uuid))) {
          report.skipped.push({ source, uuid, reason: 'An event with this uuid already exists.' })
        } else {
          const orgc = await captureOrgc(db, event.Orgc)
          let added: ImportReport['imported'][number] | undefined
          try {
            const view = await events.add(actor, { Event: event }, { origin: 'pull', orgcId: orgc?.id })
            added = { source, id: view.Event.id, uuid: view.Event.uuid, info: view.Event.info, published: false }
            report.imported.push(added)
          } catch (error) {
            // A refused event leaves nothing behind, not even the organisation created for it.
            if (orgc?.isNew) await db.deleteFrom('organisations').where('id', '=', orgc.id).execute()
            const code = (error as { code?: unknown }).code
            if (!(typeof code === 'string' && code.startsWith('SLC_')) || hasErrorCode(error, 'SLC_DATABASE'))
              throw error
            report.failed.push({ source, uuid, error: (error as Error).message, code })
          }
          // Once stored, as MISP publishes at the end of its add (after event-after-save-new-from-pull).
          if (added && phpTruthy(event.published)) await publishImported(events, actor, added)
        }
        onProgress?.(++done, items.length, source)
      }
      return report
    },
  }
}

/**
 * Event operations (issue #3) with their trigger sites (spec/ENGINE.md §2.10, §4.1.1):
 * `event-before-save` (blocking, before every event save and before the write transaction),
 * `event-after-save` (after every save), `event-after-save-new` (end of add), `event-publish`
 * (blocking, before the published flag is set).
 */
import { ValidationError } from '../../errors.ts'
import {
  deleteEventCascade,
  type EventRecord,
  type Executor,
  findEvent,
  findEventByUuid,
  findOrganisations,
  findTagByName,
  insertAttribute,
  insertEvent,
  linkAttributeTag,
  linkEventTag,
  listEventTags,
  listEvents,
  refreshAttributeCount,
  type TagLinkRecord,
  updateEvent,
  MAX_ID,
} from '../../store/index.ts'
import { checkAttributeInput, intField, tagInputs, uuidField } from '../attributes/attribute-input.ts'
import { fireAttributeAfterSave } from '../attributes/attribute-triggers.ts'
import { feedFetchOptions } from '../feeds/feed-presence.ts'
import { createLocalBackend, parseId } from '../local-backend.ts'
import { eventColumns, orgQuick, tagLinkRow, tagShort } from '../misp-rows.ts'
import {
  auditLog,
  BlockedByWorkflowError,
  canEditEvent,
  canSeeEventIn,
  changeText,
  forbidden,
  invalidEvent,
  nowSeconds,
  type PlatformContext,
} from '../platform-context.ts'
import type { RunChain } from '../runs/run-chain.ts'
import { rowFilterFor } from '../sharing-groups/row-visibility.ts'
import { requireUsableSharingGroups, sharingGroupInput } from '../sharing-groups/sharing-group-access.ts'
import { ensureTag, fireTagAttached, type SavedTagLink } from '../tags/tag-links.ts'
import type { Actor, EventIndexFilters, MispJson, Platform, PublishResult } from '../types.ts'
import { type EventContentsPlan, planEventContents } from './event-contents-plan.ts'
import { writeEventContents } from './event-contents-write.ts'
import { fetchFullEvent, viewEvent } from './fetch-event.ts'

/** Whether full-event trigger data carries feed correlations (`Sluice.feed_correlations`, docs/feeds.md). */
const feedOptions = (ctx: PlatformContext, db: Executor) => feedFetchOptions(ctx.settings.get, ctx.feedPresence, db)

const DISTRIBUTION_OPTIONS =
  'Options: Your organisation only, This community only, Connected communities, All communities, Sharing group'
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/

function unwrapEvent(body: MispJson): MispJson {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError('Event', 'Event', 'The body must be a JSON object')
  }
  return typeof body.Event === 'object' && body.Event !== null && !Array.isArray(body.Event) ? body.Event : body
}

function checkInfo(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new ValidationError('Event', 'info', 'Info cannot be empty.')
  return value
}

function checkDate(value: unknown, fallback: string): string {
  if (value === undefined || value === null || value === '') return fallback
  if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(value))) {
    throw new ValidationError('Event', 'date', 'Expected a date in YYYY-MM-DD format')
  }
  return value
}

/** Loads a visible event by id or UUID, or throws SLC_NOT_FOUND. */
export async function visibleEvent(db: Executor, actor: Actor, id: string): Promise<EventRecord> {
  const numeric = parseId(id)
  const event = numeric !== null ? await findEvent(db, numeric) : await findEventByUuid(db, String(id).toLowerCase())
  if (!event || !(await canSeeEventIn(db, actor, event))) throw invalidEvent()
  return event
}

/** Loads an event the actor may change, or throws SLC_NOT_FOUND / SLC_FORBIDDEN. */
export async function editableEvent(db: Executor, actor: Actor, id: string): Promise<EventRecord> {
  const event = await visibleEvent(db, actor, id)
  if (!canEditEvent(actor, event)) throw forbidden()
  return event
}

/**
 * Fires `event-before-save` for the data about to be saved; a veto writes MISP's log row and
 * throws (nothing is saved). Runs before any write transaction.
 */
async function beforeSave(ctx: PlatformContext, saving: MispJson, uuid: string, chain?: RunChain): Promise<void> {
  const result = await ctx.dispatcher.fire(
    'event-before-save',
    saving,
    {
      action: 'add',
      model: 'Event',
      id: 0,
      message: `The workflow \`event-before-save\` prevented the saving of event (${uuid})`,
    },
    { chain },
  )
  if (!result.success) {
    throw new BlockedByWorkflowError(
      `The workflow \`event-before-save\` prevented the saving of event (${uuid})`,
      result.errors,
    )
  }
}

/** Fires `event-after-save` with the quick event fetch (spec/ENGINE.md §4.1.1). */
async function afterSave(
  ctx: PlatformContext,
  eventId: number,
  action: 'add' | 'edit',
  chain: RunChain | undefined,
  trx: Executor,
): Promise<void> {
  if (!(await ctx.dispatcher.isCallable('event-after-save', trx))) return
  // Read through the saving transaction, and the job commits with the event (docs/queue.md).
  const raw = await createLocalBackend(trx, () => ctx.settings.hostOrgId()).quickFetchEvent(String(eventId))
  if (raw)
    await ctx.dispatcher.fire(
      'event-after-save',
      raw,
      { action, model: 'Event', id: eventId },
      { isRawTransferred: true, chain, db: trx },
    )
}

/**
 * Nested contents an edit saves with the event (event-contents-plan.ts): `submitted` is what
 * event-before-save sees beside the columns, `plan` what is written in the same transaction.
 */
interface EventContents {
  submitted: MispJson
  plan: EventContentsPlan
}

/** Saves changed event columns, and any nested contents, through the before/after-save sites. */
async function saveEventChanges(
  ctx: PlatformContext,
  actor: Actor,
  event: EventRecord,
  changes: Record<string, unknown>,
  audit: { action: string; title: string } | null,
  contents?: EventContents,
): Promise<void> {
  const saving = { ...contents?.submitted, id: String(event.id), uuid: event.uuid, ...changes }
  await beforeSave(ctx, { Event: saving }, event.uuid, actor.chain)
  const columns: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(changes))
    columns[key] = typeof value === 'boolean' ? (value ? 1 : 0) : value
  await ctx.store.transaction(async (trx) => {
    await updateEvent(trx, event.id, columns)
    const fireContents = contents
      ? await writeEventContents(ctx, trx, actor, event, contents.plan, nowSeconds(ctx))
      : undefined
    if (audit) {
      const before = eventColumns(event)
      await auditLog(ctx, trx, actor, {
        action: audit.action,
        model: 'Event',
        modelId: event.id,
        title: audit.title,
        change: changeText(before, Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, String(v)]))),
      })
    }
    await afterSave(ctx, event.id, 'edit', actor.chain, trx)
    await fireContents?.()
  })
}

/**
 * How an event arrives (spec/ENGINE.md §4.1.1): through `/events/add` (`local`), or by a pull or
 * an import (`pull`), which keeps the creator organisation (`orgcId`) and the event's own
 * timestamp, and fires `event-after-save-new-from-pull` instead of `event-after-save-new`.
 */
export interface EventAddOptions {
  origin?: 'local' | 'pull'
  orgcId?: number
}

/** How an edit saves: `freeze` keeps the timestamp and the published state (workflow actions). */
export interface EventEditOptions {
  freeze?: boolean
}

/** The event operations; `add` also takes the pull options that the import uses, `edit` the edit options. */
export interface EventService extends Omit<Platform['events'], 'add' | 'edit'> {
  add(actor: Actor, body: MispJson, options?: EventAddOptions): Promise<MispJson>
  edit(actor: Actor, id: string, body: MispJson, options?: EventEditOptions): Promise<MispJson>
}

/** The timestamp a pulled event keeps: its own when it is a plausible Unix time, else now. */
function pulledTimestamp(value: unknown, now: number): number {
  const number = Number(value)
  return Number.isInteger(number) && number > 0 && number <= now ? number : now
}

/** The event operations of the Platform. */
export function createEventService(ctx: PlatformContext): EventService {
  const db = ctx.store.db

  const view = async (id: number): Promise<MispJson> => {
    const body = await viewEvent(db, id)
    if (!body) throw invalidEvent()
    return body
  }

  return {
    async add(actor, body, options: EventAddOptions = {}) {
      const isPull = options.origin === 'pull'
      const input = unwrapEvent(body)
      const info = checkInfo(input.info)
      const now = nowSeconds(ctx)
      const uuid = uuidField('Event', input.uuid)
      const distribution = intField('Event', 'distribution', input.distribution, 0, 4, 1, DISTRIBUTION_OPTIONS)
      const row = {
        uuid,
        org_id: actor.orgId,
        orgc_id: options.orgcId ?? actor.orgId,
        user_id: actor.userId,
        date: checkDate(input.date, new Date(now * 1000).toISOString().slice(0, 10)),
        info,
        threat_level_id: intField('Event', 'threat_level_id', input.threat_level_id, 1, 4, 4, 'Options: 1, 2, 3, 4'),
        analysis: intField('Event', 'analysis', input.analysis, 0, 2, 0, 'Options: 0, 1, 2'),
        distribution,
        sharing_group_id: sharingGroupInput('Event', distribution, input.sharing_group_id),
        published: 0,
        timestamp: isPull ? pulledTimestamp(input.timestamp, now) : now,
        publish_timestamp: 0,
      }
      const submittedAttributes = input.Attribute ?? []
      if (!Array.isArray(submittedAttributes))
        throw new ValidationError('Event', 'Attribute', 'Attributes must be a list')
      const attributes = submittedAttributes.map((attribute: MispJson) => checkAttributeInput(attribute))
      const tags = tagInputs('Event', input.Tag)
      await requireUsableSharingGroups(db, actor, 'Event', [row.sharing_group_id])
      await requireUsableSharingGroups(
        db,
        actor,
        'Attribute',
        attributes.map((attribute) => attribute.sharing_group_id),
      )
      if (await findEventByUuid(db, uuid))
        throw new ValidationError('Event', 'uuid', 'An event with this uuid already exists.')
      const seen = new Set<string>()
      for (const attribute of attributes) {
        if (seen.has(attribute.uuid))
          throw new ValidationError('Attribute', 'uuid', 'An attribute with this uuid already exists.')
        seen.add(attribute.uuid)
      }

      // event-before-save sees the submitted MISP event with its uuid and the columns being written.
      const saving: MispJson = { Event: { ...input, ...row, published: false } }
      await beforeSave(ctx, saving, uuid, actor.chain)

      const links: SavedTagLink[] = []
      const attributeIds: number[] = []
      const eventId = await ctx.store.transaction(async (trx) => {
        const id = await insertEvent(trx, row)
        for (const tag of tags) {
          const record = await ensureTag(trx, tag.name, actor)
          if (!record) continue
          const link = await linkEventTag(trx, id, record.id, tag.local)
          if (link.created) links.push({ kind: 'event', linkId: link.id, tag: record, eventId: id, local: tag.local })
        }
        for (const attribute of attributes) {
          const { tags: attributeTags, ...columns } = attribute
          const attributeId = await insertAttribute(trx, { ...columns, event_id: id, timestamp: now })
          attributeIds.push(attributeId)
          for (const tag of attributeTags) {
            const record = await ensureTag(trx, tag.name, actor)
            if (!record) continue
            const link = await linkAttributeTag(trx, attributeId, id, record.id, tag.local)
            if (link.created) {
              links.push({
                kind: 'attribute',
                linkId: link.id,
                tag: record,
                eventId: id,
                attributeId,
                local: tag.local,
              })
            }
          }
        }
        await refreshAttributeCount(trx, id)
        await auditLog(ctx, trx, actor, {
          action: 'add',
          model: 'Event',
          modelId: id,
          title: `Event (${id}): ${info}`,
          change: changeText({}, { info, uuid, distribution: String(row.distribution) }),
        })
        // The non-blocking triggers of the new event, in the transaction: their jobs commit with
        // the event, and their data is read through it (docs/queue.md).
        await afterSave(ctx, id, 'add', actor.chain, trx)
        for (const attributeId of attributeIds) await fireAttributeAfterSave(ctx, attributeId, 'add', actor.chain, trx)
        for (const link of links) await fireTagAttached(ctx, link, actor.chain, trx)
        // A pulled event fires event-after-save-new-from-pull instead of event-after-save-new (§4.1.1).
        const newTrigger = isPull ? 'event-after-save-new-from-pull' : 'event-after-save-new'
        if (await ctx.dispatcher.isCallable(newTrigger, trx)) {
          const full = await fetchFullEvent(trx, id, undefined, await feedOptions(ctx, trx))
          await ctx.dispatcher.fire(
            newTrigger,
            full,
            { action: 'add', model: 'Event', id },
            { isRawTransferred: true, chain: actor.chain, db: trx },
          )
        }
        return id
      })
      return view(eventId)
    },

    async edit(actor, id, body, options: EventEditOptions = {}) {
      const event = await editableEvent(db, actor, id)
      const input = unwrapEvent(body)
      const changes: Record<string, unknown> = {}
      if (input.info !== undefined) changes.info = checkInfo(input.info)
      if (input.date !== undefined) changes.date = checkDate(input.date, event.date)
      if (input.threat_level_id !== undefined)
        changes.threat_level_id = intField(
          'Event',
          'threat_level_id',
          input.threat_level_id,
          1,
          4,
          4,
          'Options: 1, 2, 3, 4',
        )
      if (input.analysis !== undefined)
        changes.analysis = intField('Event', 'analysis', input.analysis, 0, 2, 0, 'Options: 0, 1, 2')
      if (input.distribution !== undefined)
        changes.distribution = intField('Event', 'distribution', input.distribution, 0, 4, 1, DISTRIBUTION_OPTIONS)
      if (input.distribution !== undefined || input.sharing_group_id !== undefined) {
        // Distribution 4 keeps the event's group unless another is named; any other level clears it.
        const distribution = (changes.distribution as number | undefined) ?? event.distribution
        const group = sharingGroupInput('Event', distribution, input.sharing_group_id, event.sharing_group_id)
        if (group !== event.sharing_group_id) {
          await requireUsableSharingGroups(db, actor, 'Event', [group])
          changes.sharing_group_id = group
        }
      }
      // Every entry is checked and matched before event-before-save fires: nothing half-saved.
      const plan = await planEventContents(db, actor, event, input)
      if (options.freeze !== true) {
        changes.timestamp = Math.max(nowSeconds(ctx), event.timestamp)
        changes.published = false
      }
      await saveEventChanges(
        ctx,
        actor,
        event,
        changes,
        { action: 'edit', title: `Event (${event.id}): ${changes.info ?? event.info}` },
        plan ? { submitted: input, plan } : undefined,
      )
      return view(event.id)
    },

    async view(actor, id) {
      const event = await visibleEvent(db, actor, id)
      // Another organisation's user sees only the rows shared with it (docs/access.md).
      const body = await viewEvent(db, event.id, await rowFilterFor(db, actor, event))
      if (!body) throw invalidEvent()
      return body
    },

    async index(actor, filters: EventIndexFilters = {}) {
      let tagIds: number[] | undefined
      if (filters.tags && filters.tags.length > 0) {
        tagIds = []
        for (const name of filters.tags) {
          const tag = await findTagByName(db, name)
          if (tag) tagIds.push(tag.id)
        }
      }
      const orgId = filters.org !== undefined && /^[0-9]+$/.test(filters.org) ? Number(filters.org) : undefined
      // An organisation id past the id columns' range names no organisation: PostgreSQL would
      // refuse to compare it (a 500) where SQLite matches nothing.
      if (orgId !== undefined && orgId > MAX_ID) return []
      // Bounded as the id columns are: no instance holds more rows, and the database refuses
      // (or the driver misreads) a LIMIT or OFFSET past a 64-bit integer.
      const limit =
        filters.limit === undefined || !Number.isFinite(filters.limit)
          ? undefined
          : Math.min(Math.max(Math.trunc(filters.limit), 0), MAX_ID)
      const page = filters.page === undefined || !Number.isFinite(filters.page) ? undefined : Math.trunc(filters.page)
      const events = await listEvents(db, {
        viewerOrgId: actor.role === 'site_admin' ? null : actor.orgId,
        published: filters.published,
        orgId,
        tagIds,
        limit,
        offset:
          limit !== undefined && page !== undefined ? Math.min((Math.max(page, 1) - 1) * limit, MAX_ID) : undefined,
      })
      const orgs = await findOrganisations(
        db,
        events.flatMap((event) => [event.org_id, event.orgc_id]),
      )
      const rows: MispJson[] = []
      for (const event of events) {
        const links = (await listEventTags(db, event.id)) as TagLinkRecord[]
        rows.push({
          ...eventColumns(event),
          Org: orgQuick(orgs.get(event.org_id)),
          Orgc: orgQuick(orgs.get(event.orgc_id)),
          EventTag: links.map((link) => tagLinkRow(link, 'event', tagShort(link))),
        })
      }
      return rows
    },

    async delete(actor, id) {
      const event = await editableEvent(db, actor, id)
      await ctx.store.transaction(async (trx) => {
        await deleteEventCascade(trx, event.id)
        await auditLog(ctx, trx, actor, {
          action: 'delete',
          model: 'Event',
          modelId: event.id,
          title: `Event (${event.id}): ${event.info}`,
        })
      })
    },

    async publish(actor, id): Promise<PublishResult> {
      const event = await editableEvent(db, actor, id)
      const eventId = String(event.id)
      if (await ctx.dispatcher.isCallable('event-publish')) {
        // The row editableEvent just read is the one fetchEvent would read again.
        const full = await fetchFullEvent(db, event.id, event, await feedOptions(ctx, db))
        const result = await ctx.dispatcher.fire(
          'event-publish',
          full,
          { action: 'publish', model: 'Event', id: event.id, message: 'Publishing stopped by a blocking workflow.' },
          { isRawTransferred: true, chain: actor.chain },
        )
        if (!result.success) return { published: false, eventId, errors: result.errors }
      }
      try {
        await saveEventChanges(
          ctx,
          actor,
          event,
          { published: true, publish_timestamp: nowSeconds(ctx) },
          { action: 'publish', title: `Event (${event.id}): published` },
        )
      } catch (error) {
        if (error instanceof BlockedByWorkflowError) return { published: false, eventId, errors: error.errors }
        throw error
      }
      return { published: true, eventId }
    },

    async unpublish(actor, id) {
      const event = await editableEvent(db, actor, id)
      await saveEventChanges(
        ctx,
        actor,
        event,
        { published: false },
        { action: 'edit', title: `Event (${event.id}): unpublished` },
      )
      return view(event.id)
    },
  }
}

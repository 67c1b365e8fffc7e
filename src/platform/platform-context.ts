/**
 * What every entity service shares: the store, the trigger dispatcher, settings, time, and the
 * helpers for MISP's audit log rows, access rules (docs/access.md) and save-with-triggers.
 */
import { createHash } from 'node:crypto'
import type { Clock, DataBackend } from '../engine/index.ts'
import { UserError } from '../errors.ts'
import {
  canOrgReadSharingGroup,
  type EventRecord,
  type Executor,
  findEvent,
  findOrganisation,
  insertLog,
  type Store,
} from '../store/index.ts'
import { fireLogAfterSave } from './logs/log-after-save.ts'
import type { SettingsService } from './settings/settings-service.ts'
import { logTimestamp, type TriggerDispatcher } from './triggers/trigger-dispatcher.ts'
import type { FeedPresence } from './feeds/feed-presence.ts'
import type { Actor } from './types.ts'

/** The platform's shared parts. */
export interface PlatformContext {
  store: Store
  dispatcher: TriggerDispatcher
  settings: SettingsService
  backend: DataBackend
  clock: Pick<Clock, 'now'>
  /** Whether an event fetch can find feed hits (feeds/feed-presence.ts). */
  feedPresence: FeedPresence
}

/** A blocking workflow vetoed the operation; nothing of it was stored. */
export class BlockedByWorkflowError extends UserError {
  readonly errors: string[]

  constructor(message: string, errors: string[]) {
    super('SLC_BLOCKED_BY_WORKFLOW', message)
    this.errors = errors
  }
}

/** Unix seconds now. */
export function nowSeconds(ctx: PlatformContext): number {
  return Math.floor(ctx.clock.now().getTime() / 1000)
}

/** SHA-256 hex digest (API keys are stored hashed). */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/**
 * Whether `actor` may see `event` by the rules that need no query (docs/access.md): site admin,
 * own organisation, distribution 1–3. A distribution-4 event of another organisation answers
 * false here; `canSeeEventIn` also asks its sharing group.
 */
export function canSeeEvent(actor: Actor, event: EventRecord): boolean {
  if (actor.role === 'site_admin') return true
  if (event.org_id === actor.orgId || event.orgc_id === actor.orgId) return true
  return event.distribution >= 1 && event.distribution <= 3
}

/**
 * Whether `actor` may see `event` (docs/access.md): `canSeeEvent`, or distribution 4 with the
 * actor's organisation owning or belonging to the event's sharing group. The query runs only
 * for distribution-4 events of other organisations.
 */
export async function canSeeEventIn(db: Executor, actor: Actor, event: EventRecord): Promise<boolean> {
  if (canSeeEvent(actor, event)) return true
  return event.distribution === 4 && (await canOrgReadSharingGroup(db, event.sharing_group_id, actor.orgId))
}

/** Whether `actor` may change `event`: its creator organisation, or a site admin (docs/access.md). */
export function canEditEvent(actor: Actor, event: EventRecord): boolean {
  return actor.role === 'site_admin' || event.orgc_id === actor.orgId || event.org_id === actor.orgId
}

/** `SLC_NOT_FOUND` with MISP's text for an unknown or invisible event. */
export function invalidEvent(): UserError {
  return new UserError('SLC_NOT_FOUND', 'Invalid event.')
}

/** `SLC_FORBIDDEN` with MISP's text. */
export function forbidden(): UserError {
  return new UserError('SLC_FORBIDDEN', 'You do not have permission to do that.')
}

/**
 * `event` when `actor` may change it (docs/access.md): `SLC_NOT_FOUND` with `notFound` (MISP's
 * text for what the caller looked up) when it is missing or invisible to the actor,
 * `SLC_FORBIDDEN` when the actor sees it but may not change it — a member of a distribution-4
 * event's sharing group, say (the only case that costs a query).
 */
export async function requireEditableEvent(
  db: Executor,
  actor: Actor,
  event: EventRecord | undefined,
  notFound: string,
): Promise<EventRecord> {
  if (!event) throw new UserError('SLC_NOT_FOUND', notFound)
  if (canEditEvent(actor, event)) return event
  if (await canSeeEventIn(db, actor, event)) throw forbidden()
  throw new UserError('SLC_NOT_FOUND', notFound)
}

/**
 * `row` (an attribute, object, report… of an event) with its event, when `actor` may change that
 * event: `SLC_NOT_FOUND` with `notFound` when the row is missing too (requireEditableEvent).
 */
export async function withEditableEvent<Row extends { event_id: number }>(
  db: Executor,
  actor: Actor,
  row: Row | undefined,
  notFound: string,
): Promise<{ row: Row; event: EventRecord }> {
  if (!row) throw new UserError('SLC_NOT_FOUND', notFound)
  return { row, event: await requireEditableEvent(db, actor, await findEvent(db, row.event_id), notFound) }
}

/**
 * Writes an audit row for `actor`, like MISP's model-change log entries, and fires
 * `log-after-save` for it in `db`'s transaction: its job commits with the row (logs/log-after-save.ts).
 */
export async function auditLog(
  ctx: PlatformContext,
  db: Executor,
  actor: Actor,
  entry: { action: string; model: string; modelId: number; title: string; change?: string },
): Promise<void> {
  const org = await findOrganisation(db, actor.orgId)
  const row = {
    title: entry.title,
    created: logTimestamp(ctx.clock.now()),
    model: entry.model,
    model_id: entry.modelId,
    action: entry.action,
    user_id: actor.userId,
    change: entry.change ?? '',
    email: actor.email,
    org: org?.name ?? '',
    description: '',
    ip: '',
  }
  const id = await insertLog(db, row)
  // The job is written through `db`: it commits with the audit row (the queue's outbox, issue #4).
  await fireLogAfterSave(ctx.dispatcher, id, row, { isRest: actor.isRest, chain: actor.chain, db })
}

/** MISP's change text: `field (old) => (new), …`. */
export function changeText(before: Record<string, unknown>, after: Record<string, unknown>): string {
  return Object.keys(after)
    .filter((key) => before[key] !== after[key])
    .map((key) => `${key} (${before[key] ?? ''}) => (${after[key]})`)
    .join(', ')
}

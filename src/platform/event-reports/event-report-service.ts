/**
 * Event reports (issue #3): `/event_reports/add`, `/event_reports/edit` and the soft
 * `/event_reports/delete`, each firing `event-report-after-save` after commit with
 * `{EventReport: {...}}` as saved (spec/ENGINE.md §4.1.1), and unpublishing the event as
 * `EventReport::addReport` / `editReport` / `deleteReport` do. A hard delete fires nothing.
 */
import { UserError, ValidationError } from '../../errors.ts'
import {
  deleteEventReportRow,
  type Executor,
  findEventReport,
  findEventReportByUuid,
  insertEventReport,
  updateEvent,
  updateEventReport,
} from '../../store/index.ts'
import { intField, uuidField } from '../attributes/attribute-input.ts'
import { editableEvent } from '../events/event-service.ts'
import { parseId } from '../local-backend.ts'
import { auditLog, nowSeconds, type PlatformContext, withEditableEvent } from '../platform-context.ts'
import type { RunChain } from '../runs/run-chain.ts'
import { requireUsableSharingGroups, sharingGroupInput } from '../sharing-groups/sharing-group-access.ts'
import type { Actor, MispJson, Platform } from '../types.ts'
import { reportColumns } from './report-rows.ts'

/** MISP's texts (EventReport model, EventReportsController). */
export const REPORT_MESSAGES = {
  invalid: 'Invalid report',
  blank: 'This field cannot be left blank',
  notUnique: 'The UUID provided is not unique',
  distribution:
    'Options: Your organisation only, This community only, Connected communities, All communities, Sharing group, Inherit event',
} as const

function unwrapReport(body: MispJson | undefined): MispJson {
  const input: MispJson = body ?? {}
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new ValidationError('EventReport', 'EventReport', 'The body must be a JSON object')
  const inner = input.EventReport
  return typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? inner : input
}

function checkName(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new ValidationError('EventReport', 'name', REPORT_MESSAGES.blank)
  return value
}

function checkContent(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value !== 'string') throw new ValidationError('EventReport', 'content', 'Must be a string')
  return value
}

const distribution = (value: unknown) =>
  intField('EventReport', 'distribution', value, 0, 5, 5, REPORT_MESSAGES.distribution)

/** Fires `event-report-after-save` with the saved report. */
async function afterSave(
  ctx: PlatformContext,
  id: number,
  action: 'add' | 'edit',
  chain: RunChain | undefined,
  trx: Executor,
): Promise<void> {
  if (!(await ctx.dispatcher.isCallable('event-report-after-save', trx))) return
  // Read through the saving transaction, and the job commits with the report (docs/queue.md).
  const report = await findEventReport(trx, id)
  if (!report) return
  const logged = report.deleted === 1 ? 'soft-delete' : action
  await ctx.dispatcher.fire(
    'event-report-after-save',
    { EventReport: reportColumns(report) },
    { action: logged, model: 'EventReport', id },
    { isRawTransferred: true, chain, db: trx },
  )
}

/** The report named by id or UUID, with its event, checked for the actor. */
async function editableReport(ctx: PlatformContext, actor: Actor, id: string) {
  const db = ctx.store.db
  const numeric = parseId(id)
  const found =
    numeric !== null ? await findEventReport(db, numeric) : await findEventReportByUuid(db, id.toLowerCase())
  const { row: report, event } = await withEditableEvent(db, actor, found, REPORT_MESSAGES.invalid)
  return { report, event }
}

/** The event report operations of the Platform. */
export function createEventReportService(ctx: PlatformContext): Platform['eventReports'] {
  const db = ctx.store.db
  return {
    async add(actor, eventId, body) {
      const event = await editableEvent(db, actor, eventId)
      const input = unwrapReport(body)
      const level = distribution(input.distribution)
      const row = {
        uuid: uuidField('EventReport', input.uuid),
        event_id: event.id,
        name: checkName(input.name),
        content: checkContent(input.content),
        distribution: level,
        sharing_group_id: sharingGroupInput('EventReport', level, input.sharing_group_id),
        timestamp: nowSeconds(ctx),
        deleted: 0,
      }
      await requireUsableSharingGroups(db, actor, 'EventReport', [row.sharing_group_id])
      if (await findEventReportByUuid(db, row.uuid))
        throw new ValidationError('EventReport', 'uuid', REPORT_MESSAGES.notUnique)
      const id = await ctx.store.transaction(async (trx) => {
        const reportId = await insertEventReport(trx, row)
        await updateEvent(trx, event.id, { published: 0 })
        await auditLog(ctx, trx, actor, {
          action: 'add',
          model: 'EventReport',
          modelId: reportId,
          title: `EventReport (${reportId}) from Event (${event.id}): ${row.name}`,
        })
        await afterSave(ctx, reportId, 'add', actor.chain, trx)
        return reportId
      })
      return { EventReport: reportColumns((await findEventReport(db, id))!) }
    },

    async edit(actor, id, body) {
      const { report, event } = await editableReport(ctx, actor, id)
      const input = unwrapReport(body)
      const changes: Record<string, unknown> = {}
      if (input.name !== undefined) changes.name = checkName(input.name)
      if (input.content !== undefined) changes.content = checkContent(input.content)
      if (input.distribution !== undefined) changes.distribution = distribution(input.distribution)
      if (input.distribution !== undefined || input.sharing_group_id !== undefined) {
        // Distribution 4 keeps the report's group unless another is named; any other level clears it.
        const level = (changes.distribution as number | undefined) ?? report.distribution
        const group = sharingGroupInput('EventReport', level, input.sharing_group_id, report.sharing_group_id)
        if (group !== report.sharing_group_id) {
          await requireUsableSharingGroups(db, actor, 'EventReport', [group])
          changes.sharing_group_id = group
        }
      }
      // editReport drops a submitted timestamp; the save stamps the current time.
      changes.timestamp = Math.max(nowSeconds(ctx), report.timestamp)
      await ctx.store.transaction(async (trx) => {
        await updateEventReport(trx, report.id, changes)
        await updateEvent(trx, event.id, { published: 0 })
        await auditLog(ctx, trx, actor, {
          action: 'edit',
          model: 'EventReport',
          modelId: report.id,
          title: `EventReport (${report.id}) from Event (${event.id}): ${changes.name ?? report.name}`,
        })
        await afterSave(ctx, report.id, 'edit', actor.chain, trx)
      })
      return { EventReport: reportColumns((await findEventReport(db, report.id))!) }
    },

    async delete(actor, id, hard = false) {
      const { report, event } = await editableReport(ctx, actor, id)
      // A soft delete of a report already deleted has nothing to do: MISP's "Invalid report".
      if (!hard && report.deleted === 1) throw new UserError('SLC_NOT_FOUND', REPORT_MESSAGES.invalid)
      await ctx.store.transaction(async (trx) => {
        if (hard) await deleteEventReportRow(trx, report.id)
        else await updateEventReport(trx, report.id, { deleted: 1 })
        // EventReport::deleteReport unpublishes the event either way.
        await updateEvent(trx, event.id, { published: 0 })
        await auditLog(ctx, trx, actor, {
          action: hard ? 'delete' : 'soft-delete',
          model: 'EventReport',
          modelId: report.id,
          title: `EventReport (${report.id}) from Event (${event.id}): ${report.name}`,
        })
        // The soft delete is a save (action `soft-delete`); a hard delete fires nothing, as MISP's afterDelete.
        if (!hard) await afterSave(ctx, report.id, 'edit', actor.chain, trx)
      })
    },
  }
}

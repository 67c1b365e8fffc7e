/**
 * Proposals (shadow attributes, issue #3): propose a new attribute (`/shadow_attributes/add`),
 * propose a change to one (`/shadow_attributes/edit/<attribute id>`), accept and discard.
 * Every proposal save first fires the blocking `shadow-attribute-before-save` with the model
 * data MISP passes (value split, defaults set); a veto writes nothing, logs MISP's row and
 * answers `SLC_BLOCKED_BY_WORKFLOW` (spec/ENGINE.md §2.10). `shadow-attribute-after-save` fires
 * after commit, only for saves that leave the proposal live (not accept/discard, which mark it
 * deleted; spec/ENGINE.md §4.1.1).
 */
import { UserError, ValidationError } from '../../errors.ts'
import {
  type AttributeRecord,
  type EventRecord,
  type Executor,
  findAttribute,
  findAttributeByUuid,
  findEvent,
  findShadowAttribute,
  insertAttribute,
  insertShadowAttribute,
  refreshAttributeCount,
  type ShadowAttributeRecord,
  updateAttribute,
  updateEvent,
  updateShadowAttribute,
} from '../../store/index.ts'
import type { AttributeInput } from '../attributes/attribute-input.ts'
import { flag } from '../attributes/attribute-input.ts'
import { fireAttributeAfterSave } from '../attributes/attribute-triggers.ts'
import { visibleEvent } from '../events/event-service.ts'
import { canSeeAttributeOf } from '../sharing-groups/row-visibility.ts'
import { parseId } from '../local-backend.ts'
import { attributeValue } from '../misp-rows.ts'
import {
  auditLog,
  BlockedByWorkflowError,
  canEditEvent,
  canSeeEventIn,
  nowSeconds,
  type PlatformContext,
} from '../platform-context.ts'
import type { RunChain } from '../runs/run-chain.ts'
import type { Actor, MispJson, Platform } from '../types.ts'
import { checkProposalInput, unwrapProposal } from './proposal-input.ts'
import { proposalColumns, proposalValue } from './proposal-rows.ts'

/** MISP's texts (ShadowAttribute model, ShadowAttributesController). */
export const PROPOSAL_MESSAGES = {
  blocked: 'The workflow `shadow-attribute-before-save` prevented the saving of this proposal.',
  invalidAttribute: 'Invalid Attribute.',
  noChange: 'Invalid input.',
  notFound: 'Proposal not found or you are not authorised to accept it.',
  notDiscarded: 'Could not discard proposal.',
  acceptedChange: 'Proposed change accepted.',
  acceptedNew: 'Proposal accepted.',
  discarded: 'Proposal discarded.',
} as const

/** A proposal row about to be written (no id yet for a new one). */
type ProposalRow = Omit<ShadowAttributeRecord, 'id'>

/**
 * The model data `shadow-attribute-before-save` sees: the proposal's columns, MISP's value
 * split into `value1`/`value2` beside `value`; `old_id` only for a proposal to edit.
 */
function beforeSaveData(row: ProposalRow, id?: number): MispJson {
  const columns = proposalColumns({ ...row, id: id ?? 0 })
  if (id === undefined) {
    // A new row has no id yet, and MISP's form sends no `old_id` for a proposal to add.
    delete columns.id
    if (row.old_id === 0) delete columns.old_id
  }
  return { ShadowAttribute: columns }
}

/** Fires the blocking before-save site; a veto throws (nothing is written). */
async function beforeSave(
  ctx: PlatformContext,
  row: ProposalRow,
  id: number | undefined,
  chain?: RunChain,
): Promise<void> {
  const result = await ctx.dispatcher.fire(
    'shadow-attribute-before-save',
    beforeSaveData(row, id),
    { action: 'add', model: 'ShadowAttribute', id: id ?? 0, message: PROPOSAL_MESSAGES.blocked },
    { chain },
  )
  if (!result.success) throw new BlockedByWorkflowError(PROPOSAL_MESSAGES.blocked, result.errors)
}

/** Fires `shadow-attribute-after-save` with the saved row `{ShadowAttribute: {...}}`. */
async function afterSave(
  ctx: PlatformContext,
  id: number,
  action: 'add' | 'edit',
  chain: RunChain | undefined,
  trx: Executor,
): Promise<void> {
  if (!(await ctx.dispatcher.isCallable('shadow-attribute-after-save', trx))) return
  // Read through the saving transaction, and the job commits with the proposal (docs/queue.md).
  const row = await findShadowAttribute(trx, id)
  if (!row || row.deleted === 1) return
  await ctx.dispatcher.fire(
    'shadow-attribute-after-save',
    { ShadowAttribute: proposalColumns(row) },
    { action, model: 'ShadowAttribute', id },
    { isRawTransferred: true, chain, db: trx },
  )
}

/** The row of a proposal from checked attribute fields. */
function proposalRow(
  ctx: PlatformContext,
  actor: Actor,
  event: EventRecord,
  input: AttributeInput,
  extra: { uuid: string; old_id: number; proposal_to_delete?: boolean },
): ProposalRow {
  return {
    uuid: extra.uuid,
    old_id: extra.old_id,
    event_id: event.id,
    event_uuid: event.uuid,
    org_id: actor.orgId,
    email: actor.email,
    event_org_id: event.orgc_id,
    type: input.type,
    category: input.category,
    value1: input.value1,
    value2: input.value2,
    to_ids: input.to_ids,
    comment: input.comment,
    deleted: 0,
    proposal_to_delete: extra.proposal_to_delete ? 1 : 0,
    disable_correlation: input.disable_correlation,
    timestamp: nowSeconds(ctx),
    first_seen: input.first_seen,
    last_seen: input.last_seen,
  }
}

/** Saves a new proposal through both trigger sites; answers `{ShadowAttribute: {...}}`. */
async function saveProposal(ctx: PlatformContext, actor: Actor, row: ProposalRow): Promise<MispJson> {
  await beforeSave(ctx, row, undefined, actor.chain)
  const id = await ctx.store.transaction(async (trx) => {
    const proposalId = await insertShadowAttribute(trx, row)
    await auditLog(ctx, trx, actor, {
      action: 'add',
      model: 'ShadowAttribute',
      modelId: proposalId,
      title: `Proposal (${proposalId}) to ${row.old_id === 0 ? `Event (${row.event_id})` : `Attribute (${row.old_id})`}: ${row.category}/${row.type} ${proposalValue(row)}`,
    })
    await afterSave(ctx, proposalId, 'add', actor.chain, trx)
    return proposalId
  })
  return { ShadowAttribute: proposalColumns((await findShadowAttribute(ctx.store.db, id))!) }
}

/** A live proposal by id, with its event. */
async function openProposal(ctx: PlatformContext, id: string, message: string) {
  const numeric = parseId(id)
  const proposal = numeric === null ? undefined : await findShadowAttribute(ctx.store.db, numeric)
  const event = proposal ? await findEvent(ctx.store.db, proposal.event_id) : undefined
  if (!proposal || !event || proposal.deleted === 1) throw new UserError('SLC_NOT_FOUND', message)
  return { proposal, event }
}

/** The attribute an edit proposal targets, visible to the actor. */
async function targetAttribute(ctx: PlatformContext, actor: Actor, id: string) {
  const numeric = parseId(id)
  const attribute =
    numeric !== null
      ? await findAttribute(ctx.store.db, numeric)
      : await findAttributeByUuid(ctx.store.db, id.toLowerCase())
  const event = attribute ? await findEvent(ctx.store.db, attribute.event_id) : undefined
  const isVisible =
    attribute !== undefined &&
    event !== undefined &&
    attribute.deleted !== 1 &&
    (await canSeeEventIn(ctx.store.db, actor, event)) &&
    (await canSeeAttributeOf(ctx.store.db, actor, event, attribute))
  if (!attribute || !event || !isVisible) throw new UserError('SLC_NOT_FOUND', PROPOSAL_MESSAGES.invalidAttribute)
  return { attribute, event }
}

/** The attribute fields a proposal carries, as an accepted proposal writes them to its attribute. */
function proposedFields(proposal: ShadowAttributeRecord) {
  return {
    type: proposal.type,
    category: proposal.category,
    value1: proposal.value1,
    value2: proposal.value2,
    to_ids: proposal.to_ids,
    comment: proposal.comment,
    first_seen: proposal.first_seen,
    last_seen: proposal.last_seen,
  }
}

/** Applies an accepted proposal to the attributes; returns the attribute save to fire. */
async function applyProposal(
  trx: Parameters<Parameters<PlatformContext['store']['transaction']>[0]>[0],
  proposal: ShadowAttributeRecord,
  now: number,
): Promise<{ id: number; action: 'add' | 'edit' | 'soft-delete' } | null> {
  if (proposal.old_id === 0) {
    const id = await insertAttribute(trx, {
      ...proposedFields(proposal),
      uuid: proposal.uuid,
      event_id: proposal.event_id,
      distribution: 5,
      disable_correlation: proposal.disable_correlation,
      timestamp: now,
    })
    return { id, action: 'add' }
  }
  const attribute = await findAttribute(trx, proposal.old_id)
  if (!attribute) return null
  if (proposal.proposal_to_delete === 1) {
    await updateAttribute(trx, attribute.id, { deleted: 1, timestamp: now })
    return { id: attribute.id, action: 'soft-delete' }
  }
  await updateAttribute(trx, attribute.id, {
    ...proposedFields(proposal),
    timestamp: Math.max(now, attribute.timestamp),
  })
  return { id: attribute.id, action: 'edit' }
}

/** The edit proposal's fields: the submitted ones over the attribute's (ShadowAttributesController::edit). */
function editedFields(input: MispJson, attribute: AttributeRecord): MispJson {
  const fields = ['category', 'type', 'value', 'to_ids', 'comment', 'first_seen', 'last_seen'] as const
  if (!fields.some((field) => input[field] !== undefined) && !flag(input.proposal_to_delete))
    throw new ValidationError('ShadowAttribute', 'value', PROPOSAL_MESSAGES.noChange)
  return {
    type: input.type ?? attribute.type,
    category: input.category ?? (input.type === undefined ? attribute.category : undefined),
    value: input.value ?? attributeValue(attribute),
    to_ids: input.to_ids ?? attribute.to_ids === 1,
    comment: input.comment ?? attribute.comment,
    first_seen: input.first_seen ?? attribute.first_seen,
    last_seen: input.last_seen ?? attribute.last_seen,
    disable_correlation: attribute.disable_correlation === 1,
  }
}

/** The proposal operations of the Platform. */
export function createProposalService(ctx: PlatformContext): Platform['shadowAttributes'] {
  const db = ctx.store.db

  /** Marks a proposal deleted (MISP's `setDeleted`, a model save: before-save fires, after-save does not). */
  const close = async (
    actor: Actor,
    proposal: ShadowAttributeRecord,
    event: EventRecord,
    log: { action: 'accept' | 'discard'; title: string },
  ) => {
    const now = nowSeconds(ctx)
    const { id, ...row } = proposal
    await beforeSave(ctx, { ...row, deleted: 1, timestamp: now }, id, actor.chain)
    await ctx.store.transaction(async (trx) => {
      const applied = log.action === 'accept' ? await applyProposal(trx, proposal, now) : null
      await updateShadowAttribute(trx, id, { deleted: 1, timestamp: now })
      if (log.action === 'accept') {
        await refreshAttributeCount(trx, event.id)
        await updateEvent(trx, event.id, {
          timestamp: Math.max(now, event.timestamp),
          published: 0,
          proposal_email_lock: 0,
        })
      }
      await auditLog(ctx, trx, actor, { action: log.action, model: 'ShadowAttribute', modelId: id, title: log.title })
      if (applied) await fireAttributeAfterSave(ctx, applied.id, applied.action, actor.chain, trx)
      return applied
    })
  }

  return {
    async add(actor, eventId, body) {
      const event = await visibleEvent(db, actor, eventId)
      const input = unwrapProposal(body)
      const checked = checkProposalInput(input)
      return saveProposal(ctx, actor, proposalRow(ctx, actor, event, checked, { uuid: checked.uuid, old_id: 0 }))
    },

    async edit(actor, attributeId, body) {
      const { attribute, event } = await targetAttribute(ctx, actor, attributeId)
      const input = unwrapProposal(body)
      const checked = checkProposalInput(editedFields(input, attribute))
      // MISP quirk: a proposal to edit carries the uuid of the attribute it targets.
      const row = proposalRow(ctx, actor, event, checked, {
        uuid: attribute.uuid,
        old_id: attribute.id,
        proposal_to_delete: flag(input.proposal_to_delete),
      })
      return saveProposal(ctx, actor, row)
    },

    async accept(actor, id) {
      const { proposal, event } = await openProposal(ctx, id, PROPOSAL_MESSAGES.notFound)
      if (!canEditEvent(actor, event)) throw new UserError('SLC_NOT_FOUND', PROPOSAL_MESSAGES.notFound)
      if (proposal.old_id === 0 && (await findAttributeByUuid(db, proposal.uuid)))
        throw new ValidationError('Attribute', 'uuid', 'An attribute with this uuid already exists.')
      const value = proposalValue(proposal)
      const title =
        proposal.old_id === 0
          ? `Proposal (${proposal.id}) of ${proposal.org_id} to Event(${proposal.event_id}) accepted`
          : `Proposal (${proposal.id}) of ${proposal.org_id} to Attribute (${proposal.old_id}) of Event (${proposal.event_id}) accepted - ${proposal.category}/${proposal.type} ${value}`
      await close(actor, proposal, event, { action: 'accept', title })
      const message = proposal.old_id === 0 ? PROPOSAL_MESSAGES.acceptedNew : PROPOSAL_MESSAGES.acceptedChange
      return { name: message, message, url: `/shadow_attributes/accept/${proposal.id}` }
    },

    async discard(actor, id) {
      const { proposal, event } = await openProposal(ctx, id, PROPOSAL_MESSAGES.notDiscarded)
      const isAllowed = canEditEvent(actor, event) || proposal.org_id === actor.orgId
      if (!isAllowed) throw new UserError('SLC_NOT_FOUND', PROPOSAL_MESSAGES.notDiscarded)
      await close(actor, proposal, event, {
        action: 'discard',
        title: `Proposal (${proposal.id}) of ${proposal.org_id} discarded - ${proposal.category}/${proposal.type} ${proposalValue(proposal)}`,
      })
      const message = PROPOSAL_MESSAGES.discarded
      return { name: message, message, url: `/shadow_attributes/discard/${proposal.id}` }
    },
  }
}

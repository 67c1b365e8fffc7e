/**
 * Attribute, event and proposal operations for workflow actions (spec/ENGINE.md §4.3): each
 * goes through the platform's own operation, so that it fires the triggers that operation
 * fires (attribute-after-save, event-before-save/after-save, event-publish…).
 */
import type { AttributeChanges, EventDistributionChange, PublishOutcome } from '../../engine/index.ts'
import { hasErrorCode } from '../../errors.ts'
import type { PhpMap } from '../../format/index.ts'
import { type Executor, findOrganisation } from '../../store/index.ts'
import type { EventService } from '../events/event-service.ts'
import { fetchFullEvent } from '../events/fetch-event.ts'
import { parseId } from '../local-backend.ts'
import type { Actor, Platform } from '../types.ts'

/** What the record actions need. */
export interface RecordActionDeps {
  db: Executor
  attributes: Platform['attributes']
  events: EventService
  proposals: Platform['shadowAttributes']
  actor: () => Actor
  /** The options of `fetchFullEvent`: whether it attaches feed correlations (docs/feeds.md). */
  fetchOptions?: (db: Executor) => Promise<{ includeFeedCorrelations: boolean }>
}

/** The attribute edit body for `changes` (MISP's wire names). */
function attributeBody(changes: AttributeChanges): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  if (changes.to_ids !== undefined) body.to_ids = changes.to_ids
  if (changes.comment !== undefined) body.comment = changes.comment
  if (changes.distribution !== undefined) body.distribution = changes.distribution
  if (changes.disable_correlation !== undefined) body.disable_correlation = changes.disable_correlation
  return body
}

/** The attribute, event and proposal operations of the DataBackend port. */
export function createRecordActions(deps: RecordActionDeps) {
  return {
    async editAttribute(id: string, changes: AttributeChanges): Promise<PhpMap | null> {
      try {
        const saved = await deps.attributes.edit(deps.actor(), id, { Attribute: attributeBody(changes) })
        return (saved.Attribute as PhpMap | undefined) ?? null
      } catch (error) {
        // Deleted meanwhile: nothing to save, as MISP's save would report.
        if (hasErrorCode(error, 'SLC_NOT_FOUND')) return null
        throw error
      }
    },

    async editEventDistribution(eventId: string, change: EventDistributionChange): Promise<boolean> {
      // Distribution 4 names its group; the event save refuses an unknown one naming
      // `Event.sharing_group_id`, which the runner reports as the node's error.
      const fields =
        change.distribution === 4
          ? { distribution: 4, sharing_group_id: change.sharingGroupId ?? '' }
          : { distribution: change.distribution }
      await deps.events.edit(deps.actor(), eventId, { Event: fields }, { freeze: change.freeze })
      return true
    },

    async publishEvent(eventId: string): Promise<PublishOutcome> {
      const result = await deps.events.publish(deps.actor(), eventId)
      return result.published ? { published: true, errors: [] } : { published: false, errors: result.errors }
    },

    async fetchFullEvent(eventId: string): Promise<PhpMap | null> {
      const id = parseId(eventId)
      if (id === null) return null
      const options = deps.fetchOptions ? await deps.fetchOptions(deps.db) : undefined
      return (await fetchFullEvent(deps.db, id, undefined, options)) as PhpMap | null
    },

    async resolveProposal(proposalId: string, action: 'accept' | 'discard'): Promise<boolean> {
      try {
        if (action === 'accept') await deps.proposals.accept(deps.actor(), proposalId)
        else await deps.proposals.discard(deps.actor(), proposalId)
        return true
      } catch (error) {
        // Resolved by someone else meanwhile.
        if (hasErrorCode(error, 'SLC_NOT_FOUND')) return false
        throw error
      }
    },

    async organisationName(orgId: string): Promise<string | null> {
      const id = parseId(orgId)
      const org = id === null ? undefined : await findOrganisation(deps.db, id)
      return org?.name ?? null
    },
  }
}

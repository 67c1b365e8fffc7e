/**
 * The data operations of the DataBackend port on the local platform (issue #5; the port in
 * src/engine/contract/data-operations.ts): each goes through the platform's normal operations
 * as the workflow user, with the run's causal chain, so that it fires its own triggers.
 */
import type { DataOperations } from '../../engine/index.ts'
import type { EventService } from '../events/event-service.ts'
import { feedFetchOptions } from '../feeds/feed-presence.ts'
import type { PlatformContext } from '../platform-context.ts'
import type { Actor, Platform } from '../types.ts'
import { createIntelActions } from './intel-actions.ts'
import { createRecordActions } from './record-actions.ts'
import { createTagActions } from './tag-actions.ts'
import { workflowActor } from './workflow-actor.ts'

export { DECAYING_MODELS } from './decaying-models.ts'
export { type HostOptionSources, hasHostOptions, withHostOptions } from './module-options.ts'
export { firstMatch, type MatchableList } from './warninglist-match.ts'
export { workflowActor } from './workflow-actor.ts'

/** The platform services the operations call. */
export interface WorkflowActionServices {
  tags: Platform['tags']
  attributes: Platform['attributes']
  events: EventService
  shadowAttributes: Platform['shadowAttributes']
}

/** What the operations need: the platform's shared parts, its services, the host organisation. */
export interface WorkflowActionDeps {
  ctx: PlatformContext
  services: WorkflowActionServices
  hostOrgId: () => number | null
}

/**
 * The data operations acting as the workflow user with causal `chain` (the loop guard's,
 * docs/runs.md; empty outside a run). Build one set per run so that every trigger an
 * operation fires carries that run's chain.
 */
export function createWorkflowActions(deps: WorkflowActionDeps, chain?: Actor['chain']): DataOperations {
  const actor = () => workflowActor(deps.hostOrgId(), chain)
  const { ctx, services } = deps
  return {
    ...createTagActions({ db: ctx.store.db, tags: services.tags, actor }),
    ...createRecordActions({
      db: ctx.store.db,
      attributes: services.attributes,
      events: services.events,
      proposals: services.shadowAttributes,
      actor,
      fetchOptions: (db) => feedFetchOptions(ctx.settings.get, ctx.feedPresence, db),
    }),
    ...createIntelActions({ ctx, actor }),
  }
}

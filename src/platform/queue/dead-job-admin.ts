/**
 * What a site admin does with dead jobs (docs/queue.md "Dead jobs"): put them back in the queue
 * once what killed them is fixed (the database was down, a module had a bug), or discard them.
 * The queue does the work (JobQueue `retryDead`, `discardDead`); this layer checks the actor and
 * writes each action to the audit log, as MISP logs an admin's changes.
 */
import { auditLog, forbidden, type PlatformContext } from '../platform-context.ts'
import type { Actor } from '../types.ts'

/** Dead jobs, for site admins (`POST /sluice/queue/retry`, `/sluice/queue/discard`). */
export interface DeadJobAdmin {
  /** Puts the dead jobs `ids` (none: every dead job) back in the queue; answers how many. */
  retry(actor: Actor, ids?: readonly string[]): Promise<{ retried: number }>
  /** Removes the dead jobs `ids` (none: every dead job) and their orphaned inputs; answers how many. */
  discard(actor: Actor, ids?: readonly string[]): Promise<{ discarded: number }>
}

/** The audit row of one action: how many jobs it touched, of which ids (or all). */
async function audit(
  ctx: PlatformContext,
  actor: Actor,
  action: 'retry' | 'discard',
  count: number,
  ids: readonly string[] | undefined,
): Promise<void> {
  const verb = action === 'retry' ? 'retried' : 'discarded'
  await auditLog(ctx, ctx.store.db, actor, {
    action,
    model: 'Job',
    modelId: 0,
    title: `Dead jobs ${verb}: ${count}${ids === undefined ? ' (all)' : ` of ${ids.length} named`}`,
    change: ids === undefined ? '' : `ids (${ids.join(', ')})`,
  })
}

/** The dead-job actions over the platform's queue. */
export function createDeadJobAdmin(ctx: PlatformContext): DeadJobAdmin {
  const queue = () => ctx.dispatcher.queue
  return {
    async retry(actor, ids) {
      if (actor.role !== 'site_admin') throw forbidden()
      const retried = await queue().retryDead(ids)
      await audit(ctx, actor, 'retry', retried, ids)
      return { retried }
    },
    async discard(actor, ids) {
      if (actor.role !== 'site_admin') throw forbidden()
      const discarded = await queue().discardDead(ids)
      await audit(ctx, actor, 'discard', discarded, ids)
      return { discarded }
    },
  }
}

/**
 * The actor a workflow's data actions run as (spec/ENGINE.md §2.3): MISP's synthetic SYSTEM
 * user of the host organisation, a site admin, carrying the run's causal chain so that the
 * triggers its operations fire know where they come from (the loop guard, docs/runs.md).
 */
import type { Actor } from '../types.ts'

/** The workflow user as a platform actor, with `chain` (empty outside a run). */
export function workflowActor(hostOrgId: number | null, chain: Actor['chain']): Actor {
  return {
    userId: 0,
    orgId: hostOrgId ?? 0,
    email: 'SYSTEM',
    role: 'site_admin',
    ...(chain !== undefined ? { chain: [...chain] } : {}),
  }
}

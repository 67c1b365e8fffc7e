/**
 * The user a workflow runs as (spec/ENGINE.md §2.3). Hosts with a user table answer through
 * `DataBackend.workflowUser`; without one, the engine uses MISP's synthetic SYSTEM user of
 * the host organisation.
 */
import type { DataBackend, WorkflowUser } from '../contract/index.ts'

/** Every role permission flag of MISP, all true for the synthetic user. */
const PERMISSIONS = [
  'perm_add',
  'perm_modify',
  'perm_modify_org',
  'perm_publish',
  'perm_delegate',
  'perm_sync',
  'perm_admin',
  'perm_audit',
  'perm_full',
  'perm_auth',
  'perm_site_admin',
  'perm_regexp_access',
  'perm_tagger',
  'perm_template',
  'perm_sharing_group',
  'perm_tag_editor',
  'perm_sighting',
  'perm_object_template',
  'perm_publish_zmq',
  'perm_publish_kafka',
  'perm_decaying',
  'perm_galaxy_editor',
  'perm_warninglist',
  'perm_view_feed_correlations',
  'perm_analyst_data',
  'perm_skip_otp',
  'perm_server_sign_in',
] as const

/** MISP's synthetic `SYSTEM` user for the host organisation. */
export function systemUser(hostOrgId: number | string = 1, organisation?: Record<string, unknown>): WorkflowUser {
  const role: Record<string, boolean> = {}
  for (const permission of PERMISSIONS) role[permission] = true
  return {
    email: 'SYSTEM',
    id: 0,
    org_id: hostOrgId,
    Role: role,
    Organisation: organisation ?? { id: hostOrgId },
  }
}

// Built once: a walk needs it for every run, and nothing may change it (it is frozen).
const DEFAULT_USER: WorkflowUser = deepFreeze(systemUser())

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}

/** The workflow user, from the backend when it knows users, else the synthetic one. */
export async function workflowUser(backend: DataBackend | undefined): Promise<WorkflowUser | null> {
  if (backend?.workflowUser) return backend.workflowUser()
  return DEFAULT_USER
}

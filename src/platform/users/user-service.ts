/** Users: API-key authentication (keys stored as SHA-256 digests; disabled users refused). */
import { findUserByKeyHash } from '../../store/index.ts'
import { type PlatformContext, sha256 } from '../platform-context.ts'
import type { Actor, Platform } from '../types.ts'

/** The actor's role word from its role's permission flags. */
export function roleOf(row: { perm_site_admin: number; perm_admin: number }): Actor['role'] {
  return row.perm_site_admin === 1 ? 'site_admin' : row.perm_admin === 1 ? 'org_admin' : 'user'
}

/** The user operations of the Platform. */
export function createUserService(ctx: PlatformContext): Platform['users'] {
  return {
    async authenticate(apiKey) {
      if (typeof apiKey !== 'string' || apiKey.trim() === '') return null
      const row = await findUserByKeyHash(ctx.store.db, sha256(apiKey.trim()))
      if (!row || row.disabled === 1) return null
      return { userId: row.id, orgId: row.org_id, email: row.email, role: roleOf(row) }
    },
  }
}

/** The audit log (`/admin/logs/index`): MISP's log rows, for site and org admins. */
import { listLogs } from '../../store/index.ts'
import { forbidden, type PlatformContext } from '../platform-context.ts'
import type { Platform } from '../types.ts'

/** The log operations of the Platform. */
export function createLogService(ctx: PlatformContext): Platform['logs'] {
  return {
    async index(actor, filters = {}) {
      if (actor.role === 'user') throw forbidden()
      const limit = Math.min(Math.max(filters.limit ?? 100, 1), 1000)
      const rows = await listLogs(ctx.store.db, { ...filters, limit })
      return rows.map((row) => ({
        Log: {
          id: String(row.id),
          title: row.title,
          created: row.created,
          model: row.model,
          model_id: String(row.model_id),
          action: row.action,
          user_id: String(row.user_id),
          change: row.change,
          email: row.email,
          org: row.org,
          description: row.description,
          ip: row.ip,
        },
      }))
    },
  }
}

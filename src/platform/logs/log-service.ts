/** The audit log (`/admin/logs/index`): MISP's log rows, for site and org admins. */
import { findOrganisation, listLogs } from '../../store/index.ts'
import { forbidden, type PlatformContext } from '../platform-context.ts'
import type { Platform } from '../types.ts'

/** The log operations of the Platform. */
export function createLogService(ctx: PlatformContext): Platform['logs'] {
  return {
    async index(actor, filters = {}) {
      if (actor.role === 'user') throw forbidden()
      const wanted = filters.limit
      const limit =
        wanted !== undefined && Number.isFinite(wanted) ? Math.min(Math.max(Math.trunc(wanted), 1), 1000) : 100
      // As MISP's admin_index: an org admin reads its own organisation's rows only (`Log.org`), so
      // other organisations' titles (event infos, attribute values, e-mail addresses) stay theirs.
      const org =
        actor.role === 'site_admin' ? undefined : ((await findOrganisation(ctx.store.db, actor.orgId))?.name ?? '')
      const rows = await listLogs(ctx.store.db, { ...filters, limit, ...(org === undefined ? {} : { org }) })
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

/** Queries on `logs`, in the `runtime` schema (migrations/0001-initial.ts; issue #3). */
import type { Insertable, Selectable } from 'kysely'
import type { Executor } from './database.ts'
import type { LogTable } from './schema.ts'

/** A log row. */
export type LogRecord = Selectable<LogTable>

/** Inserts a log row and returns its id. */
export async function insertLog(db: Executor, row: Insertable<LogTable>): Promise<number> {
  const { id } = await db.withSchema('runtime').insertInto('logs').values(row).returning('id').executeTakeFirstOrThrow()
  return id
}

/** Log rows, newest first, optionally filtered by model and action. */
export function listLogs(
  db: Executor,
  filters: { model?: string; action?: string; limit?: number; org?: string } = {},
): Promise<LogRecord[]> {
  let select = db.withSchema('runtime').selectFrom('logs').selectAll()
  // `org` is the writing organisation's name, as MISP's `Log.org` holds it.
  if (filters.org !== undefined) select = select.where('org', '=', filters.org)
  if (filters.model) select = select.where('model', '=', filters.model)
  if (filters.action) select = select.where('action', '=', filters.action)
  return select
    .orderBy('id', 'desc')
    .limit(filters.limit ?? 100)
    .execute()
}

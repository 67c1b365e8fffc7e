/** Queries on `settings`: JSON values by name (issue #3). */
import type { Executor } from './database.ts'

/** Every setting, parsed. */
export async function readSettings(db: Executor): Promise<Map<string, unknown>> {
  const rows = await db.selectFrom('settings').selectAll().execute()
  return new Map(rows.map((row) => [row.name, JSON.parse(row.value) as unknown]))
}

/** Sets a setting (insert or replace). */
export async function writeSetting(db: Executor, name: string, value: unknown): Promise<void> {
  const text = JSON.stringify(value)
  await db
    .insertInto('settings')
    .values({ name, value: text })
    .onConflict((conflict) => conflict.column('name').doUpdateSet({ value: text }))
    .execute()
}

/** Sets a setting only when it has no value yet. */
export async function seedSetting(db: Executor, name: string, value: unknown): Promise<void> {
  await db
    .insertInto('settings')
    .values({ name, value: JSON.stringify(value) })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .execute()
}

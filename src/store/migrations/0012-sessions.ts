/**
 * Browser sessions in the database (docs/web.md "Signing in"): one `sessions` row per signed-in
 * browser, so that a session survives a restart and is accepted by every `sluice serve` process
 * on the database (docs/queue.md scale-out). The key is the SHA-256 digest of the session id; the
 * id itself (the cookie value) is never stored.
 *
 * It lives in the **main** schema, beside `users`: `user_id` references `users(id)` with `ON
 * DELETE CASCADE`, so deleting a user ends its sessions in the same commit (SQLite cannot
 * reference a table of another attached file), and the per-request lookup joins the user and its
 * role in one query on one file. Session writes are no part of any MISP operation (sign-in,
 * sign-out, and `last_seen` at most once a minute), so the `runtime` schema's reason (a vetoed
 * operation leaves the data file unchanged) does not apply.
 */
import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'

/** Creates `sessions` with the indexes of the idle sweep and of the user cascade. */
export const sessionsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('sessions')
      // base64url SHA-256 of the session id (the cookie value).
      .addColumn('digest', 'text', (column) => column.primaryKey())
      .addColumn('user_id', 'integer', (column) => column.notNull().references('users.id').onDelete('cascade'))
      .addColumn('csrf_token', 'text', (column) => column.notNull())
      // ms since the epoch.
      .addColumn('created', 'bigint', (column) => column.notNull())
      .addColumn('last_seen', 'bigint', (column) => column.notNull())
      .execute()
    await db.schema.createIndex('sessions_last_seen_idx').on('sessions').column('last_seen').execute()
    await db.schema.createIndex('sessions_user_id_idx').on('sessions').column('user_id').execute()
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('sessions').execute()
  },
}

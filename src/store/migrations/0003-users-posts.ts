/**
 * Users as MISP's admin endpoints save them, and discussion look-ups (issue #3): the remaining
 * columns of MISP's `users` table (the password as a scrypt digest; the API key stays in
 * `authkey_hash`), and an index on `threads.event_id` for the event's thread. One
 * `ALTER TABLE … ADD COLUMN` per column, as SQLite requires.
 */
import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'

type ColumnKind = 'int' | 'text' | 'int?'

/** `[name, kind, default]` of each column added to `users`, in MISP's column order. */
const USER_COLUMNS: Array<[string, ColumnKind, (string | number)?]> = [
  ['password', 'text', ''],
  ['server_id', 'int', 0],
  ['autoalert', 'int', 0],
  ['invited_by', 'int', 0],
  ['gpgkey', 'text', ''],
  ['certif_public', 'text', ''],
  ['nids_sid', 'int', 0],
  ['termsaccepted', 'int', 0],
  ['newsread', 'int', 0],
  ['change_pw', 'int', 0],
  ['contactalert', 'int', 0],
  ['expiration', 'int?'],
  ['current_login', 'int', 0],
  ['last_login', 'int', 0],
  ['last_api_access', 'int', 0],
  ['force_logout', 'int', 0],
  ['external_auth_required', 'int', 0],
  ['external_auth_key', 'text', ''],
  ['last_pw_change', 'int', 0],
  ['notification_daily', 'int', 0],
  ['notification_weekly', 'int', 0],
  ['notification_monthly', 'int', 0],
]

/** Adds the user columns and the thread index. */
export const usersPostsMigration: Migration = {
  async up(db: Kysely<any>) {
    for (const [name, kind, fallback] of USER_COLUMNS) {
      await db.schema
        .alterTable('users')
        .addColumn(name, kind === 'text' ? 'text' : 'integer', (column) =>
          kind === 'int?' ? column : column.notNull().defaultTo(fallback as string | number),
        )
        .execute()
    }
    await db.schema.createIndex('threads_event_id_idx').on('threads').column('event_id').execute()
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('threads_event_id_idx').execute()
    for (const [name] of [...USER_COLUMNS].reverse()) {
      await db.schema.alterTable('users').dropColumn(name).execute()
    }
  },
}

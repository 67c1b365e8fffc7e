/**
 * The durable job table of deferred work (issue #4, docs/queue.md): non-blocking trigger runs
 * and concurrent-task walks waiting, running (under a lease), or dead after their last retry.
 *
 * It lives in the **main** schema, beside the data rows, not in `runtime`: a job is written in
 * the same transaction as the operation that fired its trigger (an outbox), and on SQLite the
 * `runtime` schema is a second attached file. SQLite in WAL mode commits each attached file on
 * its own, so a transaction spanning both files is not atomic: a crash could keep the event and
 * lose its job, or keep a job for an event that was rolled back. One file, one commit.
 */
import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'
import type { StoreDialect } from '../database.ts'

/** Creates `jobs` and the index the claim query walks. */
export function jobQueueMigration(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('jobs')
        .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (column) =>
          dialect === 'postgres' ? column.primaryKey() : column.primaryKey().autoIncrement(),
        )
        // `trigger` (a non-blocking trigger run) or `walk` (a concurrent-task branch).
        .addColumn('kind', 'text', (column) => column.notNull())
        // `queued`, `running` (leased) or `dead`; finished jobs are deleted.
        .addColumn('status', 'text', (column) => column.notNull().defaultTo('queued'))
        .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
        // Milliseconds since the epoch: not claimed before (retry backoff).
        .addColumn('run_after', 'bigint', (column) => column.notNull())
        // Who holds a running job, and until when (ms); an expired lease is claimed again.
        .addColumn('lease_owner', 'text')
        .addColumn('lease_until', 'bigint')
        .addColumn('last_error', 'text')
        .addColumn('created', 'bigint', (column) => column.notNull())
        .addColumn('updated', 'bigint', (column) => column.notNull())
        // The JSON payload (trigger id, data, workflow ids, causal chain, parent run), last: SQLite
        // reads a row's columns in order, and a large payload before `status` would make every
        // claim read its overflow pages.
        .addColumn('payload', 'text', (column) => column.notNull())
        .execute()
      await db.schema.createIndex('jobs_status_run_after_idx').on('jobs').columns(['status', 'run_after']).execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('jobs').execute()
    },
  }
}

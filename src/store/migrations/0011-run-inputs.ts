/**
 * Deferred inputs stored once (issue #4, docs/queue.md "Where a job's input lives"): the data a
 * deferred job runs on (a non-blocking trigger's event, a concurrent-task branch's data), often
 * tens of KB, gets a row of its own in `run_inputs`, and both the job and the runs made from it
 * point at that row:
 *
 *   run_inputs (id, data, created) ◀── jobs.input_id        (main schema, same commit as the operation)
 *                                  ◀── runtime.runs.input_id (the history refers to it, no second copy)
 *
 * Before, the job row carried the input, so that every claim (an UPDATE of the job's status)
 * rewrote it, and every run row copied it again. `run_inputs` sits in the main schema beside
 * `jobs`, for the reason 0004 gives: it is written in the operation's transaction. Rows written
 * before this migration keep their inline input (`input_id` null) and are read as before.
 *
 * The input is stored as its JSON text, not deflated: on this 2-core machine zlib at level 1
 * cost 0.2-0.4 ms per 28 KB event under load, more CPU than the SQLite writes it saved
 * (measured, docs/benchmarks.md).
 *
 * On PostgreSQL the large text columns use LZ4 instead of the default pglz when the
 * server was built with it: it compresses several times faster, and the workers pay for it on
 * every run.
 */
import { type Kysely, sql } from 'kysely'
import type { Migration } from 'kysely/migration'
import type { StoreDialect } from '../database.ts'

/** The columns switched to LZ4 on PostgreSQL (new values only; existing ones stay as stored). */
const LZ4_COLUMNS = [
  ['run_inputs', 'data'],
  ['runtime.runs', 'node_data'],
  ['runtime.runs', 'trace'],
  ['runtime.runs', 'input'],
]

/** Creates `run_inputs` and the two `input_id` columns. */
export function runInputsMigration(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('run_inputs')
        .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (column) =>
          dialect === 'postgres' ? column.primaryKey() : column.primaryKey().autoIncrement(),
        )
        // ms since the epoch: the purge keeps unreferenced inputs newer than the runs it keeps.
        .addColumn('created', 'bigint', (column) => column.notNull())
        // The input's JSON text, exactly as the job was written.
        .addColumn('data', 'text', (column) => column.notNull())
        .execute()
      await db.schema.alterTable('jobs').addColumn('input_id', 'bigint').execute()
      await db.schema.withSchema('runtime').alterTable('runs').addColumn('input_id', 'bigint').execute()
      // The purge looks up which inputs runs still refer to.
      await sql
        .raw(
          dialect === 'postgres'
            ? 'CREATE INDEX runs_input_id_idx ON runtime.runs (input_id)'
            : 'CREATE INDEX runtime.runs_input_id_idx ON runs (input_id)',
        )
        .execute(db)
      if (dialect === 'postgres' && (await hasLz4(db))) {
        for (const [table, column] of LZ4_COLUMNS)
          await sql.raw(`ALTER TABLE ${table} ALTER COLUMN ${column} SET COMPRESSION lz4`).execute(db)
      }
    },
    async down(db: Kysely<any>) {
      await db.schema.withSchema('runtime').alterTable('runs').dropColumn('input_id').execute()
      await db.schema.alterTable('jobs').dropColumn('input_id').execute()
      await db.schema.dropTable('run_inputs').execute()
    },
  }
}

/** Whether this PostgreSQL server was built with LZ4 (asking for it otherwise is an error). */
async function hasLz4(db: Kysely<any>): Promise<boolean> {
  const result = await sql<{ ok: boolean }>`
    select 'lz4' = any(enumvals) as ok from pg_settings where name = 'default_toast_compression'`.execute(db)
  return result.rows[0]?.ok === true
}

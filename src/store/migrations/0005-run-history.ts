/**
 * Run history (issue #4 point 3): one `runs` row per run and one `run_graphs` row per distinct
 * workflow graph that ran (keyed by its SHA-256), both in the `runtime` schema, because runs are
 * recorded even when a blocking workflow vetoes the operation and the data file must then stay
 * unchanged. Everything a run carries (input, errors, trace, chain) is JSON text, so that
 * recording a run is one insert.
 */
import { type Kysely, sql } from 'kysely'
import type { Migration } from 'kysely/migration'
import type { StoreDialect } from '../database.ts'

/** The indexes of the list filters and of the parent link. */
const INDEXES = [['started_at'], ['trigger_id', 'started_at'], ['workflow_id', 'started_at'], ['parent_id']]

/** Creates `runtime.run_graphs` and `runtime.runs` with the indexes of the list filters. */
export const runHistoryMigration = (dialect: StoreDialect): Migration => ({
  async up(db: Kysely<any>) {
    const runtime = db.schema.withSchema('runtime')
    await runtime
      .createTable('run_graphs')
      .addColumn('hash', 'text', (column) => column.primaryKey())
      .addColumn('data', 'text', (column) => column.notNull())
      .execute()
    await runtime
      .createTable('runs')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('parent_id', 'text')
      .addColumn('trigger_id', 'text')
      .addColumn('workflow_id', 'integer')
      .addColumn('workflow_name', 'text')
      .addColumn('graph_hash', 'text')
      .addColumn('start_node', 'text')
      .addColumn('outcome', 'text', (column) => column.notNull())
      .addColumn('input', 'text', (column) => column.notNull())
      .addColumn('errors', 'text', (column) => column.notNull())
      .addColumn('trace', 'text', (column) => column.notNull())
      .addColumn('node_data', 'text', (column) => column.notNull())
      .addColumn('chain', 'text', (column) => column.notNull())
      .addColumn('started_at', 'bigint', (column) => column.notNull())
      .addColumn('duration_ms', 'double precision', (column) => column.notNull())
      .execute()
    for (const columns of INDEXES) {
      const name = `runs_${columns.join('_')}_idx`
      // SQLite names the schema on the index and not on its table; PostgreSQL the other way round.
      const statement =
        dialect === 'postgres'
          ? `CREATE INDEX ${name} ON runtime.runs (${columns.join(', ')})`
          : `CREATE INDEX runtime.${name} ON runs (${columns.join(', ')})`
      await sql.raw(statement).execute(db)
    }
  },
  async down(db: Kysely<any>) {
    await db.schema.withSchema('runtime').dropTable('runs').execute()
    await db.schema.withSchema('runtime').dropTable('run_graphs').execute()
  },
})

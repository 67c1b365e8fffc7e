/**
 * Workflow versions, several workflows per trigger, and blueprints (issue #4): every save of a
 * workflow is kept as a row of `runtime.workflow_versions`, so an earlier graph can be listed,
 * compared and restored; `runtime.workflows.position` orders the workflows of one trigger
 * (ARCHITECTURE.md §2); `workflow_blueprints` is MISP's blueprint table (spec/ENGINE.md §7.1).
 * Versions sit beside `workflows` in the `runtime` schema, where workflow saves are written.
 */
import { type Kysely, sql } from 'kysely'
import type { Migration } from 'kysely/migration'
import type { StoreDialect } from '../database.ts'

/** The migration for one dialect (ids differ: `serial` on PostgreSQL). */
export function workflowVersionsMigration(dialect: StoreDialect): Migration {
  const idColumn = dialect === 'postgres' ? 'serial' : 'integer'
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .withSchema('runtime')
        .alterTable('workflows')
        .addColumn('position', 'integer', (column) => column.notNull().defaultTo(0))
        .execute()
      await db.schema
        .withSchema('runtime')
        .createTable('workflow_versions')
        .addColumn('id', idColumn, (column) =>
          dialect === 'postgres' ? column.primaryKey() : column.primaryKey().autoIncrement(),
        )
        .addColumn('workflow_id', 'integer', (column) => column.notNull())
        .addColumn('version', 'integer', (column) => column.notNull())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('description', 'text', (column) => column.notNull().defaultTo(''))
        .addColumn('debug_enabled', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('data', 'text', (column) => column.notNull())
        .addColumn('timestamp', 'integer', (column) => column.notNull())
        .addColumn('restored_from', 'integer')
        .execute()
      // SQLite names the schema on the index and not on its table; PostgreSQL the other way round.
      await sql
        .raw(
          dialect === 'postgres'
            ? 'CREATE UNIQUE INDEX workflow_versions_workflow_id_version_idx ON runtime.workflow_versions (workflow_id, version)'
            : 'CREATE UNIQUE INDEX runtime.workflow_versions_workflow_id_version_idx ON workflow_versions (workflow_id, version)',
        )
        .execute(db)
      await db.schema
        .createTable('workflow_blueprints')
        .addColumn('id', idColumn, (column) =>
          dialect === 'postgres' ? column.primaryKey() : column.primaryKey().autoIncrement(),
        )
        .addColumn('uuid', 'text', (column) => column.notNull())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('description', 'text', (column) => column.notNull().defaultTo(''))
        .addColumn('timestamp', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('default', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('data', 'text', (column) => column.notNull())
        .execute()
      await db.schema
        .createIndex('workflow_blueprints_uuid_idx')
        .on('workflow_blueprints')
        .column('uuid')
        .unique()
        .execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('workflow_blueprints').execute()
      await db.schema.withSchema('runtime').dropTable('workflow_versions').execute()
      await db.schema.withSchema('runtime').alterTable('workflows').dropColumn('position').execute()
    },
  }
}

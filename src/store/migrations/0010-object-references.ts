/**
 * Object references (issue #3): MISP's `object_references` table, the typed links from an object
 * to another object or an attribute of its event (`/objectReferences/add|delete`, the
 * `ObjectReference` lists of an event fetch). Indexed by event, so one query reads an event's
 * references, and unique by uuid.
 */
import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'
import type { StoreDialect } from '../database.ts'

/** The object references migration for one dialect (ids differ: `serial` on PostgreSQL). */
export function objectReferencesMigration(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('object_references')
        .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (column) =>
          dialect === 'postgres' ? column.primaryKey() : column.primaryKey().autoIncrement(),
        )
        .addColumn('uuid', 'text', (column) => column.notNull())
        .addColumn('timestamp', 'integer', (column) => column.notNull())
        .addColumn('object_id', 'integer', (column) => column.notNull())
        .addColumn('event_id', 'integer', (column) => column.notNull())
        .addColumn('source_uuid', 'text', (column) => column.notNull())
        .addColumn('referenced_uuid', 'text', (column) => column.notNull())
        .addColumn('referenced_id', 'integer', (column) => column.notNull())
        // 0: an attribute, 1: an object (MISP's values).
        .addColumn('referenced_type', 'integer', (column) => column.notNull())
        .addColumn('relationship_type', 'text', (column) => column.notNull().defaultTo(''))
        .addColumn('comment', 'text', (column) => column.notNull().defaultTo(''))
        .addColumn('deleted', 'integer', (column) => column.notNull().defaultTo(0))
        .execute()
      await db.schema
        .createIndex('object_references_uuid_idx')
        .on('object_references')
        .column('uuid')
        .unique()
        .execute()
      await db.schema.createIndex('object_references_event_id_idx').on('object_references').column('event_id').execute()
      await db.schema
        .createIndex('object_references_referenced_idx')
        .on('object_references')
        .columns(['referenced_type', 'referenced_id'])
        .execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('object_references').execute()
    },
  }
}

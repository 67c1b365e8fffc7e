/**
 * MISP feeds (issue #5, docs/feeds.md): `feeds` holds MISP's Feed fields that Sluice acts on
 * (where the source is, its format, whether it is cached and correlated), and `feed_values` the
 * cache of the values each feed's source held when it was last cached: MISP keeps that cache
 * in Redis as hashes of values; Sluice keeps the values themselves, indexed, so that one
 * `value IN (…)` query finds every feed hit of an event. For MISP-format feeds each value also
 * keeps the uuid of the feed event it came from (MISP's `event_uuids` in a correlation).
 */
import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'
import type { StoreDialect } from '../database.ts'

/** The feeds migration for one dialect (ids differ: `serial` on PostgreSQL). */
export function feedsMigration(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('feeds')
        .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (column) =>
          dialect === 'postgres' ? column.primaryKey() : column.primaryKey().autoIncrement(),
        )
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('provider', 'text', (column) => column.notNull())
        .addColumn('url', 'text', (column) => column.notNull())
        .addColumn('source_format', 'text', (column) => column.notNull().defaultTo('freetext'))
        .addColumn('input_source', 'text', (column) => column.notNull().defaultTo('network'))
        .addColumn('enabled', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('caching_enabled', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('lookup_visible', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('distribution', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('tag_id', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('settings', 'text', (column) => column.notNull().defaultTo(''))
        .addColumn('created', 'integer', (column) => column.notNull())
        .addColumn('modified', 'integer', (column) => column.notNull())
        // When the cache was last filled (0: never) and how many values it holds.
        .addColumn('cache_timestamp', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('cached_elements', 'integer', (column) => column.notNull().defaultTo(0))
        .execute()
      await db.schema
        .createTable('feed_values')
        .addColumn('feed_id', 'integer', (column) => column.notNull())
        .addColumn('value', 'text', (column) => column.notNull())
        .addColumn('event_uuid', 'text')
        .execute()
      await db.schema.createIndex('feed_values_value_idx').on('feed_values').column('value').execute()
      await db.schema.createIndex('feed_values_feed_id_idx').on('feed_values').column('feed_id').execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('feed_values').execute()
      await db.schema.dropTable('feeds').execute()
    },
  }
}

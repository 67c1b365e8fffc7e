/**
 * The initial schema (issue #3): every table of src/store/schema.ts, portable across SQLite and
 * PostgreSQL. Integers and text only; booleans are integers 0/1; ids are autoincrement keys.
 */
import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'
import type { StoreDialect } from '../database.ts'

type ColumnKind = 'int' | 'text' | 'int?' | 'text?'

/** A column: its kind, and a default for the not-null kinds. */
type Column = [name: string, kind: ColumnKind, fallback?: string | number]

const TABLES: Record<string, Column[]> = {
  organisations: [
    ['uuid', 'text'],
    ['name', 'text'],
    ['description', 'text', ''],
    ['type', 'text', ''],
    ['nationality', 'text', ''],
    ['sector', 'text', ''],
    ['contacts', 'text', ''],
    ['local', 'int', 1],
    ['created_by', 'int', 0],
    ['date_created', 'text', ''],
    ['date_modified', 'text', ''],
  ],
  roles: [
    ['name', 'text'],
    ...(
      [
        'perm_site_admin',
        'perm_admin',
        'perm_add',
        'perm_modify',
        'perm_modify_org',
        'perm_publish',
        'perm_tagger',
        'perm_tag_editor',
        'perm_sighting',
      ] as const
    ).map((name): Column => [name, 'int', 0]),
  ],
  users: [
    ['email', 'text'],
    ['org_id', 'int'],
    ['role_id', 'int'],
    ['authkey_hash', 'text'],
    ['authkey_start', 'text', ''],
    ['disabled', 'int', 0],
    ['date_created', 'int', 0],
    ['date_modified', 'int', 0],
  ],
  events: [
    ['uuid', 'text'],
    ['org_id', 'int'],
    ['orgc_id', 'int'],
    ['user_id', 'int', 0],
    ['date', 'text'],
    ['info', 'text'],
    ['threat_level_id', 'int', 4],
    ['analysis', 'int', 0],
    ['distribution', 'int', 0],
    ['sharing_group_id', 'int', 0],
    ['published', 'int', 0],
    ['attribute_count', 'int', 0],
    ['timestamp', 'int', 0],
    ['publish_timestamp', 'int', 0],
    ['sighting_timestamp', 'int', 0],
    ['proposal_email_lock', 'int', 0],
    ['locked', 'int', 0],
    ['disable_correlation', 'int', 0],
    ['extends_uuid', 'text', ''],
    ['protected', 'int?'],
  ],
  objects: [
    ['uuid', 'text'],
    ['event_id', 'int'],
    ['name', 'text'],
    ['meta_category', 'text', ''],
    ['description', 'text', ''],
    ['template_uuid', 'text', ''],
    ['template_version', 'int', 0],
    ['timestamp', 'int', 0],
    ['distribution', 'int', 5],
    ['sharing_group_id', 'int', 0],
    ['comment', 'text', ''],
    ['deleted', 'int', 0],
    ['first_seen', 'text?'],
    ['last_seen', 'text?'],
  ],
  attributes: [
    ['uuid', 'text'],
    ['event_id', 'int'],
    ['object_id', 'int', 0],
    ['object_relation', 'text?'],
    ['category', 'text'],
    ['type', 'text'],
    ['value1', 'text'],
    ['value2', 'text', ''],
    ['to_ids', 'int', 1],
    ['timestamp', 'int', 0],
    ['distribution', 'int', 5],
    ['sharing_group_id', 'int', 0],
    ['comment', 'text', ''],
    ['deleted', 'int', 0],
    ['disable_correlation', 'int', 0],
    ['first_seen', 'text?'],
    ['last_seen', 'text?'],
  ],
  tags: [
    ['name', 'text'],
    ['colour', 'text', ''],
    ['exportable', 'int', 1],
    ['org_id', 'int', 0],
    ['user_id', 'int', 0],
    ['hide_tag', 'int', 0],
    ['numerical_value', 'int?'],
    ['is_galaxy', 'int', 0],
    ['is_custom_galaxy', 'int', 0],
    ['local_only', 'int', 0],
  ],
  event_tags: [
    ['event_id', 'int'],
    ['tag_id', 'int'],
    ['local', 'int', 0],
    ['relationship_type', 'text?'],
  ],
  attribute_tags: [
    ['attribute_id', 'int'],
    ['event_id', 'int'],
    ['tag_id', 'int'],
    ['local', 'int', 0],
    ['relationship_type', 'text?'],
  ],
  logs: [
    ['title', 'text', ''],
    ['created', 'text'],
    ['model', 'text'],
    ['model_id', 'int', 0],
    ['action', 'text'],
    ['user_id', 'int', 0],
    ['change', 'text', ''],
    ['email', 'text', ''],
    ['org', 'text', ''],
    ['description', 'text', ''],
    ['ip', 'text', ''],
  ],
  workflows: [
    ['uuid', 'text'],
    ['name', 'text'],
    ['description', 'text', ''],
    ['timestamp', 'int', 0],
    ['enabled', 'int', 0],
    ['counter', 'int', 0],
    ['trigger_id', 'text'],
    ['debug_enabled', 'int', 0],
    ['data', 'text'],
  ],
  galaxy_clusters: [
    ['uuid', 'text'],
    ['type', 'text'],
    ['value', 'text'],
    ['tag_name', 'text'],
    ['description', 'text', ''],
    ['galaxy_id', 'int', 0],
    ['source', 'text', ''],
    ['version', 'int', 0],
    ['distribution', 'int', 0],
    ['org_id', 'int', 0],
    ['orgc_id', 'int', 0],
    ['deleted', 'int', 0],
  ],
  sightings: [
    ['uuid', 'text'],
    ['attribute_id', 'int'],
    ['event_id', 'int'],
    ['org_id', 'int'],
    ['date_sighting', 'int'],
    ['source', 'text', ''],
    ['type', 'int', 0],
  ],
  shadow_attributes: [
    ['uuid', 'text'],
    ['old_id', 'int', 0],
    ['event_id', 'int'],
    ['event_uuid', 'text'],
    ['org_id', 'int'],
    ['type', 'text'],
    ['category', 'text'],
    ['value1', 'text'],
    ['value2', 'text', ''],
    ['to_ids', 'int', 1],
    ['comment', 'text', ''],
    ['deleted', 'int', 0],
    ['proposal_to_delete', 'int', 0],
    ['timestamp', 'int', 0],
    ['first_seen', 'text?'],
    ['last_seen', 'text?'],
  ],
  event_reports: [
    ['uuid', 'text'],
    ['event_id', 'int'],
    ['name', 'text'],
    ['content', 'text', ''],
    ['distribution', 'int', 5],
    ['sharing_group_id', 'int', 0],
    ['timestamp', 'int', 0],
    ['deleted', 'int', 0],
  ],
  threads: [
    ['date_created', 'text'],
    ['date_modified', 'text'],
    ['distribution', 'int', 0],
    ['user_id', 'int'],
    ['post_count', 'int', 0],
    ['event_id', 'int', 0],
    ['title', 'text'],
    ['org_id', 'int'],
    ['sharing_group_id', 'int', 0],
  ],
  posts: [
    ['date_created', 'text'],
    ['date_modified', 'text'],
    ['user_id', 'int'],
    ['contents', 'text'],
    ['post_id', 'int', 0],
    ['thread_id', 'int'],
  ],
  event_blocklists: [
    ['event_uuid', 'text'],
    ['created', 'text'],
    ['event_info', 'text', ''],
    ['comment', 'text', ''],
    ['event_orgc', 'text', ''],
  ],
  warninglists: [
    ['name', 'text'],
    ['type', 'text', 'string'],
    ['description', 'text', ''],
    ['version', 'int', 1],
    ['enabled', 'int', 0],
    ['default', 'int', 1],
    ['category', 'text', 'false_positive'],
  ],
  warninglist_entries: [
    ['value', 'text'],
    ['warninglist_id', 'int'],
    ['comment', 'text?'],
  ],
}

/**
 * Tables the runtime writes while operations run (audit log rows, workflow execution counters):
 * they live in the `runtime` schema (an attached file on SQLite), so that an operation a blocking
 * workflow vetoes leaves the data file byte-for-byte unchanged while its log row is still kept.
 */
export const RUNTIME_TABLES: readonly string[] = ['logs', 'workflows']

/** Unique and lookup indexes: `[table, columns, unique]`. */
const INDEXES: Array<[string, string[], boolean]> = [
  ['organisations', ['uuid'], true],
  ['organisations', ['name'], true],
  ['roles', ['name'], true],
  ['users', ['email'], true],
  ['users', ['authkey_hash'], true],
  ['events', ['uuid'], true],
  ['events', ['org_id'], false],
  ['attributes', ['uuid'], true],
  ['attributes', ['event_id'], false],
  ['attributes', ['object_id'], false],
  ['objects', ['uuid'], true],
  ['objects', ['event_id'], false],
  ['tags', ['name'], true],
  ['event_tags', ['event_id', 'tag_id'], true],
  ['attribute_tags', ['attribute_id', 'tag_id'], true],
  ['attribute_tags', ['event_id'], false],
  ['sightings', ['attribute_id'], false],
  ['shadow_attributes', ['event_id'], false],
  ['event_reports', ['event_id'], false],
  ['posts', ['thread_id'], false],
  ['event_blocklists', ['event_uuid'], true],
  ['warninglist_entries', ['warninglist_id'], false],
]

/** The initial migration for one dialect (ids differ: `serial` on PostgreSQL). */
export function initialMigration(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      if (dialect === 'postgres') await db.schema.createSchema('runtime').ifNotExists().execute()
      for (const [table, columns] of Object.entries(TABLES)) {
        const schema = RUNTIME_TABLES.includes(table) ? db.schema.withSchema('runtime') : db.schema
        let builder = schema
          .createTable(table)
          .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (column) =>
            dialect === 'postgres' ? column.primaryKey() : column.primaryKey().autoIncrement(),
          )
        for (const [name, kind, fallback] of columns) {
          const type = kind.startsWith('int') ? 'integer' : 'text'
          builder = builder.addColumn(name, type, (column) => {
            if (kind.endsWith('?')) return column
            const required = column.notNull()
            return fallback === undefined ? required : required.defaultTo(fallback)
          })
        }
        await builder.execute()
      }
      await db.schema
        .createTable('settings')
        .addColumn('name', 'text', (column) => column.primaryKey())
        .addColumn('value', 'text', (column) => column.notNull())
        .execute()
      for (const [table, columns, unique] of INDEXES) {
        let index = db.schema
          .createIndex(`${table}_${columns.join('_')}_idx`)
          .on(table)
          .columns(columns)
        if (unique) index = index.unique()
        await index.execute()
      }
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('settings').execute()
      for (const table of Object.keys(TABLES).reverse()) {
        const schema = RUNTIME_TABLES.includes(table) ? db.schema.withSchema('runtime') : db.schema
        await schema.dropTable(table).execute()
      }
    },
  }
}

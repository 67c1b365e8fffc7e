/**
 * Sharing groups (distribution 4): MISP's `sharing_groups` and `sharing_group_orgs` tables
 * (docs/sharing-groups.md). A group has an owner organisation (`org_id`, `organisation_uuid`)
 * and member organisations; `extend` lets a member's org admins change the group in MISP
 * (Sluice records it and shows it, docs/sharing-groups.md says who may change a group).
 * Sharing group servers are not modelled: Sluice does not synchronise with other instances.
 */
import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'
import type { StoreDialect } from '../database.ts'

/** The sharing-groups migration for one dialect (ids differ: `serial` on PostgreSQL). */
export function sharingGroupsMigration(dialect: StoreDialect): Migration {
  const id = dialect === 'postgres' ? 'serial' : 'integer'
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('sharing_groups')
        .addColumn('id', id, (column) =>
          dialect === 'postgres' ? column.primaryKey() : column.primaryKey().autoIncrement(),
        )
        .addColumn('uuid', 'text', (column) => column.notNull().unique())
        .addColumn('name', 'text', (column) => column.notNull().unique())
        .addColumn('description', 'text', (column) => column.notNull().defaultTo(''))
        .addColumn('releasability', 'text', (column) => column.notNull().defaultTo(''))
        .addColumn('organisation_uuid', 'text', (column) => column.notNull())
        .addColumn('org_id', 'integer', (column) => column.notNull())
        .addColumn('sync_user_id', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('active', 'integer', (column) => column.notNull().defaultTo(1))
        .addColumn('local', 'integer', (column) => column.notNull().defaultTo(1))
        .addColumn('roaming', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('created', 'text', (column) => column.notNull())
        .addColumn('modified', 'text', (column) => column.notNull())
        .execute()
      await db.schema
        .createTable('sharing_group_orgs')
        .addColumn('id', id, (column) =>
          dialect === 'postgres' ? column.primaryKey() : column.primaryKey().autoIncrement(),
        )
        .addColumn('sharing_group_id', 'integer', (column) => column.notNull())
        .addColumn('org_id', 'integer', (column) => column.notNull())
        .addColumn('extend', 'integer', (column) => column.notNull().defaultTo(0))
        .addUniqueConstraint('sharing_group_orgs_group_org_unique', ['sharing_group_id', 'org_id'])
        .execute()
      // Visibility asks "which groups is this organisation in?" on every event read of a member.
      await db.schema.createIndex('sharing_group_orgs_org_id_idx').on('sharing_group_orgs').column('org_id').execute()
      await db.schema.createIndex('sharing_groups_org_id_idx').on('sharing_groups').column('org_id').execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('sharing_group_orgs').execute()
      await db.schema.dropTable('sharing_groups').execute()
    },
  }
}

/**
 * Objects, sightings, proposals and event reports (issue #3): the proposal columns MISP's
 * `shadow_attributes` table has beyond the initial schema (`email`, `event_org_id`,
 * `disable_correlation`), unique report UUIDs, and the look-up indexes these operations use.
 * Portable across SQLite and PostgreSQL (integers and text only).
 */
import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'

const COLUMNS: Array<[name: string, type: 'integer' | 'text', fallback: string | number]> = [
  ['email', 'text', ''],
  ['event_org_id', 'integer', 0],
  ['disable_correlation', 'integer', 0],
]

const INDEXES: Array<[table: string, columns: string[], unique: boolean]> = [
  ['shadow_attributes', ['old_id'], false],
  ['event_reports', ['uuid'], true],
  ['sightings', ['event_id'], false],
  ['sightings', ['uuid'], false],
]

/** Migration `0002-objects-proposals`. */
export const objectsProposalsMigration: Migration = {
  async up(db: Kysely<any>) {
    for (const [name, type, fallback] of COLUMNS) {
      await db.schema
        .alterTable('shadow_attributes')
        .addColumn(name, type, (column) => column.notNull().defaultTo(fallback))
        .execute()
    }
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
    for (const [table, columns] of INDEXES) await db.schema.dropIndex(`${table}_${columns.join('_')}_idx`).execute()
    for (const [name] of COLUMNS) await db.schema.alterTable('shadow_attributes').dropColumn(name).execute()
  },
}

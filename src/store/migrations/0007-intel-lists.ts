/**
 * Intelligence lists the data actions read and write (issue #5): galaxies (MISP's `galaxies`)
 * and their clusters' meta data (MISP's `galaxy_elements`), with the `Country` galaxy seeded
 * from ISO 3166-1 (`assign_country`; each cluster has its alpha-2 code as `ISO`), the attribute types a
 * warninglist applies to, and look-up indexes for clusters by galaxy and warninglist entries by
 * value. Event blocklists, warninglists and galaxy clusters themselves come from 0001.
 */
import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'
import type { StoreDialect } from '../database.ts'
import { ISO_3166_COUNTRIES } from '../seeds/iso-3166-countries.ts'

/** A stable name-based UUID (v5 layout over SHA-1), so that every database seeds the same ids. */
export function nameUuid(name: string): string {
  const hex = createHash('sha1').update(`sluice:${name}`).digest('hex')
  const variant = ((Number.parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** The cluster value MISP's country galaxy uses: the lower-cased country name. */
export function countryClusterValue(name: string): string {
  return name.toLowerCase()
}

async function seedCountryGalaxy(db: Kysely<any>): Promise<void> {
  const galaxy = await db
    .insertInto('galaxies')
    .values({
      uuid: nameUuid('galaxy:country'),
      name: 'Country',
      type: 'country',
      namespace: 'misp',
      description: 'Country meta information based on ISO 3166-1',
      version: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const rows = ISO_3166_COUNTRIES.map(([code, name]) => {
    const value = countryClusterValue(name)
    return {
      uuid: nameUuid(`country:${code}`),
      type: 'country',
      value,
      tag_name: `misp-galaxy:country="${value}"`,
      description: `${name} (ISO 3166-1 ${code})`,
      galaxy_id: galaxy.id,
      source: 'ISO 3166-1',
      version: 1,
    }
  })
  // Batches keep every statement well under SQLite's bound-parameter limit.
  for (let start = 0; start < rows.length; start += 50) {
    await db
      .insertInto('galaxy_clusters')
      .values(rows.slice(start, start + 50))
      .execute()
  }
  const seeded = await db
    .selectFrom('galaxy_clusters')
    .select(['id', 'value'])
    .where('galaxy_id', '=', galaxy.id)
    .execute()
  const ids = new Map(seeded.map((row) => [row.value as string, row.id as number]))
  const elements = ISO_3166_COUNTRIES.map(([code, name]) => ({
    galaxy_cluster_id: ids.get(countryClusterValue(name)),
    key: 'ISO',
    value: code,
  }))
  for (let start = 0; start < elements.length; start += 100) {
    await db
      .insertInto('galaxy_elements')
      .values(elements.slice(start, start + 100))
      .execute()
  }
}

/** The intel-lists migration for one dialect (ids differ: `serial` on PostgreSQL). */
export function intelListsMigration(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('galaxies')
        .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (column) =>
          dialect === 'postgres' ? column.primaryKey() : column.primaryKey().autoIncrement(),
        )
        .addColumn('uuid', 'text', (column) => column.notNull().unique())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('type', 'text', (column) => column.notNull())
        .addColumn('namespace', 'text', (column) => column.notNull().defaultTo('misp'))
        .addColumn('description', 'text', (column) => column.notNull().defaultTo(''))
        .addColumn('version', 'integer', (column) => column.notNull().defaultTo(1))
        .execute()
      await db.schema
        .createTable('galaxy_elements')
        .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (column) =>
          dialect === 'postgres' ? column.primaryKey() : column.primaryKey().autoIncrement(),
        )
        .addColumn('galaxy_cluster_id', 'integer', (column) => column.notNull())
        .addColumn('key', 'text', (column) => column.notNull())
        .addColumn('value', 'text', (column) => column.notNull())
        .execute()
      await db.schema
        .createIndex('galaxy_elements_cluster_idx')
        .on('galaxy_elements')
        .column('galaxy_cluster_id')
        .execute()
      await db.schema
        .alterTable('warninglists')
        .addColumn('matching_attributes', 'text', (column) => column.notNull().defaultTo('[]'))
        .execute()
      await db.schema.createIndex('galaxy_clusters_galaxy_id_idx').on('galaxy_clusters').column('galaxy_id').execute()
      await db.schema.createIndex('warninglist_entries_value_idx').on('warninglist_entries').column('value').execute()
      await seedCountryGalaxy(db)
    },
    async down(db: Kysely<any>) {
      await db.deleteFrom('galaxy_clusters').where('type', '=', 'country').execute()
      await db.schema.dropIndex('warninglist_entries_value_idx').execute()
      await db.schema.dropIndex('galaxy_clusters_galaxy_id_idx').execute()
      await db.schema.alterTable('warninglists').dropColumn('matching_attributes').execute()
      await db.schema.dropTable('galaxy_elements').execute()
      await db.schema.dropTable('galaxies').execute()
    },
  }
}

/** Queries on `organisations` (issue #3). */
import type { Insertable, Selectable } from 'kysely'
import { compiledQuery } from './compiled-query.ts'
import type { Executor } from './database.ts'
import type { OrganisationTable } from './schema.ts'

/** An organisation row. */
export type OrganisationRecord = Selectable<OrganisationTable>

/** The organisation with `id`, or undefined. */
export async function findOrganisation(db: Executor, id: number): Promise<OrganisationRecord | undefined> {
  return (await organisationQuery(db, id))[0]
}

// Compiled once: the workflow user's organisation is read on every workflow run.
const organisationQuery = compiledQuery((db: Executor, id: number) =>
  db.selectFrom('organisations').selectAll().where('id', '=', id),
)

/** The organisations with these ids. */
export async function findOrganisations(db: Executor, ids: number[]): Promise<Map<number, OrganisationRecord>> {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return new Map()
  const rows = await organisationsQuery(db, ...unique)
  return new Map(rows.map((row) => [row.id, row]))
}

const organisationsQuery = compiledQuery((db: Executor, ...ids: number[]) =>
  db.selectFrom('organisations').selectAll().where('id', 'in', ids),
)

/** The organisation named `name`, or undefined. */
export function findOrganisationByName(db: Executor, name: string): Promise<OrganisationRecord | undefined> {
  return db.selectFrom('organisations').selectAll().where('name', '=', name).executeTakeFirst()
}

/** The organisation with this uuid (lower case, as stored), or undefined. */
export function findOrganisationByUuid(db: Executor, uuid: string): Promise<OrganisationRecord | undefined> {
  return db.selectFrom('organisations').selectAll().where('uuid', '=', uuid).executeTakeFirst()
}

/** Inserts an organisation and returns its id. */
export async function insertOrganisation(db: Executor, row: Insertable<OrganisationTable>): Promise<number> {
  const { id } = await db.insertInto('organisations').values(row).returning('id').executeTakeFirstOrThrow()
  return id
}

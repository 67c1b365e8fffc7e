/** Queries on `workflow_blueprints`: MISP's blueprint records (spec/ENGINE.md §7.1; issue #4, migration 0006). */
import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Executor } from './database.ts'
import type { WorkflowBlueprintTable } from './schema.ts'

/** A blueprint row (`data` is the node list JSON text, `default` 0/1). */
export type BlueprintRow = Selectable<WorkflowBlueprintTable>

/** Every blueprint, in id order. */
export function listBlueprints(db: Executor): Promise<BlueprintRow[]> {
  return db.selectFrom('workflow_blueprints').selectAll().orderBy('id').execute()
}

/** One blueprint by id. */
export function findBlueprint(db: Executor, id: number): Promise<BlueprintRow | undefined> {
  return db.selectFrom('workflow_blueprints').selectAll().where('id', '=', id).executeTakeFirst()
}

/** One blueprint by (lower-cased) uuid. */
export function findBlueprintByUuid(db: Executor, uuid: string): Promise<BlueprintRow | undefined> {
  return db.selectFrom('workflow_blueprints').selectAll().where('uuid', '=', uuid).executeTakeFirst()
}

/** Inserts a blueprint and returns its id. */
export async function insertBlueprint(db: Executor, row: Insertable<WorkflowBlueprintTable>): Promise<number> {
  const { id } = await db.insertInto('workflow_blueprints').values(row).returning('id').executeTakeFirstOrThrow()
  return id
}

/** Changes the given columns of one blueprint. */
export async function updateBlueprint(
  db: Executor,
  id: number,
  values: Updateable<WorkflowBlueprintTable>,
): Promise<void> {
  await db.updateTable('workflow_blueprints').set(values).where('id', '=', id).execute()
}

/** Deletes one blueprint. */
export async function deleteBlueprint(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('workflow_blueprints').where('id', '=', id).execute()
}

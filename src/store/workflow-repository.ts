/** Queries on `workflows`, in the `runtime` schema (MISP's workflow records, spec/ENGINE.md §1.2; issue #3). */
import type { Insertable, Selectable, Updateable } from 'kysely'
import { compiledQuery } from './compiled-query.ts'
import type { Executor } from './database.ts'
import type { WorkflowTable } from './schema.ts'

/** A workflow row (`data` is JSON text). */
export type WorkflowRow = Selectable<WorkflowTable>

/** Every workflow, in saved order (`position`, then id); only those of `triggerId` when given. */
export function listWorkflows(db: Executor, triggerId?: string): Promise<WorkflowRow[]> {
  let select = db.withSchema('runtime').selectFrom('workflows').selectAll()
  if (triggerId !== undefined) select = select.where('trigger_id', '=', triggerId)
  return select.orderBy('position').orderBy('id').execute()
}

/** One workflow by row id. */
export function findWorkflow(db: Executor, id: number): Promise<WorkflowRow | undefined> {
  return db.withSchema('runtime').selectFrom('workflows').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Changes the given columns of one workflow. */
export async function updateWorkflow(db: Executor, id: number, values: Updateable<WorkflowTable>): Promise<void> {
  await db.withSchema('runtime').updateTable('workflows').set(values).where('id', '=', id).execute()
}

/** Deletes one workflow (its versions go with it). */
export async function deleteWorkflow(db: Executor, id: number): Promise<void> {
  await db.withSchema('runtime').deleteFrom('workflow_versions').where('workflow_id', '=', id).execute()
  await db.withSchema('runtime').deleteFrom('workflows').where('id', '=', id).execute()
}

/** Inserts a workflow and returns its id. */
export async function insertWorkflow(db: Executor, row: Insertable<WorkflowTable>): Promise<number> {
  const { id } = await db
    .withSchema('runtime')
    .insertInto('workflows')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

/** Adds one to a workflow's execution counter, atomically (spec/ENGINE.md §2.11). */
export async function incrementWorkflowCounter(db: Executor, id: number): Promise<void> {
  await incrementCounterQuery(db, id)
}

const incrementCounterQuery = compiledQuery((db: Executor, id: number) =>
  db
    .withSchema('runtime')
    .updateTable('workflows')
    .set((eb) => ({ counter: eb('counter', '+', 1) }))
    .where('id', '=', id),
)

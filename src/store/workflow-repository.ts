/** Queries on `workflows`, in the `runtime` schema (MISP's workflow records, spec/ENGINE.md §1.2; issue #3). */
import type { Insertable, Selectable } from 'kysely'
import { compiledQuery } from './compiled-query.ts'
import type { Executor } from './database.ts'
import type { WorkflowTable } from './schema.ts'

/** A workflow row (`data` is JSON text). */
export type WorkflowRow = Selectable<WorkflowTable>

/** Every workflow, in saved (id) order; only those of `triggerId` when given. */
export function listWorkflows(db: Executor, triggerId?: string): Promise<WorkflowRow[]> {
  let select = db.withSchema('runtime').selectFrom('workflows').selectAll()
  if (triggerId !== undefined) select = select.where('trigger_id', '=', triggerId)
  return select.orderBy('id').execute()
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

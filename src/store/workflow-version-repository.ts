/** Queries on `runtime.workflow_versions`: every saved state of a workflow (issue #4, migration 0006). */
import type { Insertable, Selectable } from 'kysely'
import type { Executor } from './database.ts'
import type { WorkflowVersionTable } from './schema.ts'

/** A version row (`data` is the graph JSON text). */
export type WorkflowVersionRow = Selectable<WorkflowVersionTable>

/** Records a new version of a workflow (number = the last one + 1) and returns its number. */
export async function insertWorkflowVersion(
  db: Executor,
  row: Omit<Insertable<WorkflowVersionTable>, 'version'>,
): Promise<number> {
  const last = await db
    .withSchema('runtime')
    .selectFrom('workflow_versions')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('workflow_id', '=', row.workflow_id)
    .executeTakeFirst()
  const version = Number(last?.version ?? 0) + 1
  await db
    .withSchema('runtime')
    .insertInto('workflow_versions')
    .values({ ...row, version })
    .execute()
  return version
}

/** The versions of a workflow, newest first. */
export function listWorkflowVersions(db: Executor, workflowId: number): Promise<WorkflowVersionRow[]> {
  return db
    .withSchema('runtime')
    .selectFrom('workflow_versions')
    .selectAll()
    .where('workflow_id', '=', workflowId)
    .orderBy('version', 'desc')
    .execute()
}

/** One version of a workflow by its number. */
export function findWorkflowVersion(
  db: Executor,
  workflowId: number,
  version: number,
): Promise<WorkflowVersionRow | undefined> {
  return db
    .withSchema('runtime')
    .selectFrom('workflow_versions')
    .selectAll()
    .where('workflow_id', '=', workflowId)
    .where('version', '=', version)
    .executeTakeFirst()
}

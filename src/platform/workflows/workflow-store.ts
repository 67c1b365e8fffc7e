/**
 * Installing and listing workflow records from code (the library, tests); the API's workflow
 * operations are workflow-service.ts. An install is a save: it is kept as version 1.
 */
import { randomUUID } from 'node:crypto'
import type { WorkflowRecord } from '../../engine/index.ts'
import { findWorkflow, insertWorkflow, insertWorkflowVersion, listWorkflows } from '../../store/index.ts'
import type { PlatformContext } from '../platform-context.ts'
import { workflowRecord } from './workflow-cache.ts'

/** Workflow records in the store. */
export interface WorkflowStore {
  /** Saves `record` as a new workflow (its `id` is assigned) and returns it as stored. */
  install(record: WorkflowRecord): Promise<WorkflowRecord>
  /** Every workflow, in saved order. */
  list(): Promise<WorkflowRecord[]>
}

/** The workflow store over the `workflows` table. */
export function createWorkflowStore(ctx: PlatformContext): WorkflowStore {
  return {
    async install(record) {
      const id = await ctx.store.transaction(async (trx) => {
        const inserted = await insertWorkflow(trx, {
          uuid: typeof record.uuid === 'string' && record.uuid !== '' ? record.uuid : randomUUID(),
          name: record.name,
          description: typeof record.description === 'string' ? record.description : '',
          timestamp: Math.floor(ctx.clock.now().getTime() / 1000),
          enabled: 1,
          counter: 0,
          trigger_id: record.trigger_id,
          debug_enabled: record.debug_enabled === true ? 1 : 0,
          data: JSON.stringify(record.data),
        })
        const saved = (await findWorkflow(trx, inserted))!
        await insertWorkflowVersion(trx, {
          workflow_id: inserted,
          name: saved.name,
          description: saved.description,
          debug_enabled: saved.debug_enabled,
          data: saved.data,
          timestamp: saved.timestamp,
        })
        return inserted
      })
      // The dispatcher caches the workflow list: the next firing must see this one.
      ctx.dispatcher.workflowsChanged()
      const row = (await listWorkflows(ctx.store.db)).find((workflow) => workflow.id === id)!
      return workflowRecord(row)
    },
    async list() {
      return (await listWorkflows(ctx.store.db)).map(workflowRecord)
    },
  }
}

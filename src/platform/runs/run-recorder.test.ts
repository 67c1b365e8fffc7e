import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { WorkflowRecord } from '../../engine/index.ts'
import { findRun, findRunGraph, listRuns, purgeRuns, type Store } from '../../store/index.ts'
import { testDatabases } from '../../../test/harness/databases.ts'
import { createRunRecorder, graphDigest, type RunRecorder } from './run-recorder.ts'

const workflow: WorkflowRecord = {
  id: '4',
  name: 'Recorded',
  trigger_id: 'event-publish',
  data: { 1: { id: 1, data: { id: 'event-publish' } } },
}

for (const db of testDatabases()) {
  describe(`${db.name}: createRunRecorder`, () => {
    let store: Store
    let recorder: RunRecorder
    const errors: unknown[] = []

    beforeEach(async () => {
      store = await db.open()
      errors.length = 0
      recorder = createRunRecorder({ db: store.db, setting: () => undefined, onError: (error) => errors.push(error) })
    })
    afterEach(async () => {
      await store.close()
    })

    it('commits runs that finish together, each finish resolving once its row is stored', async () => {
      const scopes = Array.from({ length: 20 }, () =>
        recorder.begin({ kind: 'deferred', triggerId: 'event-publish', workflow }),
      )
      await Promise.all(
        scopes.map((scope, index) =>
          recorder.finish(scope, { input: { n: index }, outcome: 'success', errors: [], trace: [] }),
        ),
      )
      expect(errors).toEqual([])
      const { rows, total } = await listRuns(store.db, { limit: 100, offset: 0 })
      expect(total).toBe(20)
      expect(new Set(rows.map((row) => row.id)).size).toBe(20)
      // One graph row for the twenty runs.
      const graph = graphDigest(workflow.data)
      expect(rows.every((row) => row.graph_hash === graph.hash)).toBe(true)
      expect(JSON.parse((await findRunGraph(store.db, graph.hash))!)).toEqual(workflow.data)
    })

    it('records the chain with this run last, and a branch with its parent’s chain', async () => {
      const parent = recorder.begin({
        kind: 'trigger',
        triggerId: 'event-publish',
        workflow,
        causedBy: [{ workflowId: '9', triggerId: 'tag-attached-after-save' }],
      })
      expect(parent.chain).toEqual([
        { workflowId: '9', triggerId: 'tag-attached-after-save' },
        { workflowId: '4', triggerId: 'event-publish', runId: parent.id },
      ])
      const branch = recorder.begin({
        kind: 'concurrent',
        workflow,
        parentId: parent.id,
        causedBy: parent.chain,
        startNode: '3',
      })
      expect(branch.chain).toEqual(parent.chain)
      await recorder.finish(branch, { input: {}, outcome: 'success', errors: [], trace: [] })
      const row = await findRun(store.db, branch.id)
      expect(row).toMatchObject({ kind: 'concurrent', parent_id: parent.id, start_node: '3', workflow_id: 4 })
      expect(JSON.parse(row!.chain)).toEqual(parent.chain)
    })

    it('stores a graph again after a purge removed it', async () => {
      const first = recorder.begin({ kind: 'trigger', triggerId: 'event-publish', workflow })
      await recorder.finish(first, { input: {}, outcome: 'success', errors: [], trace: [] })
      expect(await purgeRuns(store.db, { keep: 0 })).toBe(1)
      expect(await findRunGraph(store.db, graphDigest(workflow.data).hash)).toBeUndefined()
      recorder.forgetGraphs()
      const second = recorder.begin({ kind: 'trigger', triggerId: 'event-publish', workflow })
      await recorder.finish(second, { input: {}, outcome: 'success', errors: [], trace: [] })
      expect(await findRunGraph(store.db, graphDigest(workflow.data).hash)).toBeDefined()
    })
  })
}

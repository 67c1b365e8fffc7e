/**
 * Sluice as a library (ARCHITECTURE.md §5): what `src/index.ts` exports is enough to load a
 * MISP workflow, run it with a deferrer and a Jinja renderer, and read the outcome and trace.
 */
import { describe, expect, it } from 'vitest'
import * as sluice from '../src/index.ts'
import { buildGraph, workflowOf } from './harness/graph-builder.ts'
import { reginEvent } from './harness/shared.ts'

describe('the library surface (src/index.ts)', () => {
  it('exports the engine, the hash-path functions, the registry and the module helpers', () => {
    for (const name of [
      'runWorkflow',
      'runDeferredWalk',
      'parseGraph',
      'validateGraph',
      'checkGraph',
      'loadWorkflowJson',
      'createBuiltinRegistry',
      'createRegistry',
      'defineActionModule',
      'defineLogicModule',
      'loadCustomModules',
      'createJinjaRenderer',
      'extract',
      'get',
      'insert',
      'remove',
      'check',
      'combine',
      'UserError',
    ]) {
      expect(typeof (sluice as Record<string, unknown>)[name], name).toBe('function')
    }
    expect(typeof sluice.hashpath.extract).toBe('function')
  })

  it('runs a workflow whose stop message is a Jinja template, with a custom action, and defers a concurrent branch', async () => {
    const seen: string[] = []
    const audit = sluice.defineActionModule({
      id: 'audit',
      name: 'Audit',
      exec(ctx) {
        seen.push(String(ctx.data.Event.info))
        return true
      },
    })
    const graph = buildGraph([
      { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } },
      { id: 2, module: 'audit', type: 'action', outputs: { output_1: [3] } },
      { id: 3, module: 'concurrent-task', type: 'logic', multiple: true, outputs: { output_1: [4] } },
      { id: 4, module: 'stop-execution', type: 'action', params: { message: 'Stopped: {{ Event.info }}' } },
    ])
    const deferred: sluice.DeferredWalk[] = []
    const options = {
      catalogue: sluice.createBuiltinRegistry().with([audit]),
      ports: {
        deferrer: { defer: (walk: sluice.DeferredWalk) => void deferred.push(walk) },
        templates: sluice.createJinjaRenderer(),
      },
    }
    const workflow = workflowOf(graph, 'event-publish')
    const run = await sluice.runWorkflow({ ...options, workflow, triggerId: 'event-publish', data: reginEvent() })
    expect(run.outcome).toBe('success')
    expect(seen).toEqual(['OSINT - F-Secure W32/Regin, Stage #1'])
    expect(deferred.map((walk) => walk.nodeId)).toEqual(['4'])
    const job = await sluice.runDeferredWalk({ ...options, workflow, walk: deferred[0] })
    expect(job.success).toBe(false)
    expect(job.errors).toEqual([
      'Node `stop-execution` (4) from Workflow `Workflow for trigger event-publish` (1) returned the following error: Stopped: OSINT - F-Secure W32/Regin, Stage #1',
    ])
  })
})

import { describe, expect, it } from 'vitest'
import { buildGraph, workflowOf } from '../../../test/harness/graph-builder.ts'
import { decideModule, testCatalogue } from '../../../test/harness/test-modules.ts'
import type { DebugPost, ExecutionLogEntry } from '../contract/index.ts'
import { runDeferredWalk, runWorkflow } from './runner.ts'

const chain = (trigger: string, nodes: Array<{ id: number; module?: string; params?: Record<string, unknown> }>) =>
  buildGraph([
    { id: 1, module: trigger, type: 'trigger', outputs: { output_1: [nodes[0].id] } },
    ...nodes.map((node, index) => ({
      id: node.id,
      module: node.module ?? 'probe',
      type: 'action' as const,
      params: node.params,
      outputs: nodes[index + 1] ? { output_1: [nodes[index + 1].id] } : undefined,
    })),
  ])

async function run(trigger: string, graph: Record<string, any>, options: { enabled?: (id: string) => boolean } = {}) {
  const visits: string[] = []
  const logs: ExecutionLogEntry[] = []
  const outcome = await runWorkflow({
    catalogue: testCatalogue(visits),
    workflow: workflowOf(graph, trigger),
    triggerId: trigger,
    data: { Event: { id: '7' } },
    isModuleEnabled: options.enabled,
    ports: { trace: { log: (entry) => void logs.push(entry) } },
  })
  return { outcome, visits, logs }
}

describe('runWorkflow: the blocking rules (spec/ENGINE.md §2.6 summary table)', () => {
  it('aborts a blocking walk at a blocking module that fails, and the outcome is failure', async () => {
    const { outcome, visits } = await run(
      'test-blocking',
      chain('test-blocking', [{ id: 2, module: 'halt', params: { ok: '0', error: 'no' } }, { id: 3 }]),
    )
    expect(outcome.success).toBe(false)
    expect(outcome.outcome).toBe('failure')
    expect(visits).toEqual(['2'])
    expect(outcome.errors).toEqual([
      'Node `halt` (2) from Workflow `Workflow for trigger test-blocking` (1) returned the following error: no',
    ])
  })

  it('aborts a non-blocking walk at a blocking module too', async () => {
    const { outcome, visits } = await run(
      'test-deferred',
      chain('test-deferred', [{ id: 2, module: 'halt', params: { ok: '0' } }, { id: 3 }]),
    )
    expect(outcome.success).toBe(false)
    expect(visits).toEqual(['2'])
  })

  it('goes on past a failing non-blocking module on a blocking path, descendants included', async () => {
    const { outcome, visits } = await run(
      'test-blocking',
      chain('test-blocking', [{ id: 2, params: { ok: '0', error: 'bad' } }, { id: 3 }]),
    )
    expect(outcome.success).toBe(true)
    expect(outcome.outcome).toBe('success')
    expect(visits).toEqual(['2', '3'])
    expect(outcome.blockingNodes).toEqual(['2'])
    expect(outcome.blockedPaths).toEqual([])
  })

  it('skips the rest of a non-blocking path after a failing module and lists the skipped paths', async () => {
    const { outcome, visits } = await run(
      'test-deferred',
      chain('test-deferred', [{ id: 2, params: { ok: '0' } }, { id: 3 }, { id: 4 }]),
    )
    expect(outcome.success).toBe(true)
    expect(visits).toEqual(['2'])
    expect(outcome.executedNodes).toEqual(['2'])
    expect(outcome.blockedPaths).toEqual([
      ['1:output_1:0:2', '2:output_1:0:3'],
      ['1:output_1:0:2', '2:output_1:0:3', '3:output_1:0:4'],
    ])
    expect(outcome.errors).toEqual([])
  })

  it('treats a thrown error as a false result with MISP’s message', async () => {
    const { outcome, logs } = await run(
      'test-blocking',
      chain('test-blocking', [{ id: 2, params: { throw: 'boom' } }, { id: 3 }]),
    )
    expect(outcome.success).toBe(true)
    expect(outcome.errors).toEqual([
      'Node `probe` (2) from Workflow `Workflow for trigger test-blocking` (1) returned the following error: Error while executing module probe. Error: boom',
    ])
    expect(outcome.trace[0]).toMatchObject({ nodeId: '2', status: 'error', threw: true, result: false })
    expect(logs.map((entry) => entry.message)).toContain('Error while executing module probe. Error: boom')
  })

  it('takes the else branch of an IF that fails', async () => {
    const graph = buildGraph([
      { id: 1, module: 'test-blocking', type: 'trigger', outputs: { output_1: [2] } },
      { id: 2, module: 'decide', type: 'logic', params: { result: '0' }, outputs: { output_1: [3], output_2: [4] } },
      { id: 3, module: 'probe', type: 'action' },
      { id: 4, module: 'probe', type: 'action' },
    ])
    const { outcome, visits } = await run('test-blocking', graph)
    expect(visits).toEqual(['4'])
    expect(outcome.trace.find((entry) => entry.nodeId === '2')).toMatchObject({
      moduleType: 'logic',
      branch: ['output_2'],
      result: false,
    })
  })
})

describe('runWorkflow: modules that cannot run', () => {
  it('fails a node whose module is unknown with MISP’s loading error', async () => {
    const { outcome } = await run('test-blocking', chain('test-blocking', [{ id: 2, module: 'run-workflow' }]))
    expect(outcome.errors).toEqual([
      'Node `run-workflow` (2) from Workflow `Workflow for trigger test-blocking` (1) returned the following error: Could not load class for module: run-workflow',
    ])
    expect(outcome.trace[0].status).toBe('loading_error')
  })

  it('fails a node without a module id with MISP’s loading error and walks on (§2.7 step 4)', async () => {
    const graph = chain('test-blocking', [{ id: 2 }, { id: 3 }])
    delete graph['2'].data.id
    const { outcome, visits } = await run('test-blocking', graph)
    expect(outcome.errors).toEqual([
      'Node `` (2) from Workflow `Workflow for trigger test-blocking` (1) returned the following error: Could not load class for module: ',
    ])
    expect(outcome.trace[0].status).toBe('loading_error')
    expect(visits).toEqual(['3'])
    expect(outcome.success).toBe(true)
  })

  it('refuses a disabled module, and a disabled blocking module still stops the walk', async () => {
    const { outcome, visits } = await run(
      'test-blocking',
      chain('test-blocking', [{ id: 2, module: 'halt' }, { id: 3 }]),
      {
        enabled: (id) => id !== 'halt',
      },
    )
    expect(visits).toEqual([])
    expect(outcome.success).toBe(false)
    expect(outcome.errors[0]).toContain('Could not execute disabled module `halt`.')
  })
})

describe('runWorkflow: before the walk', () => {
  it('fails with ``Invalid start node `-1` `` when the graph’s trigger is not the fired one', async () => {
    const { outcome } = await run('test-deferred', chain('test-blocking', [{ id: 2 }]))
    expect(outcome).toMatchObject({
      outcome: 'failure',
      success: false,
      errors: ['Invalid start node `-1`'],
      counted: false,
    })
  })

  it('fails without walking a graph whose paths are past the limit saves enforce (one stored before)', async () => {
    const nodes = Array.from({ length: 1_000 }, (_, index) => ({ id: index + 2 }))
    const { outcome, visits } = await run('test-blocking', chain('test-blocking', nodes))
    expect(outcome).toMatchObject({
      outcome: 'failure',
      success: false,
      errors: ['The workflow graph has too many paths to follow (over 200000 steps); split it into smaller workflows'],
    })
    expect(visits).toEqual([])
  })

  it('skips a disabled trigger and reports success', async () => {
    const visits: string[] = []
    const outcome = await runWorkflow({
      catalogue: testCatalogue(visits),
      workflow: workflowOf(chain('test-blocking', [{ id: 2 }]), 'test-blocking'),
      triggerId: 'test-blocking',
      data: {},
      isTriggerEnabled: () => false,
    })
    expect(outcome).toMatchObject({ skipped: true, success: true, counted: false })
    expect(visits).toEqual([])
  })

  it('throws a user error for an unknown trigger', async () => {
    await expect(run('no-such-trigger', chain('no-such-trigger', [{ id: 2 }]))).rejects.toMatchObject({
      code: 'SLC_UNKNOWN_TRIGGER',
    })
  })

  it('reports a normalisation that throws as MISP words it, without walking', async () => {
    const visits: string[] = []
    const catalogue = testCatalogue(visits).with([
      {
        descriptor: { ...testCatalogue([]).trigger('test-blocking')!.descriptor, id: 'broken' },
        normalise: async () => {
          throw new Error('bad row')
        },
      },
    ])
    const outcome = await runWorkflow({
      catalogue,
      workflow: workflowOf(chain('broken', [{ id: 2 }]), 'broken'),
      triggerId: 'broken',
      data: {},
    })
    expect(outcome.outcomeText).toBe('failure Error while normalizing data for trigger. Error:\nbad row')
    expect(outcome).toMatchObject({ success: false, counted: true })
    expect(visits).toEqual([])
  })
})

describe('runWorkflow: concurrent tasks', () => {
  const concurrent = {
    ...decideModule,
    descriptor: { ...decideModule.descriptor, id: 'concurrent-task', multiple_output_connection: true, outputs: 1 },
    exec: () => true,
  }

  it('hands each connection off as a non-blocking walk and does not go past the node', async () => {
    const graph = buildGraph([
      { id: 1, module: 'test-blocking', type: 'trigger', outputs: { output_1: [2] } },
      { id: 2, module: 'concurrent-task', type: 'logic', multiple: true, outputs: { output_1: [3, 4] } },
      { id: 3, module: 'probe', type: 'action' },
      { id: 4, module: 'probe', type: 'action' },
    ])
    const visits: string[] = []
    const catalogue = testCatalogue(visits, [concurrent])
    const workflow = workflowOf(graph, 'test-blocking')
    const outcome = await runWorkflow({ catalogue, workflow, triggerId: 'test-blocking', data: { Event: { id: '1' } } })
    expect(visits).toEqual([])
    expect(outcome.deferred.map((walk) => [walk.enqueuedBy, walk.nodeId])).toEqual([
      ['2', '3'],
      ['2', '4'],
    ])
    expect(outcome.deferred[0].data).toEqual({ Event: { id: '1' }, __node_id_to_exec: 3 })
    const job = await runDeferredWalk({ catalogue, workflow, walk: outcome.deferred[0] })
    expect(visits).toEqual(['3'])
    expect(job.message).toBe('Workflow concurrent task executed 1 nodes starting from node 3.')
  })
})

describe('runWorkflow: debug mode (spec/ENGINE.md §2.13)', () => {
  it('posts /init, one /exec per node and /end only when debug is on', async () => {
    const posts: DebugPost[] = []
    const graph = chain('test-blocking', [{ id: 2, params: { error: 'warned' } }])
    const options = {
      catalogue: testCatalogue([]),
      triggerId: 'test-blocking',
      data: { Event: {} },
      ports: { trace: { debugPost: (_trigger: string, post: DebugPost) => void posts.push(post) } },
    }
    await runWorkflow({ ...options, workflow: workflowOf(graph, 'test-blocking') })
    expect(posts).toEqual([])
    await runWorkflow({ ...options, workflow: workflowOf(graph, 'test-blocking', { debug_enabled: true }) })
    expect(posts.map((post) => post.path)).toEqual([
      '/init?type=blocking',
      '/exec/probe?result=success',
      '/end?outcome=success',
    ])
    expect(posts[1].body.errors).toEqual(['warned'])
    expect(posts[1].body.source.node_id).toBe(2)
    expect(posts[2].body.data).toEqual({ blocking_nodes: [], executed_nodes: ['2'], blocked_paths: [] })
  })

  it('never lets a failing debug sink change the run', async () => {
    const outcome = await runWorkflow({
      catalogue: testCatalogue([]),
      workflow: workflowOf(chain('test-blocking', [{ id: 2 }]), 'test-blocking', { debug_enabled: true }),
      triggerId: 'test-blocking',
      data: {},
      ports: {
        trace: {
          debugPost: () => {
            throw new Error('listener down')
          },
        },
      },
    })
    expect(outcome.success).toBe(true)
  })
})

describe('runWorkflow: the trace', () => {
  it('records each node with its module, result, errors and duration, and the data it saw when asked', async () => {
    const visits: string[] = []
    const outcome = await runWorkflow({
      catalogue: testCatalogue(visits),
      workflow: workflowOf(
        chain('test-blocking', [
          { id: 2, params: { set: 'x' } },
          { id: 3, params: { ok: '0', error: 'e' } },
        ]),
        'test-blocking',
      ),
      triggerId: 'test-blocking',
      data: { a: 1 },
      captureData: true,
    })
    expect(outcome.trace.map(({ durationMs, ...entry }) => ({ ...entry, durationOk: durationMs >= 0 }))).toEqual([
      expect.objectContaining({
        nodeId: '2',
        moduleId: 'probe',
        status: 'success',
        result: true,
        errors: [],
        dataIn: { a: 1 },
        durationOk: true,
      }),
      expect.objectContaining({
        nodeId: '3',
        status: 'partial-success',
        result: false,
        errors: ['e'],
        dataIn: { a: 1, marker: 'x' },
        path: ['1:output_1:0:2', '2:output_1:0:3'],
      }),
    ])
    expect(outcome.data).toEqual({ a: 1, marker: 'x' })
  })
})

/**
 * Runs one MISP oracle scenario the way conformance/MISP-SCENARIOS.md §2 sets it up: only the
 * triggers, the logic modules, `stop-execution` and `test-record` registered; the scenario's
 * enabled modules and triggers; fixture look-ups; the background queue captured and drained
 * FIFO after the main run. Produces a result in the scenario's `expected` shape.
 */
import type { DeferredWalk, WorkflowRecord } from '../engine/index.ts'
import { runDeferredWalk, runWorkflow } from '../engine/index.ts'
import { actionModules, createRegistry, logicModules, triggerModules } from '../modules/index.ts'
import { recordDigest, viewDigest } from './digest.ts'
import { fixtureLookups } from './fixture-lookups.ts'
import { createTestRecordModule, type Recorder } from './test-record.ts'

type Json = Record<string, any>

/** One scenario of `misp-oracle-scenarios.json`. */
export interface Scenario {
  name: string
  trigger: string
  workflow_record: Json
  workflow: Json
  input: unknown
  environment: { enabled_modules: string[]; disabled_modules?: string[]; disabled_triggers?: string[] }
  fixtures?: { events?: Record<string, unknown>; objects?: Record<string, unknown> }
  expected: Json
  [key: string]: unknown
}

interface QueuedWalk extends DeferredWalk {
  fromContext: string
}

function recordedBy(recorder: Recorder, context: string): Json {
  const byNode: Json = {}
  for (const recording of recorder.recordings) {
    if (recording.context !== context) continue
    byNode[recording.nodeId] ??= []
    byNode[recording.nodeId].push(recordDigest(recording))
  }
  return byNode
}

function walkFields(run: {
  executedNodes: string[]
  blockingNodes: string[]
  blockedPaths: string[][]
  errors: string[]
}) {
  return {
    executed_nodes: run.executedNodes,
    blocking_nodes: run.blockingNodes,
    blocked_paths: run.blockedPaths,
    errors: run.errors,
  }
}

/** Runs a scenario and returns Sluice's result in the `expected` shape. */
export async function runScenario(scenario: Scenario): Promise<Json> {
  const recorder: Recorder = { context: 'main', recordings: [] }
  const stopExecution = actionModules.filter((module) => module.descriptor.id === 'stop-execution')
  const catalogue = createRegistry([
    ...triggerModules,
    ...logicModules,
    ...stopExecution,
    createTestRecordModule(recorder),
  ])
  const enabled = new Set(scenario.environment.enabled_modules)
  for (const id of scenario.environment.disabled_modules ?? []) enabled.delete(id)
  const disabledTriggers = new Set(scenario.environment.disabled_triggers ?? [])
  const workflow = { ...scenario.workflow_record, data: scenario.workflow } as WorkflowRecord
  const queue: QueuedWalk[] = []
  let context = 'main'
  const options = {
    catalogue,
    isModuleEnabled: (id: string) => enabled.has(id),
    ports: {
      backend: fixtureLookups(scenario.fixtures ?? {}),
      deferrer: { defer: (walk: DeferredWalk) => void queue.push({ ...walk, fromContext: context }) },
    },
  }
  const run = await runWorkflow({
    ...options,
    workflow,
    triggerId: scenario.trigger,
    data: scenario.input,
    isTriggerEnabled: (id) => !disabledTriggers.has(id),
  })
  const result: Json = {
    outcome: run.skipped ? 'skipped' : run.outcome,
    success: run.success,
    ...walkFields(run),
    recorded: recordedBy(recorder, 'main'),
    enqueued: [],
    jobs: [],
    outcome_text: run.outcomeText,
  }
  // Drain FIFO; walks that a walk defers go to the end of the queue (§2 item 4).
  for (let index = 0; index < queue.length; index++) {
    const walk = queue[index]
    context = `job${index + 1}`
    recorder.context = context
    result.enqueued.push({
      from_context: walk.fromContext,
      enqueued_by_node: walk.enqueuedBy,
      node_id_to_exec: walk.nodeId,
      for_path: walk.pathType,
      queue: 'prio',
      command: 'workflow',
      data_digest: viewDigest(walk.data),
      data: walk.data,
    })
    const job = await runDeferredWalk({ ...options, workflow, walk, context })
    result.jobs.push({
      context,
      node_id_to_exec: walk.nodeId,
      success: job.success,
      ...walkFields(job),
      job_message: job.message,
      recorded: recordedBy(recorder, context),
    })
  }
  return result
}

/**
 * Running a workflow or a module by hand from the API: MISP's `executeWorkflow` (spec/ENGINE.md
 * §2.6.2, §6.2.6), synchronous whatever the trigger, on raw trigger data; and
 * `moduleStatelessExecution` (§2.15, §6.2.15), one module on its own. Manual runs go through the
 * dispatcher (loop guard, counter, logs, history, debug posts as for a trigger run); stateless
 * runs are recorded in the history when a recorder is given (docs/runs.md). `runGraph` is the
 * editor's run of the graph being edited, saved or not, dry or not (docs/workflow-api.md
 * `POST /sluice/workflows/run`): a dry run records what it would change or send instead
 * (dry-run-ports.ts) and leaves no trace in the store, its history included.
 */
import {
  executeModuleStateless,
  INVALID_START_NODE,
  moduleThrew,
  NO_WORKFLOW_USER,
  parseGraph,
  validateGraph,
} from '../../engine/index.ts'
import type { EnginePorts, WorkflowModule, WorkflowRecord } from '../../engine/index.ts'
import { UserError, ValidationError } from '../../errors.ts'
import type { ModuleRegistry } from '../../modules/index.ts'
import type { PlatformContext } from '../platform-context.ts'
import type { RunRecorder } from '../runs/run-recorder.ts'
import type { MispJson } from '../types.ts'
import { boundedCopy } from '../runs/bounded-copy.ts'
import { createDryRun, type WouldBeEffect } from './dry-run-ports.ts'
import { workflowRecord } from './workflow-cache.ts'
import type { WorkflowService } from './workflow-service.ts'

/** The manual run operations. */
export interface ManualRuns {
  /** `{success, outcome}` (MISP), plus `run_id` when the run was recorded. */
  executeWorkflow(id: string, body: unknown): Promise<MispJson>
  /** `{success, errors}`, or `{error: [...]}` without a workflow user (MISP). */
  executeModule(moduleId: string, body: unknown): Promise<MispJson>
  /** Runs an unsaved graph on raw trigger data; throws a ValidationError naming what is wrong with the graph. */
  runGraph(request: GraphRunRequest): Promise<GraphRunAnswer>
}

/** What the editor sends to run the graph it holds. */
export interface GraphRunRequest {
  trigger_id: string
  /** MISP's `Workflow.data`: the Drawflow graph as the editor holds it. */
  graph: unknown
  /** The raw trigger data (what the trigger's call site passes). */
  data: unknown
  dry_run: boolean
  /** The saved workflow the graph is an edit of, if any: its name and id go on the run. */
  workflow_id?: string
}

/** What a graph run answered. */
export interface GraphRunAnswer {
  dry_run: boolean
  success: boolean
  outcome: string
  outcome_text: string
  errors: string[]
  /** The history id of the run; null for a dry run (never recorded). */
  run_id: string | null
  /** The trace as a run record holds it (`/sluice/runs/:id` `trace`): entries carry `dataIn`. */
  trace: {
    outcomeText: string
    executedNodes: string[]
    blockingNodes: string[]
    blockedPaths: string[][]
    entries: Array<Record<string, unknown>>
  }
  /** What a dry run would have done (empty for a real run). */
  effects: WouldBeEffect[]
  /** The concurrent-task branches the run handed off (a dry run reports them and runs none). */
  deferred: Array<{ enqueued_by: string; start_node: string }>
}

/** What manual runs need besides the platform context. */
export interface ManualRunDeps {
  registry: ModuleRegistry
  workflows: WorkflowService
  /** The ports a stateless module run gets (templates, outbound…); `backend` defaults to the platform's. */
  ports?: () => EnginePorts
  runs?: RunRecorder
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function fieldsOf(body: unknown): Record<string, any> {
  if (isObject(body) && isObject(body.Workflow)) return body.Workflow
  return isObject(body) ? body : {}
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text, (key, item) => (key === '__proto__' ? undefined : item)) }
  } catch {
    return { ok: false }
  }
}

function isTruthyFlag(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true' || value === 'on'
}

/** `value`, or the JSON a string `value` holds (a ValidationError on `field` when it is not JSON). */
function decodedJson(value: unknown, field: string): unknown {
  if (typeof value !== 'string') return value
  const parsed = parseJson(value)
  if (!parsed.ok) throw new ValidationError('Workflow', field, 'Not valid JSON')
  return parsed.value
}

/** The largest data view a graph run's answer keeps per trace entry, in bytes of JSON. */
const GRAPH_RUN_DATA_CAP = 16_384

/** Manual and stateless runs over the platform. */
export function createManualRuns(ctx: PlatformContext, deps: ManualRunDeps): ManualRuns {
  const findModule = (id: string): WorkflowModule | undefined =>
    deps.registry.module('action', id) ?? deps.registry.module('logic', id)

  return {
    async executeWorkflow(id, body) {
      const row = await deps.workflows.row(id)
      const text = fieldsOf(body).data
      let raw: unknown
      if (typeof text === 'string') {
        const parsed = parseJson(text)
        if (!parsed.ok) return { success: false, outcome: 'Invalid JSON' }
        raw = parsed.value
      } else if (isObject(text) || Array.isArray(text)) raw = text
      else return { success: false, outcome: 'Invalid JSON' }
      const run = await ctx.dispatcher.runWorkflowNow(workflowRecord(row), raw, { kind: 'manual' })
      // MISP crashes on a graph without its trigger node; Sluice answers what §6.2.6 recommends.
      const outcome = run.skipped
        ? 'success'
        : run.errors.includes(INVALID_START_NODE) && run.outcomeText === 'failure'
          ? 'failure Invalid start node'
          : run.outcomeText
      return { success: run.success, outcome, run_id: run.runId }
    },
    async executeModule(moduleId, body) {
      const module = findModule(moduleId)
      if (!module) throw new UserError('SLC_NOT_FOUND', 'Invalid module ID')
      const fields = fieldsOf(body)
      if (typeof fields.input_data !== 'string') {
        throw new ValidationError(
          'Workflow',
          'input_data',
          'A JSON string of the data to run the module on is required',
        )
      }
      const parsed = parseJson(fields.input_data)
      if (!parsed.ok) throw new ValidationError('Workflow', 'input_data', 'Not valid JSON')
      const params = fields.module_indexed_param ?? {}
      if (!isObject(params)) {
        throw new ValidationError('Workflow', 'module_indexed_param', 'Must be an object of parameter values by id')
      }
      // The shapes a saved graph may hold (validateGraph): texts, numbers, flags and lists of them.
      const scalar = (value: unknown) => value === null || ['string', 'number', 'boolean'].includes(typeof value)
      for (const [id, value] of Object.entries(params)) {
        if (scalar(value) || (Array.isArray(value) && value.every(scalar))) continue
        throw new ValidationError(
          'Workflow',
          'module_indexed_param',
          `Parameter \`${id}\` must be a text, a number, a flag or a list of them`,
        )
      }
      let data = parsed.value
      if (isTruthyFlag(fields.convert_data)) {
        // MISP converts with the event-publish trigger's normalisation (§2.15 step 1).
        const normalise = (input: unknown) =>
          deps.registry.trigger('event-publish')?.normalise(input, { lookups: ctx.backend })
        let converted: Awaited<ReturnType<typeof normalise>>
        try {
          converted = await normalise(data)
        } catch (error) {
          // The normalisation reads whatever shape was sent; a shape it cannot read is the caller's.
          throw new ValidationError(
            'Workflow',
            'input_data',
            `Cannot be converted to the MISP core format: ${(error as Error).message}`,
          )
        }
        if (converted === false || converted === undefined) {
          throw new ValidationError('Workflow', 'input_data', 'Cannot be converted to the MISP core format')
        }
        data = converted
      }
      const scope = deps.runs?.begin({ kind: 'stateless', triggerId: null, workflow: null })
      const ports: EnginePorts = { backend: ctx.backend, ...deps.ports?.() }
      let result: { success: boolean; errors: string[] }
      try {
        result = await executeModuleStateless(module, { params, data, ports })
      } catch (error) {
        // A parameter that does not render, or a module that throws, fails the run as it would
        // fail a node of a workflow (§2.7 step 5); MISP answers a 500 here.
        result = { success: false, errors: [moduleThrew(module.descriptor.id, (error as Error).message)] }
      }
      if (scope) {
        await deps.runs?.finish(scope, {
          input: data,
          outcome: result.success ? 'success' : 'failure',
          errors: result.errors,
          trace: [],
        })
      }
      if (result.errors.length === 1 && result.errors[0] === NO_WORKFLOW_USER && !result.success) {
        return { error: result.errors }
      }
      return { success: result.success, errors: result.errors }
    },
    async runGraph(request) {
      const trigger = deps.registry.trigger(request.trigger_id)
      if (!trigger) throw new ValidationError('Workflow', 'trigger_id', `Unknown trigger \`${request.trigger_id}\``)
      // MISP's clients send `Workflow.data` as a JSON string; the editor sends the object.
      const graph = decodedJson(request.graph, 'graph')
      const data = decodedJson(request.data, 'data')
      let problems: ReturnType<typeof validateGraph>
      try {
        problems = validateGraph(parseGraph(graph), {
          triggerId: request.trigger_id,
          catalogue: deps.registry,
        })
      } catch (error) {
        throw new ValidationError('Workflow', 'graph', (error as Error).message)
      }
      const refused = problems.find((problem) => problem.severity === 'error')
      if (refused) {
        const where = refused.detail ? ` (${refused.detail})` : ''
        throw new ValidationError('Workflow', 'graph', `${refused.message}${where}`)
      }
      const saved = request.workflow_id ? await deps.workflows.row(request.workflow_id) : null
      if (saved && saved.trigger_id !== request.trigger_id) {
        throw new ValidationError(
          'Workflow',
          'workflow_id',
          `Workflow ${saved.id} belongs to trigger \`${saved.trigger_id}\`, not \`${request.trigger_id}\``,
        )
      }
      const record: WorkflowRecord = {
        id: saved ? String(saved.id) : '0',
        ...(saved ? { uuid: saved.uuid } : {}),
        name: saved ? saved.name : 'Unsaved workflow',
        trigger_id: request.trigger_id,
        debug_enabled: false,
        data: graph as WorkflowRecord['data'],
      }
      const dry = request.dry_run ? createDryRun() : null
      const run = await ctx.dispatcher.runGraphNow(
        record,
        data,
        { kind: 'manual' },
        dry
          ? { portsOf: dry.portsOf, catalogueOf: dry.catalogueOf, isRecorded: false, captureData: true }
          : { captureData: true },
      )
      const outcome = run.skipped ? 'success' : run.outcome
      return {
        dry_run: request.dry_run,
        success: run.success,
        outcome,
        outcome_text: run.skipped ? 'success' : run.outcomeText,
        errors: run.errors,
        run_id: run.runId,
        trace: {
          outcomeText: run.outcomeText,
          executedNodes: run.executedNodes,
          blockingNodes: run.blockingNodes,
          blockedPaths: run.blockedPaths,
          // Each view the nodes saw, cut as the history cuts it (RUN_SETTINGS.dataCapBytes).
          entries: run.trace.map(
            (entry): Record<string, unknown> =>
              entry.dataIn === undefined
                ? { ...entry }
                : { ...entry, dataIn: boundedCopy(entry.dataIn, GRAPH_RUN_DATA_CAP).value },
          ),
        },
        effects: dry ? dry.effects : [],
        deferred: run.deferred.map((walk) => ({ enqueued_by: walk.enqueuedBy, start_node: walk.nodeId })),
      }
    },
  }
}

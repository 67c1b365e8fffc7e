/**
 * Running a workflow or a module by hand from the API: MISP's `executeWorkflow` (spec/ENGINE.md
 * §2.6.2, §6.2.6), synchronous whatever the trigger, on raw trigger data; and
 * `moduleStatelessExecution` (§2.15, §6.2.15), one module on its own. Manual runs go through the
 * dispatcher (loop guard, counter, logs, history, debug posts as for a trigger run); stateless
 * runs are recorded in the history when a recorder is given (docs/runs.md).
 */
import { executeModuleStateless, INVALID_START_NODE, NO_WORKFLOW_USER } from '../../engine/index.ts'
import type { EnginePorts, WorkflowModule } from '../../engine/index.ts'
import { UserError, ValidationError } from '../../errors.ts'
import type { ModuleRegistry } from '../../modules/index.ts'
import type { PlatformContext } from '../platform-context.ts'
import type { RunRecorder } from '../runs/run-recorder.ts'
import type { MispJson } from '../types.ts'
import { workflowRecord } from './workflow-cache.ts'
import type { WorkflowService } from './workflow-service.ts'

/** The manual run operations. */
export interface ManualRuns {
  /** `{success, outcome}` (MISP), plus `run_id` when the run was recorded. */
  executeWorkflow(id: string, body: unknown): Promise<MispJson>
  /** `{success, errors}`, or `{error: [...]}` without a workflow user (MISP). */
  executeModule(moduleId: string, body: unknown): Promise<MispJson>
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
      let data = parsed.value
      if (isTruthyFlag(fields.convert_data)) {
        // MISP converts with the event-publish trigger's normalisation (§2.15 step 1).
        const converted = await deps.registry.trigger('event-publish')?.normalise(data, { lookups: ctx.backend })
        if (converted === false || converted === undefined) {
          throw new ValidationError('Workflow', 'input_data', 'Cannot be converted to the MISP core format')
        }
        data = converted
      }
      const scope = deps.runs?.begin({ kind: 'stateless', triggerId: null, workflow: null })
      const ports: EnginePorts = { backend: ctx.backend, ...deps.ports?.() }
      const result = await executeModuleStateless(module, { params, data, ports })
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
  }
}

/**
 * The one place where operations fire workflow triggers (spec/ENGINE.md §2.1, §2.10, §2.12).
 * Blocking triggers run inline through the engine and answer the veto; non-blocking ones run
 * right after the caller's commit, in-process, on a promise chain (`drain()` awaits it). Issue
 * #4 swaps the non-blocking path for the durable queue by replacing `enqueue` only.
 */
import { runDeferredWalk, runWorkflow } from '../../engine/index.ts'
import type {
  DataBackend,
  DeferredWalk,
  EnginePorts,
  ExecutionLogEntry,
  TemplateRenderer,
  WorkflowRecord,
} from '../../engine/index.ts'
import type { ModuleRegistry } from '../../modules/index.ts'
import { incrementWorkflowCounter, insertLog, listWorkflows, type Store, type WorkflowRow } from '../../store/index.ts'
import { fireLogAfterSave } from '../logs/log-after-save.ts'
import type { SettingsService } from '../settings/settings-service.ts'

/** The logging context of a trigger site (spec/ENGINE.md §2.1 step 3, §4.1.1). */
export interface TriggerLogging {
  action: string
  model: string
  id: number | string
  /** The log title on failure; MISP's default is `Error while executing workflow.`. */
  message?: string
}

/** What firing a trigger answered: `success` false only for a blocking veto. */
export interface TriggerResult {
  success: boolean
  errors: string[]
}

/** Fires triggers. */
export interface TriggerDispatcher {
  /** Whether firing `triggerId` would run anything (§2.1 step 1); call sites check it before building costly data. */
  isCallable(triggerId: string): Promise<boolean>
  fire(triggerId: string, raw: unknown, logging?: TriggerLogging): Promise<TriggerResult>
  /** Resolves when every queued non-blocking run (and its deferred walks) has finished. */
  drain(): Promise<void>
}

/** What the in-process dispatcher needs. */
export interface DispatcherDeps {
  store: Store
  registry: ModuleRegistry
  backend: DataBackend
  settings: SettingsService
  templates?: TemplateRenderer
  clock?: EnginePorts['clock']
  /** Called with errors of background runs (they never reach a caller). */
  onBackgroundError?: (error: unknown) => void
}

const DEFAULT_FAILURE_TITLE = 'Error while executing workflow.'

/** MISP's log timestamp: `YYYY-MM-DD HH:MM:SS` (UTC). */
export function logTimestamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ')
}

/** A workflow row as the engine's record. */
export function workflowRecord(row: WorkflowRow): WorkflowRecord {
  return {
    id: String(row.id),
    uuid: row.uuid,
    name: row.name,
    description: row.description,
    timestamp: String(row.timestamp),
    enabled: row.enabled === 1,
    counter: String(row.counter),
    trigger_id: row.trigger_id,
    debug_enabled: row.debug_enabled === 1,
    data: JSON.parse(row.data),
  }
}

/** The in-process dispatcher (until issue #4's queue). */
export function createTriggerDispatcher(deps: DispatcherDeps): TriggerDispatcher {
  const { store, registry, settings } = deps
  const now = () => deps.clock?.now() ?? new Date()
  let tail: Promise<void> = Promise.resolve()
  let pending = 0

  const enqueue = (work: () => Promise<void>) => {
    pending++
    tail = tail
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(work)
      .catch((error) => deps.onBackgroundError?.(error))
      .finally(() => {
        pending--
      })
  }

  const systemLog = async (entry: {
    action: string
    model: string
    modelId: number
    title: string
    change: string
  }) => {
    const row = {
      title: entry.title,
      created: logTimestamp(now()),
      model: entry.model,
      model_id: entry.modelId,
      action: entry.action,
      user_id: 0,
      change: entry.change,
      email: 'SYSTEM',
      org: 'SYSTEM',
      description: '',
      ip: '',
    }
    const id = await insertLog(store.db, row)
    // The veto rows of §2.10 (model Event, User…) fire log-after-save; the engine's (Workflow) never do.
    await fireLogAfterSave(dispatcher, id, row)
  }

  const writeEngineLogs = async (entries: ExecutionLogEntry[]) => {
    for (const entry of entries) {
      await systemLog({
        action: 'execute_workflow',
        model: 'Workflow',
        modelId: Number(entry.workflowId) || 0,
        title: entry.message,
        change: '',
      })
    }
  }

  const ports = (logs: ExecutionLogEntry[]): EnginePorts => ({
    backend: deps.backend,
    templates: deps.templates,
    ...(deps.clock ? { clock: deps.clock } : {}),
    trace: { log: (entry) => void logs.push(entry) },
    deferrer: { defer: (walk: DeferredWalk) => enqueue(() => runDeferred(walk)) },
  })

  const runDeferred = async (walk: DeferredWalk) => {
    const row = (await listWorkflows(store.db)).find((workflow) => String(workflow.id) === walk.workflowId)
    if (!row) return
    const logs: ExecutionLogEntry[] = []
    await runDeferredWalk({
      catalogue: registry,
      isModuleEnabled: settings.isModuleEnabled,
      ports: ports(logs),
      workflow: workflowRecord(row),
      walk,
    })
    await writeEngineLogs(logs)
  }

  const runAll = async (triggerId: string, raw: unknown): Promise<TriggerResult> => {
    const errors: string[] = []
    for (const row of await listWorkflows(store.db, triggerId)) {
      const logs: ExecutionLogEntry[] = []
      const run = await runWorkflow({
        catalogue: registry,
        isModuleEnabled: settings.isModuleEnabled,
        ports: ports(logs),
        workflow: workflowRecord(row),
        triggerId,
        data: structuredClone(raw),
        isTriggerEnabled: settings.isTriggerEnabled,
      })
      if (run.counted) await incrementWorkflowCounter(store.db, row.id)
      await writeEngineLogs(logs)
      errors.push(...run.errors)
      if (!run.success) return { success: false, errors }
    }
    return { success: true, errors }
  }

  const isCallable = async (triggerId: string) =>
    settings.workflowsEnabled() &&
    settings.isTriggerEnabled(triggerId) &&
    (await listWorkflows(store.db, triggerId)).length > 0

  const dispatcher: TriggerDispatcher = {
    isCallable,
    async fire(triggerId, raw, logging) {
      const trigger = registry.trigger(triggerId)
      if (!trigger) throw new Error(`Unknown trigger ${triggerId}`)
      if (!(await isCallable(triggerId))) return { success: true, errors: [] }
      if (!trigger.descriptor.blocking) {
        const data = structuredClone(raw)
        enqueue(async () => {
          await runAll(triggerId, data)
        })
        return { success: true, errors: [] }
      }
      const result = await runAll(triggerId, raw)
      if (!result.success && logging) {
        await systemLog({
          action: logging.action,
          model: logging.model,
          modelId: Number(logging.id) || 0,
          title: logging.message ?? DEFAULT_FAILURE_TITLE,
          change: `Returned message: ${result.errors.join(', ')}`,
        })
      }
      return result
    },
    async drain() {
      while (pending > 0) await tail
    },
  }
  return dispatcher
}

/**
 * The one place where operations fire workflow triggers (spec/ENGINE.md §2.1, §2.10, §2.12).
 * Blocking triggers run inline through the engine and answer the veto; non-blocking ones run
 * right after the caller's commit, in-process, on a promise chain (`drain()` awaits it). Issue
 * #4 swaps the non-blocking path for the durable queue by replacing `enqueue` only.
 */
import { runDeferredWalk, runWorkflow } from '../../engine/index.ts'
import type { DataBackend, DeferredWalk, EnginePorts, ExecutionLogEntry, TemplateRenderer } from '../../engine/index.ts'
import type { ModuleRegistry } from '../../modules/index.ts'
import { cacheMaxAgeMs, incrementWorkflowCounter, insertLog, type Store } from '../../store/index.ts'
import { fireLogAfterSave } from '../logs/log-after-save.ts'
import type { SettingsService } from '../settings/settings-service.ts'
import { createWorkflowCache, type WorkflowCache } from '../workflows/workflow-cache.ts'

/** The logging context of a trigger site (spec/ENGINE.md §2.1 step 3, §4.1.1). */
export interface TriggerLogging {
  action: string
  model: string
  id: number | string
  /** The log title on failure; MISP's default is `Error while executing workflow.`. */
  message?: string
}

/** How a trigger site hands its raw data over. */
export interface FireOptions {
  /**
   * The caller never reads `raw` again (it built it for this firing): the last workflow runs on
   * it instead of a copy. Without it every workflow gets its own `structuredClone`, which for a
   * full event costs more than the run.
   */
  isRawTransferred?: boolean
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
  fire(triggerId: string, raw: unknown, logging?: TriggerLogging, options?: FireOptions): Promise<TriggerResult>
  /** Resolves when every queued non-blocking run (and its deferred walks) has finished. */
  drain(): Promise<void>
  /** Tells the dispatcher that workflows changed: the next firing reads them again. */
  workflowsChanged(): void
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
  /** The workflow list (default: a cache of `store`'s table, store/cache-policy.ts). */
  workflows?: WorkflowCache
}

const DEFAULT_FAILURE_TITLE = 'Error while executing workflow.'

/** MISP's log timestamp: `YYYY-MM-DD HH:MM:SS` (UTC). */
export function logTimestamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ')
}

/** The in-process dispatcher (until issue #4's queue). */
export function createTriggerDispatcher(deps: DispatcherDeps): TriggerDispatcher {
  const { store, registry, settings } = deps
  const workflows = deps.workflows ?? createWorkflowCache(store.db, { maxAgeMs: cacheMaxAgeMs(store.dialect) })
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
    const workflow = await workflows.byId(walk.workflowId)
    if (!workflow) return
    const logs: ExecutionLogEntry[] = []
    await runDeferredWalk({
      catalogue: registry,
      isModuleEnabled: settings.isModuleEnabled,
      ports: ports(logs),
      workflow: workflow.record,
      walk,
    })
    await writeEngineLogs(logs)
  }

  /** Runs the trigger's workflows in order until one fails; each gets data no other run shares. */
  const runAll = async (triggerId: string, raw: unknown, isRawOwned: boolean): Promise<TriggerResult> => {
    const errors: string[] = []
    const list = await workflows.forTrigger(triggerId)
    for (const [index, workflow] of list.entries()) {
      const logs: ExecutionLogEntry[] = []
      const run = await runWorkflow({
        catalogue: registry,
        isModuleEnabled: settings.isModuleEnabled,
        ports: ports(logs),
        workflow: workflow.record,
        triggerId,
        data: isRawOwned && index === list.length - 1 ? raw : structuredClone(raw),
        isTriggerEnabled: settings.isTriggerEnabled,
      })
      if (run.counted) await incrementWorkflowCounter(store.db, workflow.id)
      await writeEngineLogs(logs)
      errors.push(...run.errors)
      if (!run.success) return { success: false, errors }
    }
    return { success: true, errors }
  }

  const isCallable = async (triggerId: string) => {
    await settings.refresh()
    return (
      settings.workflowsEnabled() &&
      settings.isTriggerEnabled(triggerId) &&
      (await workflows.forTrigger(triggerId)).length > 0
    )
  }

  const dispatcher: TriggerDispatcher = {
    isCallable,
    async fire(triggerId, raw, logging, options = {}) {
      const trigger = registry.trigger(triggerId)
      if (!trigger) throw new Error(`Unknown trigger ${triggerId}`)
      if (!(await isCallable(triggerId))) return { success: true, errors: [] }
      if (!trigger.descriptor.blocking) {
        const data = options.isRawTransferred === true ? raw : structuredClone(raw)
        enqueue(async () => {
          await runAll(triggerId, data, true)
        })
        return { success: true, errors: [] }
      }
      const result = await runAll(triggerId, raw, options.isRawTransferred === true)
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
    workflowsChanged: () => workflows.invalidate(),
  }
  return dispatcher
}

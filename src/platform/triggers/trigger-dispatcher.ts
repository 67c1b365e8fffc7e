/**
 * The one place where operations fire workflow triggers (spec/ENGINE.md §2.1, §2.10, §2.12).
 * Blocking triggers run inline through the engine and answer the veto. Non-blocking ones, and
 * every concurrent-task branch (§2.6.3), become jobs of the durable queue (src/queue, issue
 * #4): written through the caller's transaction when it passes one (`FireOptions.db`, an
 * outbox), run later by a worker through `runJob` (this process's, or `sluice worker`'s).
 *
 *   fire(non-blocking, raw, {db: trx}) ─▶ queue.enqueue({trigger, data, workflowIds, chain}, trx)
 *   worker ─▶ runJob(payload) ─▶ runWorkflow per workflow ─▶ counter, logs, metrics
 *   concurrent-task ─▶ deferrer ─▶ queue.enqueue({walk}) ─▶ worker ─▶ runJob ─▶ runDeferredWalk
 */
import { runDeferredWalk, runWorkflow } from '../../engine/index.ts'
import type {
  DataBackend,
  DeferredWalk,
  ModuleCatalogue,
  EnginePorts,
  ExecutionLogEntry,
  TemplateRenderer,
  WalkRun,
  WorkflowRecord,
  WorkflowRun,
} from '../../engine/index.ts'
import type { ModuleRegistry } from '../../modules/index.ts'
import { createEmbeddedJobQueue, type JobPayload, type JobQueue } from '../../queue/index.ts'
import { cacheMaxAgeMs, type Executor, incrementWorkflowCounter, insertLog, type Store } from '../../store/index.ts'
import { fireLogAfterSave } from '../logs/log-after-save.ts'
import type { RunMetrics } from '../metrics/run-metrics.ts'
import type { SettingsService } from '../settings/settings-service.ts'
import { isRunChain, loopGuardRefusal, loopLimits, type RunChain } from '../runs/run-chain.ts'
import {
  noRunRecorder,
  type RunCall,
  type RunRecorder,
  type RunResult,
  type RunScope,
  walkOutcome,
} from '../runs/run-recorder.ts'
import { type CachedWorkflow, createWorkflowCache, type WorkflowCache } from '../workflows/workflow-cache.ts'

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
   * The caller never reads or changes `raw` again (it built it for this firing) and `raw` is plain
   * JSON data: plain objects and arrays of strings, finite numbers, booleans and null, as built
   * from database rows (no `undefined`, `Date`, `Buffer` or class instance; test/trigger-data-
   * plain-json.test.ts holds every site to it). The last workflow then runs on `raw` instead of
   * a copy (without it every workflow gets its own `structuredClone`, which for a full event
   * costs more than the run), the run history stores it without checking it again, and a
   * non-blocking trigger's job hands it to a worker of this process as it is
   * (queue/embedded/input-handoff.ts).
   */
  isRawTransferred?: boolean
  /** The runs that caused this operation (an action's `Actor.chain`): the loop guard reads it (runs/run-chain.ts). */
  chain?: RunChain
  /**
   * The transaction of the operation that fires the trigger: a non-blocking trigger's job is
   * written through it and commits (or rolls back) with the operation (the outbox of issue #4).
   */
  db?: Executor
}

/** What firing a trigger answered: `success` false only for a blocking veto. */
export interface TriggerResult {
  success: boolean
  errors: string[]
}

/**
 * How the editor's run of an unsaved graph differs from a manual run (docs/workflow-api.md
 * `POST /sluice/workflows/run`): a dry run replaces the run's ports and wraps the catalogue
 * (platform/workflows/dry-run-ports.ts), and writes nothing (no history, counter or log lines).
 */
export interface GraphRunOptions {
  /** Replaces the run's ports (backend, outbound, deferrer…). */
  portsOf?: (ports: EnginePorts) => EnginePorts
  /** Replaces the module catalogue the run reads. */
  catalogueOf?: (catalogue: ModuleCatalogue) => ModuleCatalogue
  /** false: the run is neither recorded in the history nor counted nor logged. Default true. */
  isRecorded?: boolean
  /** Keep the data each node saw in the trace even when the history does not. */
  captureData?: boolean
}

/** Fires triggers. */
export interface TriggerDispatcher {
  /**
   * Whether firing `triggerId` would run anything (§2.1 step 1); call sites check it before building
   * costly data. A site inside a transaction passes it as `db` (nothing then waits for another connection).
   */
  isCallable(triggerId: string, db?: Executor): Promise<boolean>
  fire(triggerId: string, raw: unknown, logging?: TriggerLogging, options?: FireOptions): Promise<TriggerResult>
  /** Resolves when every queued non-blocking run (and its deferred walks) has finished. */
  drain(): Promise<void>
  /** Runs one job of the queue (a deferred trigger run or walk); a rejection is retried. */
  runJob(payload: JobPayload): Promise<void>
  /** The queue deferred work goes through. */
  readonly queue: JobQueue
  /** Stops this process's workers once running jobs end (queued jobs stay queued). */
  close(): Promise<void>
  /** Tells the dispatcher that workflows changed: the next firing reads them again. */
  workflowsChanged(): void
  /**
   * Runs `workflow` now on `raw`, outside any trigger site (manual runs, replays): loop guard,
   * counter, execution logs and history as for a trigger run, whether or not the trigger is enabled.
   */
  runWorkflowNow(workflow: WorkflowRecord, raw: unknown, call: RunCall): Promise<WorkflowRun & { runId: string }>
  /**
   * Runs a graph now as `runWorkflowNow` does, with `options` (the editor's run of the graph being
   * edited, dry or not); `runId` is null when the run was not recorded.
   */
  runGraphNow(
    workflow: WorkflowRecord,
    raw: unknown,
    call: RunCall,
    options: GraphRunOptions,
  ): Promise<WorkflowRun & { runId: string | null }>
  /** Runs a concurrent-task walk now on `workflow` (replay of a branch), recorded in the history. */
  runWalkNow(workflow: WorkflowRecord, walk: DeferredWalk, call: RunCall): Promise<WalkRun & { runId: string }>
}

/** What the in-process dispatcher needs. */
export interface DispatcherDeps {
  store: Store
  registry: ModuleRegistry
  backend: DataBackend
  settings: SettingsService
  templates?: TemplateRenderer
  /** HTTP, mail and ZeroMQ for action modules (src/platform/outbound/). */
  outbound?: EnginePorts['outbound']
  /**
   * misp-modules enrichment for one run (src/platform/enrichment/enrichment-port.ts): the
   * `enrichment-before-query` firings it makes carry the run's chain, for the loop guard.
   */
  enrichmentForRun?: (chain: RunChain) => NonNullable<EnginePorts['enrichment']>
  /** Where debug-mode posts go (spec/ENGINE.md §2.13; platform/debug/debug-poster.ts). */
  debugPost?: NonNullable<EnginePorts['trace']>['debugPost']
  clock?: EnginePorts['clock']
  /** Called with errors of background runs (they never reach a caller). */
  onBackgroundError?: (error: unknown) => void
  /** The workflow list (default: a cache of `store`'s table, store/cache-policy.ts). */
  workflows?: WorkflowCache
  /** Where deferred work goes (default: the embedded queue over `store`, drained here). */
  queue?: JobQueue
  /** Whether this process runs queued jobs (default true; false for `sluice serve --queue redis://…`). */
  isWorker?: boolean
  /** Counts runs and times them (`/sluice/metrics`). */
  metrics?: RunMetrics
  /** Where runs are recorded (default: nowhere; runs/run-recorder.ts). */
  runs?: RunRecorder
  /**
   * The DataBackend the modules of one run get: operations it performs run with `actor.chain =
   * chain` (the run's chain), so that the triggers they fire carry it (docs/runs.md). Default: `backend`.
   */
  backendForRun?: (chain: RunChain) => DataBackend
}

const DEFAULT_FAILURE_TITLE = 'Error while executing workflow.'

/** MISP's log timestamp: `YYYY-MM-DD HH:MM:SS` (UTC). */
export function logTimestamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ')
}

/** The dispatcher: blocking runs inline, deferred work through the queue. */
export function createTriggerDispatcher(deps: DispatcherDeps): TriggerDispatcher {
  const { store, registry, settings } = deps
  const workflows = deps.workflows ?? createWorkflowCache(store.db, { maxAgeMs: cacheMaxAgeMs(store.dialect) })
  const now = () => deps.clock?.now() ?? new Date()
  const queue = deps.queue ?? createEmbeddedJobQueue(store, { onJobError: (error) => deps.onBackgroundError?.(error) })
  const elapsed = () => performance.now()

  /** A log row written by the system (MISP's `SYSTEM` user). */
  const systemLogRow = (entry: { action: string; model: string; modelId: number; title: string; change: string }) => ({
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
  })

  /** The execution log row of an engine log entry (§2.12). */
  const engineLogRow = (entry: ExecutionLogEntry) =>
    systemLogRow({
      action: 'execute_workflow',
      model: 'Workflow',
      modelId: Number(entry.workflowId) || 0,
      title: entry.message,
      change: '',
    })

  const systemLog = async (entry: Parameters<typeof systemLogRow>[0]) => {
    const row = systemLogRow(entry)
    const id = await insertLog(store.db, row)
    // The veto rows of §2.10 (model Event, User…) fire log-after-save; the engine's (Workflow) never do.
    await fireLogAfterSave(dispatcher, id, row)
  }

  // Model `Workflow`: these rows fire no log-after-save (logs/log-after-save.ts).
  const writeEngineLogs = async (entries: ExecutionLogEntry[]) => {
    for (const entry of entries) await insertLog(store.db, engineLogRow(entry))
  }

  const runs = deps.runs ?? noRunRecorder

  /**
   * Records a finished run: its counter increment and execution log rows go to the recorder,
   * which commits them with the run row and with the other runs finishing at the same time
   * (runs/run-recorder.ts, docs/runs.md) — one commit instead of three, on the path of every
   * blocking operation and every queued job. A failed write rejects (after the recorder has
   * reported it), so that a queue worker does not acknowledge its job, which then runs again.
   * Without a history, written one by one.
   */
  const recordRun = async (
    scope: RunScope,
    result: RunResult,
    counterOf: number | undefined,
    logs: ExecutionLogEntry[],
  ) => {
    if (!deps.runs) {
      if (counterOf !== undefined) await incrementWorkflowCounter(store.db, counterOf)
      await writeEngineLogs(logs)
      return
    }
    await runs.finish(scope, result, { counterOf, logs: logs.map(engineLogRow) })
  }

  // The ports of one run: its modules act with the run's chain, its branches link to it.
  // `held`: the walks wait there until the caller flushes them (runAll: every workflow's blocking path first).
  const ports = (logs: ExecutionLogEntry[], scope: RunScope, held?: Array<() => Promise<unknown>>): EnginePorts => ({
    backend: deps.backendForRun ? deps.backendForRun(scope.chain) : deps.backend,
    templates: deps.templates,
    ...(deps.outbound ? { outbound: deps.outbound } : {}),
    ...(deps.enrichmentForRun ? { enrichment: deps.enrichmentForRun(scope.chain) } : {}),
    ...(deps.clock ? { clock: deps.clock } : {}),
    trace: { log: (entry) => void logs.push(entry), debugPost: deps.debugPost },
    deferrer: {
      defer: (walk: DeferredWalk) => {
        const enqueue = () =>
          queue.enqueue({
            kind: 'walk',
            triggerId: triggerOfWalk(walk),
            walk: { ...walk, parentRunId: scope.id },
            chain: scope.chain,
            parentRunId: scope.id,
          })
        if (held) held.push(enqueue)
        else return enqueue()
      },
    },
  })

  // The trigger of the workflow a walk belongs to (for metrics and dead-job listings).
  const walkTriggers = new Map<string, string>()
  const triggerOfWalk = (walk: DeferredWalk) => walkTriggers.get(walk.workflowId) ?? ''

  /** A concurrent-task branch (spec/ENGINE.md §2.6.3) on the workflow as it is now; `chain` is its parent run's. */
  const runDeferred = async (walk: DeferredWalk, chain?: RunChain, inputId?: string) => {
    const workflow = await workflows.byId(walk.workflowId)
    if (!workflow) return
    await runWalk(workflow.record, walk, {
      kind: 'concurrent',
      parentId: walk.parentRunId ?? null,
      chain,
      ...(inputId ? { inputId } : {}),
    })
  }

  /** One deferred walk, recorded in the history (runs/run-recorder.ts). */
  const runWalk = async (record: WorkflowRecord, walk: DeferredWalk, call: RunCall) => {
    const scope = runs.begin({
      kind: call.kind ?? 'concurrent',
      triggerId: record.trigger_id,
      workflow: record,
      parentId: call.parentId ?? null,
      causedBy: call.chain,
      startNode: walk.nodeId,
    })
    const logs: ExecutionLogEntry[] = []
    const started = elapsed()
    const run = await runDeferredWalk({
      catalogue: registry,
      isModuleEnabled: settings.isModuleEnabled,
      captureData: runs.capturesData(),
      ports: ports(logs, scope),
      workflow: record,
      walk,
    })
    deps.metrics?.observeRun({
      triggerId: record.trigger_id,
      kind: 'walk',
      outcome: run.success ? 'success' : 'failure',
      durationMs: elapsed() - started,
      trace: run.trace,
    })
    // The walk starts on its input: nodes that saw it unchanged are recorded by reference.
    const result = { input: walk.data, outcome: walkOutcome(run), ...run, start: { data: walk.data } }
    await recordRun(scope, call.inputId ? { ...result, inputId: call.inputId } : result, undefined, logs)
    return { ...run, runId: scope.id }
  }

  /** One workflow run for `triggerId`, under the loop guard (runs/run-chain.ts), recorded in the history. */
  const runOne = async (
    record: WorkflowRecord,
    triggerId: string,
    data: unknown,
    call: RunCall,
    isTriggerSite: boolean,
    held?: Array<() => Promise<unknown>>,
    graphRun: GraphRunOptions = {},
  ): Promise<WorkflowRun & { runId: string }> => {
    const kind = call.kind ?? 'trigger'
    const recorder = graphRun.isRecorded === false ? noRunRecorder : runs
    const scope = recorder.begin({ kind, triggerId, workflow: record, parentId: call.parentId, causedBy: call.chain })
    const refusal = loopGuardRefusal(call.chain, { workflowId: String(record.id), triggerId }, loopLimits(settings.get))
    if (refusal) return refuse(scope, record, data, refusal, graphRun.isRecorded !== false)
    const logs: ExecutionLogEntry[] = []
    const started = elapsed()
    const runPorts = ports(logs, scope, held)
    const run = await runWorkflow({
      catalogue: graphRun.catalogueOf ? graphRun.catalogueOf(registry) : registry,
      isModuleEnabled: settings.isModuleEnabled,
      captureData: graphRun.captureData ?? runs.capturesData(),
      ports: graphRun.portsOf ? graphRun.portsOf(runPorts) : runPorts,
      workflow: record,
      triggerId,
      data,
      ...(isTriggerSite ? { isTriggerEnabled: settings.isTriggerEnabled } : {}),
    })
    if (graphRun.isRecorded === false) return { ...run, runId: scope.id }
    deps.metrics?.observeRun({
      triggerId,
      kind: 'trigger',
      outcome: run.outcome,
      durationMs: elapsed() - started,
      trace: run.trace,
    })
    if (!run.skipped) {
      // Counter, execution logs and the run's row commit together, batched (recordRun).
      const result = {
        input: data,
        ...run,
        ...(call.inputId ? { inputId: call.inputId } : {}),
        ...(call.isInputPlainJson ? { isInputPlainJson: true } : {}),
        // A normalisation without look-ups, by the registry's trigger, is derived again when read.
        ...(run.normalised && !run.normalised.readLookups && !graphRun.catalogueOf
          ? { start: { data: run.normalised.data, normalisedBy: triggerId } }
          : {}),
      }
      const recorded = recordRun(scope, result, run.counted ? Number(record.id) : undefined, logs)
      // A queue worker must not acknowledge a job whose record failed; any other run's caller
      // gets its outcome anyway (the recorder has reported the failure to the background errors).
      if (kind === 'deferred') await recorded
      else await recorded.catch(() => {})
      return { ...run, runId: scope.id }
    }
    if (run.counted) await incrementWorkflowCounter(store.db, Number(record.id))
    await writeEngineLogs(logs)
    return { ...run, runId: scope.id }
  }

  /** A run the loop guard refused: a failure with the guard's error, logged and recorded; nothing ran. */
  const refuse = async (scope: RunScope, record: WorkflowRecord, data: unknown, refusal: string, isRecorded = true) => {
    const triggerId = String(scope.meta.triggerId)
    if (isRecorded)
      await writeEngineLogs([{ level: 'error', workflowId: String(record.id), triggerId, message: refusal }])
    const run: WorkflowRun = {
      outcome: 'failure',
      success: false,
      outcomeText: 'failure',
      executedNodes: [],
      blockingNodes: [],
      blockedPaths: [],
      errors: [refusal],
      data,
      deferred: [],
      trace: [],
      counted: false,
      skipped: false,
    }
    if (isRecorded) await runs.finish(scope, { input: data, ...run })
    return { ...run, runId: scope.id }
  }

  /** Runs the trigger's workflows in order until one fails; each gets data no other run shares. */
  const runAll = async (
    triggerId: string,
    raw: unknown,
    isRawOwned: boolean,
    listed?: readonly CachedWorkflow[],
    call: RunCall = {},
  ): Promise<TriggerResult> => {
    const errors: string[] = []
    const list = listed ?? (await workflows.forTrigger(triggerId))
    // Several workflows: every blocking path runs before any deferred one (ARCHITECTURE.md §2).
    const held: Array<() => Promise<unknown>> = []
    let success = true
    for (const [index, workflow] of list.entries()) {
      walkTriggers.set(String(workflow.id), triggerId)
      const data = isRawOwned && index === list.length - 1 ? raw : structuredClone(raw)
      const run = await runOne(workflow.record, triggerId, data, call, true, list.length > 1 ? held : undefined)
      errors.push(...run.errors)
      if (!run.success) {
        success = false
        break
      }
    }
    for (const enqueue of held) await enqueue()
    return { success, errors }
  }

  // Inside a caller's transaction nothing may wait for another connection: SQLite has one, and
  // on PostgreSQL transactions holding every pooled connection would wait for each other. So
  // the settings stay as cached and a stale workflow list is read through the transaction.
  const isCallable = async (triggerId: string, db?: Executor) => {
    if (!db?.isTransaction) await settings.refresh()
    return (
      settings.workflowsEnabled() &&
      settings.isTriggerEnabled(triggerId) &&
      (await workflows.forTrigger(triggerId, db)).length > 0
    )
  }

  const runJob = async (job: JobPayload) => {
    // A worker process fires no triggers of its own, so nothing else would re-read the settings
    // that other processes change (run-history switches, enabled modules) while it runs.
    await settings.refresh()
    // The chain came through the queue from another process, maybe: use it only if it is one.
    const chain = isRunChain(job.chain) ? job.chain : undefined
    if (job.kind === 'walk') return runDeferred(job.walk, chain, job.inputId)
    // The workflows that listened when the trigger fired, as saved now (MISP's worker re-reads them).
    const list: CachedWorkflow[] = []
    for (const id of job.workflowIds) {
      const workflow = await workflows.byId(id)
      if (workflow) list.push(workflow)
    }
    await runAll(job.triggerId, job.data, true, list, {
      kind: 'deferred',
      chain,
      ...(job.inputId ? { inputId: job.inputId } : {}),
    })
  }

  const dispatcher: TriggerDispatcher = {
    isCallable,
    async fire(triggerId, raw, logging, options = {}) {
      const trigger = registry.trigger(triggerId)
      if (!trigger) throw new Error(`Unknown trigger ${triggerId}`)
      if (!(await isCallable(triggerId, options.db))) return { success: true, errors: [] }
      if (!trigger.descriptor.blocking) {
        // The payload is serialised as the job is written: later changes to `raw` do not reach
        // the job. A transferred `raw` is plain JSON, as its stored text reads back, so a worker
        // of this process may run on it as it is (queue/embedded/input-handoff.ts).
        const list = await workflows.forTrigger(triggerId, options.db)
        await queue.enqueue(
          {
            kind: 'trigger',
            triggerId,
            data: raw,
            workflowIds: list.map((workflow) => String(workflow.id)),
            ...(options.chain ? { chain: options.chain } : {}),
          },
          options.db,
          { isInputTransferred: options.isRawTransferred === true },
        )
        return { success: true, errors: [] }
      }
      const isTransferred = options.isRawTransferred === true
      const result = await runAll(triggerId, raw, isTransferred, undefined, {
        chain: options.chain,
        // Each workflow's data is `raw` or a structured clone of it: plain JSON as `raw` is.
        ...(isTransferred ? { isInputPlainJson: true } : {}),
      })
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
    drain: () => queue.drain(),
    runJob,
    queue,
    close: () => queue.close(),
    workflowsChanged: () => workflows.invalidate(),
    runWorkflowNow: (workflow, raw, call) => runOne(workflow, workflow.trigger_id, raw, call, false),
    runGraphNow: async (workflow, raw, call, options) => {
      const run = await runOne(workflow, workflow.trigger_id, raw, call, false, undefined, options)
      return { ...run, runId: options.isRecorded === false ? null : run.runId }
    },
    runWalkNow: (workflow, walk, call) => runWalk(workflow, walk, call),
  }
  if (deps.isWorker !== false) queue.start(runJob)
  return dispatcher
}

/**
 * Wiring the platform over a store (issue #3): settings, the local DataBackend, the trigger
 * dispatcher and the entity services. Synchronous: settings load lazily, and every operation
 * waits for that first load.
 */
import type { Clock, DataBackend, Enrichment } from '../engine/index.ts'
import {
  createBuiltinRegistry,
  createJinjaRenderer,
  createLiveRegistry,
  loadMispActionModules,
  type ModuleRegistry,
} from '../modules/index.ts'
import type { JobQueue } from '../queue/index.ts'
import type { Store } from '../store/index.ts'
import { afterReady } from './after-ready.ts'
import { createAttributeService } from './attributes/attribute-service.ts'
import {
  createEnrichmentService,
  type EnrichmentClient,
  type EnrichmentService,
} from './enrichment/enrichment-service.ts'
import { createEventReportService } from './event-reports/event-report-service.ts'
import { createEventService } from './events/event-service.ts'
import { createImportService, type ImportService } from './import/import-service.ts'
import { createFeedPresence } from './feeds/feed-presence.ts'
import { createFeedService, type FeedService } from './feeds/feed-service.ts'
import { createDebugPoster, type DebugPoster } from './debug/debug-poster.ts'
import { createLocalBackend } from './local-backend.ts'
import { createLogService } from './logs/log-service.ts'
import { renderPrometheus } from './metrics/prometheus-text.ts'
import { createRunMetrics, type RunMetrics } from './metrics/run-metrics.ts'
import { createObjectService } from './objects/object-service.ts'
import { createObjectReferenceService } from './object-references/object-reference-service.ts'
import { createRunRecorder } from './runs/run-recorder.ts'
import { createRunService, type RunService, schedulePurge } from './runs/run-service.ts'
import { createOutbound, type HostOutbound, settingFlag } from './outbound/index.ts'
import { createEnrichmentCache } from './enrichment/enrichment-cache.ts'
import { createEnrichmentPorts } from './enrichment/enrichment-port.ts'
import { createOutboundEnrichmentClient } from './enrichment/http-enrichment-client.ts'
import type { PlatformContext } from './platform-context.ts'
import { createDeadJobAdmin } from './queue/dead-job-admin.ts'
import { createSettingsService, type SettingsService } from './settings/settings-service.ts'
import { createSharingGroupService, type SharingGroupService } from './sharing-groups/sharing-group-service.ts'
import { createProposalService } from './shadow-attributes/proposal-service.ts'
import { createSightingService } from './sightings/sighting-service.ts'
import { createTagService } from './tags/tag-service.ts'
import { createTriggerDispatcher, type TriggerDispatcher } from './triggers/trigger-dispatcher.ts'
import type { Platform } from './types.ts'
import { createPostService } from './posts/post-service.ts'
import { createSessionRecords, type SessionRecords } from './users/session-records.ts'
import { createUserService } from './users/user-service.ts'
import { createWorkflowAdmin, type WorkflowAdmin } from './workflows/workflow-admin.ts'
import { createWorkflowStore, type WorkflowStore } from './workflows/workflow-store.ts'
import { createWorkflowActions, type WorkflowActionDeps, workflowActor } from './workflow-actions/index.ts'
import type { RunChain } from './runs/run-chain.ts'

/** The MISP version Sluice answers in `/servers/getVersion`. */
export const MISP_COMPATIBLE_VERSION = '2.5.0'

/** What `createPlatform` needs. */
export interface PlatformOptions {
  store: Store
  /** The module registry (default: the built-ins). */
  registry?: ModuleRegistry
  clock?: Pick<Clock, 'now'> & Partial<Clock>
  /** Errors of background (non-blocking) runs; default: written to stderr. */
  onBackgroundError?: (error: unknown) => void
  /** The enrichment service (misp-modules, issue #5); without one, enrichment queries fail clearly. */
  enrichment?: EnrichmentClient
  /** HTTP, mail and ZeroMQ for action modules (default: built from the settings, docs/outbound.md). */
  outbound?: HostOutbound
  /** Where deferred work goes (default: the embedded queue over `store`; src/queue). */
  queue?: JobQueue
  /** Whether this process runs queued jobs (default true; `sluice serve --queue redis://…` only enqueues). */
  isWorker?: boolean
  /**
   * Whether `close()` first runs every queued job (default true, as `sluice import` needs). A
   * server stops without: running jobs end, queued ones wait in the queue for the next start.
   */
  isDrainedOnClose?: boolean
  /** Purge the run history by its retention settings this often, in ms (`serve`; default: never). */
  purgeRunsEveryMs?: number
  /** The folder of MISP blueprint files `/workflowBlueprints/update` loads (`serve --blueprints`). */
  blueprintsDir?: string
}

/** The platform with what the host and tests need besides the MISP operations. */
export interface LocalPlatform extends Platform {
  store: Store
  backend: DataBackend
  /**
   * The backend for one run: the data operations act as the workflow user with the run's causal
   * `chain`, so the triggers they fire carry it (workflow-actions/, docs/runs.md).
   */
  workflowBackend(chain?: RunChain): DataBackend
  dispatcher: TriggerDispatcher
  settings: Pick<SettingsService, 'get' | 'set' | 'load'>
  workflows: WorkflowStore
  enrichment: EnrichmentService
  imports: ImportService
  feeds: FeedService
  sharingGroups: SharingGroupService
  sessions: SessionRecords
  /** The run history (`/sluice/runs`); its `recorder` records manual and stateless runs (docs/runs.md). */
  runs: RunService
  /** The workflow administration API's services (`/workflows`, `/workflowBlueprints`, settings). */
  workflowAdmin: WorkflowAdmin
  /** Sends debug-mode posts to `Plugin.Workflow_debug_url`; `settled()` waits for those in flight. */
  debugPoster: DebugPoster
  /** The Outbound port every run gets. */
  outbound: HostOutbound
  /**
   * Asks the configured misp-modules action service for its action modules and makes them
   * nodes of the catalogue (spec/ENGINE.md §5.6); answers how many it found (none when the
   * service is off or down, the reason given to `onBackgroundError`).
   */
  loadMispModules(): Promise<number>
  /** The Enrichment port every run gets (attach-enrichment, enrich-event; enrichment/enrichment-port.ts). */
  enrichmentPort: Enrichment
  /** The queue of deferred work, and this process's run metrics (`/sluice/metrics`). */
  queue: JobQueue
  metrics: RunMetrics
  /** Waits for queued non-blocking runs. */
  drain(): Promise<void>
  /** Waits for queued runs; the caller closes the store. */
  close(): Promise<void>
}

/** Builds the platform over `store` (issue #3). */
export function createPlatform(options: PlatformOptions): LocalPlatform {
  const { store } = options
  // Live: misp-modules' action modules join it when `loadMispModules()` finds them.
  const registry = createLiveRegistry(options.registry ?? createBuiltinRegistry())
  const settings = createSettingsService(store)
  const backend = createLocalBackend(store.db, () => settings.hostOrgId())
  const clock = options.clock ?? { now: () => new Date() }
  const outbound = options.outbound ?? createOutbound({ db: store.db, settings: settings.get })
  // misp-modules enrichment for attach-enrichment / enrich-event; the dispatcher and the
  // attribute service it uses are created below, so it reaches them when it runs.
  const enrichmentPorts = createEnrichmentPorts({
    fire: (...args) => dispatcher.fire(...args),
    db: store.db,
    outbound,
    settings: settings.get,
    cache: createEnrichmentCache(),
    attributes: { add: (...args) => actionDeps.services.attributes.add(...args) },
    // Answers' objects and references go through the platform's own operations (their triggers fire).
    objects: { add: (...args) => createObjectService(ctx).add(...args) },
    objectReferences: { add: (...args) => createObjectReferenceService(ctx).add(...args) },
    actor: (chain) => workflowActor(settings.hostOrgId(), chain),
  })
  const enrichmentPort = enrichmentPorts()
  const engineClock: Clock | undefined = options.clock?.monotonic !== undefined ? (options.clock as Clock) : undefined
  const metrics = createRunMetrics()
  const isWorker = options.isWorker !== false
  const onBackgroundError =
    options.onBackgroundError ??
    ((error: unknown) => process.stderr.write(`sluice: background workflow run failed: ${String(error)}\n`))
  const recorder = createRunRecorder({ db: store.db, setting: settings.get, onError: onBackgroundError })
  const debugPoster = createDebugPoster({ baseUrl: () => settings.get('Plugin.Workflow_debug_url') })
  const dispatcher = createTriggerDispatcher({
    // Each run's data actions act with its chain (workflow-actions/); built once services exist.
    backendForRun: (chain) => workflowBackend(chain),
    debugPost: debugPoster.debugPost,
    runs: recorder,
    queue: options.queue,
    isWorker,
    metrics,
    store,
    registry,
    backend,
    settings,
    templates: createJinjaRenderer(),
    outbound,
    enrichmentForRun: (chain) => enrichmentPorts(chain),
    clock: engineClock,
    onBackgroundError:
      options.onBackgroundError ??
      ((error) => process.stderr.write(`sluice: background workflow run failed: ${String(error)}\n`)),
  })
  const feedPresence = createFeedPresence(store.dialect)
  const ctx: PlatformContext = { store, dispatcher, settings, backend, clock, feedPresence }
  const ready = () => settings.load()
  const events = createEventService(ctx)
  const discussions = createPostService(ctx)
  // The data operations of workflow actions (issue #5, workflow-actions/): the shared backend
  // gets them without a chain; `workflowBackend(chain)` gives a run its own, chain included.
  const actionDeps: WorkflowActionDeps = {
    ctx,
    hostOrgId: () => settings.hostOrgId(),
    services: {
      tags: afterReady(ready, createTagService(ctx)),
      attributes: afterReady(ready, createAttributeService(ctx)),
      events: afterReady(ready, events),
      shadowAttributes: afterReady(ready, createProposalService(ctx)),
    },
  }
  Object.assign(backend, createWorkflowActions(actionDeps))
  const workflowBackend = (chain?: RunChain): DataBackend => ({
    ...backend,
    ...createWorkflowActions(actionDeps, chain),
  })
  const runs = afterReady(ready, createRunService({ db: store.db, settings, recorder, dispatcher, triggers: registry }))
  const workflowAdmin = createWorkflowAdmin(ctx, registry, ready, {
    blueprintsDir: options.blueprintsDir,
    runs: recorder,
    ports: () => ({ templates: createJinjaRenderer(), outbound, enrichment: enrichmentPort }),
  })
  const stopPurging =
    options.purgeRunsEveryMs !== undefined ? schedulePurge(runs, options.purgeRunsEveryMs, onBackgroundError) : () => {}
  return {
    store,
    backend,
    workflowBackend,
    dispatcher,
    settings: { get: settings.get, set: (name, value) => settings.set(name, value), load: ready },
    workflows: afterReady(ready, createWorkflowStore(ctx)),
    events: afterReady(ready, events),
    attributes: afterReady(ready, createAttributeService(ctx)),
    tags: afterReady(ready, createTagService(ctx)),
    objects: afterReady(ready, createObjectService(ctx)),
    objectReferences: afterReady(ready, createObjectReferenceService(ctx)),
    sightings: afterReady(ready, createSightingService(ctx)),
    shadowAttributes: afterReady(ready, createProposalService(ctx)),
    eventReports: afterReady(ready, createEventReportService(ctx)),
    users: afterReady(ready, createUserService(ctx)),
    // Not after settings: the per-request session lookup needs none of them.
    sessions: createSessionRecords(store),
    posts: afterReady(ready, discussions.posts),
    threads: afterReady(ready, discussions.threads),
    logs: afterReady(ready, createLogService(ctx)),
    sharingGroups: afterReady(ready, createSharingGroupService(ctx)),
    enrichment: afterReady(
      ready,
      createEnrichmentService(
        ctx,
        options.enrichment ??
          (() =>
            settingFlag(settings.get, 'Plugin.Enrichment_services_enable')
              ? createOutboundEnrichmentClient(outbound)
              : undefined),
      ),
    ),
    imports: afterReady(ready, createImportService(ctx, events)),
    // Feed sources come over the Outbound port: its allow-list, timeout and size cap apply.
    feeds: afterReady(
      ready,
      createFeedService(ctx, { http: (request) => outbound.http(request), settings: settings.get }),
    ),
    runs,
    workflowAdmin,
    debugPoster,
    outbound,
    enrichmentPort,
    async loadMispModules() {
      await ready()
      if (!settingFlag(settings.get, 'Plugin.Action_services_enable')) {
        registry.setExtra([])
        return 0
      }
      const modules = await loadMispActionModules(outbound, (error) =>
        process.stderr.write(`sluice: misp-modules action modules are unavailable: ${error.message}\n`),
      )
      registry.setExtra(modules)
      dispatcher.workflowsChanged()
      return modules.length
    },
    version: () => ({
      version: MISP_COMPATIBLE_VERSION,
      perm_sync: false,
      perm_sighting: false,
      perm_galaxy_editor: false,
      request_encoding: [],
      filter_sightings: true,
    }),
    queue: dispatcher.queue,
    metrics,
    queueStatus: async (limit = 50) => ({
      kind: dispatcher.queue.kind,
      depth: await dispatcher.queue.depth(),
      dead: await dispatcher.queue.deadJobs(limit),
    }),
    deadJobs: afterReady(ready, createDeadJobAdmin(ctx)),
    prometheusText: async () => renderPrometheus(metrics, await dispatcher.queue.depth(), dispatcher.queue.kind),
    drain: () => dispatcher.drain(),
    close: async () => {
      stopPurging()
      // A worker finishes what is queued (`sluice import` runs its triggers before it exits);
      // a process that only enqueues leaves the work to the workers.
      if (isWorker && options.isDrainedOnClose !== false) await dispatcher.drain()
      await dispatcher.close()
      await outbound.close()
    },
  }
}

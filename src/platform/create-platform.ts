/**
 * Wiring the platform over a store (issue #3): settings, the local DataBackend, the trigger
 * dispatcher and the entity services. Synchronous: settings load lazily, and every operation
 * waits for that first load.
 */
import type { Clock, DataBackend } from '../engine/index.ts'
import { createBuiltinRegistry, createJinjaRenderer, type ModuleRegistry } from '../modules/index.ts'
import type { Store } from '../store/index.ts'
import { createAfterCommit } from './after-commit.ts'
import { createAttributeService } from './attributes/attribute-service.ts'
import {
  createEnrichmentService,
  type EnrichmentClient,
  type EnrichmentService,
} from './enrichment/enrichment-service.ts'
import { createEventReportService } from './event-reports/event-report-service.ts'
import { createEventService } from './events/event-service.ts'
import { createImportService, type ImportService } from './import/import-service.ts'
import { createLocalBackend } from './local-backend.ts'
import { createLogService } from './logs/log-service.ts'
import { createObjectService } from './objects/object-service.ts'
import type { PlatformContext } from './platform-context.ts'
import { createSettingsService, type SettingsService } from './settings/settings-service.ts'
import { createProposalService } from './shadow-attributes/proposal-service.ts'
import { createSightingService } from './sightings/sighting-service.ts'
import { createTagService } from './tags/tag-service.ts'
import { createTriggerDispatcher, type TriggerDispatcher } from './triggers/trigger-dispatcher.ts'
import type { Platform } from './types.ts'
import { createPostService } from './posts/post-service.ts'
import { createUserService } from './users/user-service.ts'
import { createWorkflowStore, type WorkflowStore } from './workflows/workflow-store.ts'

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
}

/** The platform with what the host and tests need besides the MISP operations. */
export interface LocalPlatform extends Platform {
  store: Store
  backend: DataBackend
  dispatcher: TriggerDispatcher
  settings: Pick<SettingsService, 'get' | 'set' | 'load'>
  workflows: WorkflowStore
  enrichment: EnrichmentService
  imports: ImportService
  /** Waits for queued non-blocking runs. */
  drain(): Promise<void>
  /** Waits for queued runs; the caller closes the store. */
  close(): Promise<void>
}

type AnyFunction = (...args: any[]) => Promise<unknown>

/** Makes every method of `service` wait for `ready` first. */
function afterReady<T extends object>(ready: () => Promise<void>, service: T): T {
  const wrapped: Record<string, unknown> = {}
  for (const [name, method] of Object.entries(service)) {
    wrapped[name] =
      typeof method === 'function'
        ? async (...args: unknown[]) => {
            await ready()
            return (method as AnyFunction).apply(service, args)
          }
        : method
  }
  return wrapped as T
}

/** Builds the platform over `store` (issue #3). */
export function createPlatform(options: PlatformOptions): LocalPlatform {
  const { store } = options
  const registry = options.registry ?? createBuiltinRegistry()
  const settings = createSettingsService(store)
  const backend = createLocalBackend(store.db, () => settings.hostOrgId())
  const clock = options.clock ?? { now: () => new Date() }
  const engineClock: Clock | undefined = options.clock?.monotonic !== undefined ? (options.clock as Clock) : undefined
  const dispatcher = createTriggerDispatcher({
    store,
    registry,
    backend,
    settings,
    templates: createJinjaRenderer(),
    clock: engineClock,
    onBackgroundError:
      options.onBackgroundError ??
      ((error) => process.stderr.write(`sluice: background workflow run failed: ${String(error)}\n`)),
  })
  // Services see a store whose transactions run after-commit work (audit rows' log-after-save).
  const commits = createAfterCommit(store)
  const ctx: PlatformContext = {
    store: commits.store,
    dispatcher,
    settings,
    backend,
    clock,
    afterCommit: commits.afterCommit,
  }
  const ready = () => settings.load()
  const events = createEventService(ctx)
  const discussions = createPostService(ctx)
  return {
    store,
    backend,
    dispatcher,
    settings: { get: settings.get, set: (name, value) => settings.set(name, value), load: ready },
    workflows: afterReady(ready, createWorkflowStore(ctx)),
    events: afterReady(ready, events),
    attributes: afterReady(ready, createAttributeService(ctx)),
    tags: afterReady(ready, createTagService(ctx)),
    objects: afterReady(ready, createObjectService(ctx)),
    sightings: afterReady(ready, createSightingService(ctx)),
    shadowAttributes: afterReady(ready, createProposalService(ctx)),
    eventReports: afterReady(ready, createEventReportService(ctx)),
    users: afterReady(ready, createUserService(ctx)),
    posts: afterReady(ready, discussions.posts),
    threads: afterReady(ready, discussions.threads),
    logs: afterReady(ready, createLogService(ctx)),
    enrichment: afterReady(ready, createEnrichmentService(ctx, options.enrichment)),
    imports: afterReady(ready, createImportService(ctx, events)),
    version: () => ({
      version: MISP_COMPATIBLE_VERSION,
      perm_sync: false,
      perm_sighting: false,
      perm_galaxy_editor: false,
      request_encoding: [],
      filter_sightings: true,
    }),
    drain: () => dispatcher.drain(),
    close: () => dispatcher.drain(),
  }
}

/** The host platform: MISP data operations and their trigger sites (issue #3). */
export type * from './types.ts'
export { bootstrap, type BootstrapOptions, generateApiKey } from './bootstrap.ts'
export { createPlatform, type LocalPlatform, MISP_COMPATIBLE_VERSION, type PlatformOptions } from './create-platform.ts'
export {
  createEnrichmentService,
  ENRICHMENT_BLOCKED_MESSAGE,
  type EnrichmentClient,
  type EnrichmentOutcome,
  type EnrichmentQuery,
  type EnrichmentService,
  enrichmentBlockedTitle,
  NO_ENRICHMENT_SERVICE_MESSAGE,
} from './enrichment/enrichment-service.ts'
export { createHttpEnrichmentClient, type HttpEnrichmentClientOptions } from './enrichment/http-enrichment-client.ts'
export { enrichmentLocationSettings } from './enrichment/enrichment-location.ts'
export {
  createImportService,
  eventsOfDocument,
  type ImportDocument,
  type ImportProgress,
  type ImportReport,
  type ImportService,
} from './import/import-service.ts'
export { createLocalBackend } from './local-backend.ts'
export type { FeedCacheResult, FeedService } from './feeds/index.ts'
export { BlockedByWorkflowError } from './platform-context.ts'
export type { SharingGroupService } from './sharing-groups/sharing-group-service.ts'
export type { SessionRecords, StoredSession } from './users/session-records.ts'
export {
  createTriggerDispatcher,
  type TriggerDispatcher,
  type TriggerLogging,
  type TriggerResult,
} from './triggers/trigger-dispatcher.ts'
export type { WorkflowStore } from './workflows/workflow-store.ts'
export * from './runs/index.ts'

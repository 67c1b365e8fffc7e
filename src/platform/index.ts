/** The host platform: MISP data operations and their trigger sites (issue #3). */
export type * from './types.ts'
export { bootstrap, type BootstrapOptions, generateApiKey } from './bootstrap.ts'
export { createPlatform, type LocalPlatform, MISP_COMPATIBLE_VERSION, type PlatformOptions } from './create-platform.ts'
export { createLocalBackend } from './local-backend.ts'
export { BlockedByWorkflowError } from './platform-context.ts'
export {
  createTriggerDispatcher,
  type TriggerDispatcher,
  type TriggerLogging,
  type TriggerResult,
} from './triggers/trigger-dispatcher.ts'
export type { WorkflowStore } from './workflows/workflow-store.ts'

/**
 * Everything the workflow administration API needs (spec/ENGINE.md §6; issue #4), built once
 * per platform: workflows and their versions, blueprints, modules, manual runs, server settings
 * and the built-in debug listener. `api/routes/workflows.ts` and its siblings call only this.
 */
import type { EnginePorts } from '../../engine/index.ts'
import type { ModuleRegistry } from '../../modules/index.ts'
import { afterReady } from '../after-ready.ts'
import { settingFlag } from '../outbound/index.ts'
import { createDebugListener, type DebugListener } from '../debug/debug-listener.ts'
import type { PlatformContext } from '../platform-context.ts'
import type { RunRecorder } from '../runs/run-recorder.ts'
import { createServerSettings, type ServerSettings } from '../settings/server-settings.ts'
import { type BlueprintService, createBlueprintService } from './blueprint-service.ts'
import { createManualRuns, type ManualRuns } from './manual-runs.ts'
import { createModuleAdmin, type ModuleAdmin } from './module-admin.ts'
import { createWorkflowService, type WorkflowService } from './workflow-service.ts'

/** The workflow administration services. */
export interface WorkflowAdmin {
  workflows: WorkflowService
  blueprints: BlueprintService
  modules: ModuleAdmin
  runs: ManualRuns
  serverSettings: ServerSettings
  debugListener: DebugListener
  registry: ModuleRegistry
  /** `Plugin.Workflow_enable`, read fresh (the `/workflows` gate, §6.1). */
  isWorkflowEnabled(): Promise<boolean>
}

/** Options of `createWorkflowAdmin`. */
export interface WorkflowAdminOptions {
  /** The folder of MISP blueprint files `update` loads (`--blueprints`, `SLUICE_BLUEPRINTS_DIR`). */
  blueprintsDir?: string
  /** Extra ports for stateless module runs (templates, outbound). */
  ports?: () => EnginePorts
  runs?: RunRecorder
}

/** Builds the services over the platform context; `ready` resolves once settings are loaded. */
export function createWorkflowAdmin(
  ctx: PlatformContext,
  registry: ModuleRegistry,
  ready: () => Promise<void>,
  options: WorkflowAdminOptions = {},
): WorkflowAdmin {
  const workflows = createWorkflowService(ctx, registry)
  return {
    workflows: afterReady(ready, workflows),
    blueprints: afterReady(
      ready,
      createBlueprintService(ctx, registry, () => options.blueprintsDir),
    ),
    modules: afterReady(
      ready,
      createModuleAdmin(ctx, registry, {
        enrichmentModules: async () => {
          // Only a service the admin turned on is asked (MISP lists nothing otherwise); asking an
          // absent one on every module listing slowed the editor's opening.
          if (!settingFlag(ctx.settings.get, 'Plugin.Enrichment_services_enable')) return []
          const enrichment = options.ports?.().enrichment
          return enrichment ? (await enrichment.modules()).map((module) => module.name) : []
        },
      }),
    ),
    runs: afterReady(ready, createManualRuns(ctx, { registry, workflows, ports: options.ports, runs: options.runs })),
    serverSettings: createServerSettings(ctx.settings, () => registry.descriptors('trigger')),
    debugListener: createDebugListener(),
    registry,
    async isWorkflowEnabled() {
      await ready()
      await ctx.settings.refresh()
      return ctx.settings.workflowsEnabled()
    },
  }
}

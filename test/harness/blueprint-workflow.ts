/**
 * Installing a MISP blueprint as a platform workflow, as MISP's import does (spec/ENGINE.md §1.3):
 * the blueprint JSON wrapped by `loadWorkflowJson` on a trigger, that trigger switched on.
 */
import { loadWorkflowJson } from '../../src/engine/index.ts'
import { createBuiltinRegistry } from '../../src/modules/index.ts'
import type { LocalPlatform } from '../../src/platform/index.ts'

/** Turns `triggerId` on and installs `blueprint` (a blueprint file's JSON) as its workflow. */
export async function installBlueprintWorkflow(platform: LocalPlatform, blueprint: unknown, triggerId: string) {
  await platform.settings.set(`Plugin.Workflow_triggers_${triggerId}`, true)
  const registry = createBuiltinRegistry()
  const { record } = loadWorkflowJson(blueprint, triggerId, (id) => registry.trigger(id)?.descriptor)
  return platform.workflows.install(record)
}

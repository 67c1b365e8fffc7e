/**
 * Recording what triggers receive (spec/ENGINE.md §4.1.1; CORE-FORMAT.md §6): a registry whose
 * triggers record their raw data and a `record-data` action that records the normalised data
 * the walk sees, plus `installRecorder` and `installVeto` to put such workflows on a trigger of a
 * platform.
 */
import type { AnyModule, TriggerModule } from '../../src/engine/index.ts'
import { createBuiltinRegistry, defineActionModule } from '../../src/modules/index.ts'
import type { LocalPlatform } from '../../src/platform/index.ts'
import { buildGraph } from './graph-builder.ts'

/** One firing: the trigger, its raw data and, once the walk reached the recorder, the normalised data. */
export interface Recorded {
  triggerId: string
  raw: any
  normalised?: any
}

/** The built-ins with `triggerIds` wrapped to record into `records`, plus the `record-data` action. */
export function recordingRegistry(records: Recorded[], triggerIds: readonly string[]) {
  const base = createBuiltinRegistry()
  const wrapped: AnyModule[] = triggerIds.map((id) => {
    const trigger = base.trigger(id) as TriggerModule
    return {
      ...trigger,
      normalise: async (raw: unknown, context: any) => {
        records.push({ triggerId: id, raw: structuredClone(raw) })
        return trigger.normalise(raw, context)
      },
    } as TriggerModule
  })
  const recorder = defineActionModule({
    id: 'record-data',
    name: 'Record data',
    exec({ data }) {
      records[records.length - 1].normalised = structuredClone(data)
      return true
    },
  })
  return base.with([...wrapped, recorder])
}

/** How a recording workflow is installed: its trigger's params and debug mode. */
export interface InstallOptions {
  params?: Record<string, unknown>
  debug?: boolean
}

/**
 * Enables workflows and installs `trigger → record-data` on `triggerId`, with `options.params`
 * on the trigger node.
 */
export async function installRecorder(
  platform: LocalPlatform,
  triggerId: string,
  options: InstallOptions = {},
): Promise<void> {
  await installTwoNodeWorkflow(platform, triggerId, `Record ${triggerId}`, { module: 'record-data' }, options)
}

/** Enables workflows and installs one on `triggerId` that always stops with `message`. */
export async function installVeto(platform: LocalPlatform, triggerId: string, message: string): Promise<void> {
  const stop = { module: 'stop-execution', params: { message } }
  await installTwoNodeWorkflow(platform, triggerId, `Refuse ${triggerId}`, stop, {})
}

/** Enables workflows, `triggerId` and `action.module`, then installs `trigger → action`. */
async function installTwoNodeWorkflow(
  platform: LocalPlatform,
  triggerId: string,
  name: string,
  action: { module: string; params?: Record<string, unknown> },
  options: InstallOptions,
): Promise<void> {
  await platform.settings.set('Plugin.Workflow_enable', true)
  await platform.settings.set(`Plugin.Workflow_triggers_${triggerId}`, true)
  await enableModule(platform, action.module)
  await platform.workflows.install({
    id: 0,
    name,
    trigger_id: triggerId,
    debug_enabled: options.debug === true,
    data: buildGraph([
      { id: 1, module: triggerId, type: 'trigger', params: options.params, outputs: { output_1: [2] } },
      { id: 2, type: 'action', ...action },
    ]),
  })
}

/** Adds `moduleId` to the enabled modules (spec/ENGINE.md §5.5), keeping the others as they are. */
async function enableModule(platform: LocalPlatform, moduleId: string): Promise<void> {
  const enabled = platform.settings.get('Workflow.modules_enabled')
  const ids = Array.isArray(enabled) ? enabled : []
  if (!ids.includes(moduleId)) await platform.settings.set('Workflow.modules_enabled', [...ids, moduleId])
}

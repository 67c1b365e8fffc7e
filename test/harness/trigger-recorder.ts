/**
 * Recording what triggers receive (spec/ENGINE.md §4.1.1; CORE-FORMAT.md §6): a registry whose
 * triggers record their raw data and a `record-data` action that records the normalised data
 * the walk sees, plus `installRecorder` to put such a workflow on a trigger of a platform.
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
export function recordingRegistry(records: Recorded[], triggerIds: string[]) {
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

/** Enables workflows and installs `trigger → record-data` on `triggerId`. */
export async function installRecorder(platform: LocalPlatform, triggerId: string): Promise<void> {
  await platform.settings.set('Plugin.Workflow_enable', true)
  await platform.settings.set(`Plugin.Workflow_triggers_${triggerId}`, true)
  await platform.settings.set('Workflow.modules_enabled', ['record-data'])
  await platform.workflows.install({
    id: 0,
    name: `Record ${triggerId}`,
    trigger_id: triggerId,
    data: buildGraph([
      { id: 1, module: triggerId, type: 'trigger', outputs: { output_1: [2] } },
      { id: 2, module: 'record-data', type: 'action' },
    ]),
  })
}

/** Installs a workflow on the blocking `triggerId` that always stops with `message`. */
export async function installVeto(platform: LocalPlatform, triggerId: string, message: string): Promise<void> {
  await platform.settings.set('Plugin.Workflow_enable', true)
  await platform.settings.set(`Plugin.Workflow_triggers_${triggerId}`, true)
  await platform.workflows.install({
    id: 0,
    name: `Refuse ${triggerId}`,
    trigger_id: triggerId,
    data: buildGraph([
      { id: 1, module: triggerId, type: 'trigger', outputs: { output_1: [2] } },
      { id: 2, module: 'stop-execution', type: 'action', params: { message } },
    ]),
  })
}

/**
 * Recording trigger runs for platform tests: a registry whose triggers record the raw data they
 * are handed, plus a `record-data` action that records the normalised data the walk sees, and a
 * helper to install a recording workflow on a trigger.
 */
import type { AnyModule, TriggerModule } from '../../src/engine/index.ts'
import { createBuiltinRegistry, defineActionModule } from '../../src/modules/index.ts'
import type { LocalPlatform } from '../../src/platform/index.ts'
import { buildGraph } from './graph-builder.ts'

/** One trigger run: its raw data and, once the walk reached `record-data`, the normalised data. */
export interface Recorded {
  triggerId: string
  raw: any
  normalised?: any
}

/** The built-ins with `triggerIds` recording into `records`, plus `record-data`. */
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

/** Enables workflows and installs `trigger → record-data` (or `trigger → stop-execution` when `veto`). */
export async function installRecorder(
  platform: LocalPlatform,
  triggerId: string,
  options: { veto?: string; debug?: boolean } = {},
): Promise<void> {
  await platform.settings.set('Plugin.Workflow_enable', true)
  await platform.settings.set(`Plugin.Workflow_triggers_${triggerId}`, true)
  await platform.settings.set('Workflow.modules_enabled', ['record-data', 'stop-execution'])
  const last =
    options.veto === undefined
      ? { id: 2, module: 'record-data', type: 'action' as const }
      : { id: 2, module: 'stop-execution', type: 'action' as const, params: { message: options.veto } }
  await platform.workflows.install({
    id: 0,
    name: `Record ${triggerId}`,
    trigger_id: triggerId,
    debug_enabled: options.debug === true,
    data: buildGraph([{ id: 1, module: triggerId, type: 'trigger', outputs: { output_1: [2] } }, last]),
  })
}

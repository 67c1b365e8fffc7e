/**
 * MISP's wire shapes of workflows and module descriptors (spec/ENGINE.md §1.2, §1.5): a row
 * becomes `{id: "1", …, enabled: false, debug_enabled: true, data: {…}, listening_triggers}`;
 * a descriptor gains its computed `disabled` flag.
 */
import type { ModuleDescriptor } from '../../engine/index.ts'
import { parseGraph } from '../../engine/index.ts'
import type { ModuleRegistry } from '../../modules/index.ts'
import type { WorkflowRow } from '../../store/index.ts'
import type { SettingsService } from '../settings/settings-service.ts'
import type { MispJson } from '../types.ts'
import { workflowRecord } from './workflow-cache.ts'

/** Whether modules are enabled now (spec/ENGINE.md §5.5). */
export type ModuleStates = Pick<SettingsService, 'isTriggerEnabled' | 'isModuleEnabled'>

/** A descriptor with `disabled` as MISP computes it: the trigger switch, or the enabled-module set. */
export function descriptorWithState(descriptor: ModuleDescriptor, states: ModuleStates): MispJson {
  const disabled =
    descriptor.module_type === 'trigger'
      ? !states.isTriggerEnabled(descriptor.id)
      : !states.isModuleEnabled(descriptor.id)
  return { ...descriptor, disabled }
}

/** The trigger descriptors of the trigger nodes in a graph (MISP's `listening_triggers`). */
export function listeningTriggers(data: unknown, registry: ModuleRegistry, states: ModuleStates): MispJson[] {
  let graph: ReturnType<typeof parseGraph>
  try {
    graph = parseGraph(data)
  } catch {
    return []
  }
  const found: MispJson[] = []
  for (const node of graph.nodes.values()) {
    if (node.moduleType !== 'trigger') continue
    const trigger = registry.trigger(node.moduleId)
    if (trigger && !found.some((entry) => entry.id === node.moduleId)) {
      found.push(descriptorWithState(trigger.descriptor, states))
    }
  }
  return found
}

/** A workflow row in MISP's shape, without the `{Workflow: …}` wrapper. */
export function mispWorkflow(row: WorkflowRow, registry: ModuleRegistry, states: ModuleStates): MispJson {
  const record = workflowRecord(row) as MispJson
  return {
    id: record.id,
    uuid: record.uuid,
    name: record.name,
    description: record.description,
    timestamp: record.timestamp,
    enabled: record.enabled,
    counter: record.counter,
    trigger_id: record.trigger_id,
    debug_enabled: record.debug_enabled,
    data: record.data,
    listening_triggers: listeningTriggers(record.data, registry, states),
  }
}

/**
 * The graph MISP creates for a new workflow on a trigger (spec/ENGINE.md §1.3.4): one trigger
 * node with id 1 carrying the whole descriptor, list-form `saved_filters` included; no `name`.
 */
export function initialGraph(trigger: ModuleDescriptor, states: ModuleStates): Record<string, unknown> {
  return {
    '1': {
      id: 1,
      data: descriptorWithState(trigger, states),
      class: 'block-type-trigger',
      typenode: false,
      inputs: [],
      outputs: { output_1: { connections: [] } },
      pos_x: 0,
      pos_y: 0,
    },
  }
}

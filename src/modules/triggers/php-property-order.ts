/**
 * Key order of trigger descriptors. MISP's descriptor is `getConfig()`: the public properties
 * as PHP reflection lists them, the module class's own declarations first, then the inherited
 * ones in the base classes' order (spec/ENGINE.md §1.5). `defineTrigger` lays out the common
 * case; a trigger class that declares fewer or other properties names them (`declares`), and
 * `defineTrigger` orders its descriptor here.
 */
import type { ModuleDescriptor } from '../../engine/index.ts'

/** What the common trigger class declares, in order (e.g. `Module_event_publish`). */
const USUAL_DECLARATIONS = [
  'id',
  'scope',
  'name',
  'description',
  'icon',
  'inputs',
  'outputs',
  'blocking',
  'misp_core_format',
  'trigger_overhead',
] as const

/** `WorkflowBaseTriggerModule`'s public properties, then `WorkflowBaseModule`'s, as reflection lists them. */
const TRIGGER_BASE_PROPERTIES = [
  'scope',
  'blocking',
  'misp_core_format',
  'trigger_overhead',
  'trigger_overhead_message',
  'inputs',
  'outputs',
  'is_misp_module',
  'is_custom',
  'expect_misp_core_format',
  'id',
  'name',
  'version',
  'description',
  'icon',
  'icon_class',
  'multiple_output_connection',
  'support_filters',
  'saved_filters',
  'params',
] as const

/** The property order of a trigger class that declares `declared` (spec/ENGINE.md §1.5). */
export function triggerPropertyOrder(declared: readonly string[] = USUAL_DECLARATIONS): string[] {
  return [...declared, ...TRIGGER_BASE_PROPERTIES.filter((key) => !declared.includes(key))]
}

/**
 * `descriptor` with its keys in the order PHP reflection gives for a trigger class declaring
 * `declared`; keys the loader adds (`module_type`, `html_template`) stay after them.
 */
export function inDeclaredOrder(descriptor: ModuleDescriptor, declared: readonly string[]): ModuleDescriptor {
  const source = descriptor as Record<string, unknown>
  const ordered: Record<string, unknown> = {}
  for (const key of triggerPropertyOrder(declared)) if (key in source) ordered[key] = source[key]
  for (const [key, value] of Object.entries(source)) if (!(key in ordered)) ordered[key] = value
  return ordered as ModuleDescriptor
}

/**
 * The module registry: loading module types, kept apart from running them (Node-RED's
 * registry/runtime split). Built-ins are registered explicitly (modules/index.ts); custom
 * modules and misp-modules override built-ins with the same id (spec/ENGINE.md §5.6).
 */
import type {
  AnyModule,
  ModuleCatalogue,
  ModuleDescriptor,
  ModuleType,
  TriggerModule,
  WorkflowModule,
} from '../engine/index.ts'

/** A registry of trigger, logic and action modules. */
export interface ModuleRegistry extends ModuleCatalogue {
  /** Every descriptor of one type (or all), sorted by name in byte order (spec/ENGINE.md §5.6). */
  descriptors(moduleType?: ModuleType): ModuleDescriptor[]
  /** A new registry with `modules` added; they override same-typed modules with the same id. */
  with(modules: AnyModule[]): ModuleRegistry
  /** Every registered module. */
  all(): AnyModule[]
}

function isTrigger(module: AnyModule): module is TriggerModule {
  return module.descriptor.module_type === 'trigger'
}

function keyOf(moduleType: string, id: string): string {
  return `${moduleType}\u0000${id}`
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Builds a registry. A later module with the same type and id replaces an earlier one. */
export function createRegistry(modules: AnyModule[]): ModuleRegistry {
  const byKey = new Map<string, AnyModule>()
  for (const module of modules) byKey.set(keyOf(module.descriptor.module_type, module.descriptor.id), module)
  const list = [...byKey.values()]
  return {
    trigger(id) {
      const found = byKey.get(keyOf('trigger', id))
      return found && isTrigger(found) ? found : undefined
    },
    module(moduleType, id) {
      if (moduleType === 'trigger') return undefined
      return byKey.get(keyOf(moduleType, id)) as WorkflowModule | undefined
    },
    descriptors(moduleType) {
      return list
        .filter((module) => moduleType === undefined || module.descriptor.module_type === moduleType)
        .map((module) => module.descriptor)
        .sort((a, b) => byteOrder(a.name, b.name))
    },
    with(extra) {
      return createRegistry([...list, ...extra])
    },
    all() {
      return [...list]
    },
  }
}

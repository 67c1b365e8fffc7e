/**
 * A registry whose modules can be replaced while the process runs: misp-modules' action modules
 * come and go with the service (spec/ENGINE.md §5.6 step 3), while the dispatcher, the API and
 * the editor hold one registry object for the life of the process.
 */
import type { AnyModule } from '../../engine/index.ts'
import type { ModuleRegistry } from '../registry.ts'

/** A registry over `base` plus a replaceable set of extra modules. */
export interface LiveRegistry extends ModuleRegistry {
  /** Replaces the extra modules (they override base modules with the same id, as in MISP). */
  setExtra(modules: AnyModule[]): void
}

/** Wraps `base`; until `setExtra` is called it answers exactly as `base`. */
export function createLiveRegistry(base: ModuleRegistry): LiveRegistry {
  let current = base
  return {
    trigger: (id) => current.trigger(id),
    module: (moduleType, id) => current.module(moduleType, id),
    descriptors: (moduleType) => current.descriptors(moduleType),
    with: (modules) => current.with(modules),
    all: () => current.all(),
    setExtra(modules) {
      current = modules.length > 0 ? base.with(modules) : base
    },
  }
}

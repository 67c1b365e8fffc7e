/** The built-in modules and a registry holding them (spec/ENGINE.md §4, §5.6; STYLE.md "Register modules explicitly"). */
import type { AnyModule } from '../engine/index.ts'
import { actionModules } from './actions/index.ts'
import { logicModules } from './logic/index.ts'
import { createRegistry, type ModuleRegistry } from './registry.ts'
import { triggerModules } from './triggers/index.ts'

/** Every built-in module: the 17 triggers, the 10 logic modules and the 26 actions (spec/ENGINE.md §4). */
export const builtinModules: AnyModule[] = [...triggerModules, ...logicModules, ...actionModules]

/** A registry of the built-in modules; custom modules are added with `registry.with(…)` (spec/ENGINE.md §5.6). */
export function createBuiltinRegistry(): ModuleRegistry {
  return createRegistry(builtinModules)
}

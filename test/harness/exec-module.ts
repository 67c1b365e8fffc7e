/**
 * `execModule`: runs one logic or action module's `exec` outside a walk, through the engine's
 * stateless execution (spec/ENGINE.md §2.15): parameters resolve as §5.2 says, the roaming data
 * gives the filtered view while path filters are active (§2.8.3). A throw from `exec` propagates.
 */
import type { ModuleContext, WorkflowModule } from '../../src/engine/index.ts'
import { executeModuleStateless } from '../../src/engine/index.ts'

/** What the module returned, the roaming data it left behind, and the errors it reported. */
export interface ExecResult {
  result: boolean
  data: unknown
  errors: string[]
}

/** Optional parts of the node and context. */
export interface ExecOptions {
  /** `saved_filters` of the node (object or list form). */
  savedFilters?: unknown
  /** Ports such as `backend`, `outbound`. */
  ports?: ModuleContext['ports']
}

/** Runs `module.exec` once with `params` (as stored in `indexed_params`) on `data`. */
export async function execModule(
  module: WorkflowModule,
  params: Record<string, unknown>,
  data: unknown,
  options: ExecOptions = {},
): Promise<ExecResult> {
  const savedFilters = options.savedFilters ?? { selector: '', value: '', operator: '', path: '' }
  const run = await executeModuleStateless(module, { params, data, savedFilters, ports: options.ports })
  return { result: run.success, data: run.data, errors: run.errors }
}

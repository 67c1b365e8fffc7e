/**
 * `execModule`: runs one logic or action module's `exec` outside a walk, the way
 * `executeNode` would (spec/ENGINE.md §2.7), with a minimal context. Parameters resolve as
 * §5.2 says (node value ?? default ?? ""), without Jinja; the roaming data returns the
 * filtered view while path filters are active (§2.8.3). A throw from `exec` propagates.
 */
import type { GraphNode, ModuleContext, RoamingData, WorkflowModule } from '../../src/engine/index.ts'
import {
  applyPathFilters,
  effectiveNodeFilters,
  matchingItemsForAttributes,
  nodeFiltersEnabled,
} from '../../src/engine/index.ts'

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
  /** Extra context fields (ports such as `backend`, `outbound`). */
  context?: Partial<ModuleContext>
}

function resolveParams(module: WorkflowModule, raw: Record<string, unknown>): Record<string, unknown> {
  const params: Record<string, unknown> = {}
  for (const param of module.descriptor.params) params[param.id] = raw[param.id] ?? param.default ?? ''
  return params
}

/** Runs `module.exec` once with `params` (as stored in `indexed_params`) on `data`. */
export async function execModule(
  module: WorkflowModule,
  params: Record<string, unknown>,
  data: unknown,
  options: ExecOptions = {},
): Promise<ExecResult> {
  let stored = data
  const node = {
    id: 2,
    data: {
      id: module.descriptor.id,
      module_type: module.descriptor.module_type,
      indexed_params: params,
      saved_filters: options.savedFilters ?? { selector: '', value: '', operator: '', path: '' },
    },
  } as GraphNode
  const roaming: RoamingData = {
    getData: () => applyPathFilters(stored),
    setData: (next) => {
      stored = next
    },
    getUser: () => null,
    getWorkflow: () => null,
    getCurrentNode: () => String(node.id),
    getTriggerNode: () => null,
    getEnabledFilters: () => {
      const filters = (stored as { enabledFilters?: unknown } | null)?.enabledFilters
      return typeof filters === 'object' && filters !== null ? (filters as Record<string, unknown>) : {}
    },
  }
  const filters = effectiveNodeFilters(node)
  const errors: string[] = []
  const context: ModuleContext = {
    params: resolveParams(module, params),
    get data() {
      return roaming.getData()
    },
    setData: (next) => roaming.setData(next),
    node,
    errors,
    roaming,
    filters,
    filtersEnabled: nodeFiltersEnabled(filters),
    matchingItems: () => matchingItemsForAttributes(filters, roaming.getData()),
    ports: {},
    workflow: null,
    ...options.context,
  }
  const result = await module.exec(context)
  return { result, data: stored, errors }
}

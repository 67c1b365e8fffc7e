/**
 * Running one module on its own, outside any workflow: MISP's `moduleStatelessExecution`
 * (spec/ENGINE.md §2.15), for the module test page and for tests. The module sees a synthetic
 * node, the workflow user and the data; there is no workflow, no trigger node, no disabled
 * check, no log and no debug post. A thrown error propagates, as it does to MISP's controller.
 */
import type { EnginePorts, GraphNode, WorkflowModule } from '../contract/index.ts'
import { createRoamingData } from '../walk/roaming-data.ts'
import { NodeContext } from './execute-node.ts'
import { NO_WORKFLOW_USER } from './messages.ts'
import { resolveParams } from './params.ts'
import { workflowUser } from './workflow-user.ts'

/** What to run the module with. */
export interface StatelessOptions {
  /** Parameter values as a node stores them (`indexed_params`). */
  params?: Record<string, unknown>
  /** The data the module sees (already in the core format if it expects it). */
  data: unknown
  /** The node's `saved_filters` (object or list form). */
  savedFilters?: unknown
  ports?: EnginePorts
}

/** What the module answered, and the data it left. */
export interface StatelessResult {
  success: boolean
  errors: string[]
  data: unknown
}

function syntheticNode(module: WorkflowModule, options: StatelessOptions): GraphNode {
  const { descriptor } = module
  return {
    id: 1,
    name: descriptor.name,
    data: {
      id: descriptor.id,
      name: descriptor.name,
      module_type: descriptor.module_type,
      module_version: descriptor.version,
      indexed_params: options.params ?? {},
      saved_filters: (options.savedFilters ?? descriptor.saved_filters) as GraphNode['data']['saved_filters'],
      expect_misp_core_format: descriptor.expect_misp_core_format,
    },
    inputs: [],
    outputs: [],
  }
}

/** Runs `module.exec` once (spec/ENGINE.md §2.15 steps 2–5). */
export async function executeModuleStateless(
  module: WorkflowModule,
  options: StatelessOptions,
): Promise<StatelessResult> {
  const ports = options.ports ?? {}
  const user = await workflowUser(ports.backend)
  if (!user) return { success: false, errors: [NO_WORKFLOW_USER], data: options.data }
  const node = syntheticNode(module, options)
  const roaming = createRoamingData({ data: options.data, user, workflow: null, triggerNode: null, currentNode: '-1' })
  const errors: string[] = []
  const params = await resolveParams(module, node, () => roaming.getData(), ports.templates)
  const success =
    (await module.exec(new NodeContext({ roaming, ports, workflow: null }, node, params, errors))) === true
  return { success, errors, data: roaming.raw() }
}

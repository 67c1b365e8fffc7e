/**
 * A real platform for the data-action tests (issue #5): a store from `testDatabases()`, the
 * built-in modules plus a `capture-data` action that keeps the roaming data it sees, and
 * `installChain` to put `trigger → action → … → capture-data` on a trigger with every module
 * and the trigger enabled.
 */
import { createBuiltinRegistry, defineActionModule } from '../../src/modules/index.ts'
import type { LocalPlatform } from '../../src/platform/index.ts'
import type { TestDatabase } from './databases.ts'
import { buildGraph, type NodeSpec } from './graph-builder.ts'
import { openTestPlatform, type TestPlatform } from './test-platform.ts'

/** A test platform (`openTestPlatform`) with the data each `capture-data` node saw, in order. */
export interface ActionPlatform extends TestPlatform {
  captured: any[]
}

/** Opens a test platform whose registry has `capture-data`; workflows are enabled. */
export async function openActionPlatform(db: TestDatabase): Promise<ActionPlatform> {
  const captured: any[] = []
  const capture = defineActionModule({
    id: 'capture-data',
    name: 'Capture data',
    exec({ data }) {
      captured.push(structuredClone(data))
      return true
    },
  })
  const opened = await openTestPlatform(db, {
    registry: createBuiltinRegistry().with([capture]),
    onBackgroundError: (error) => {
      throw error
    },
  })
  await opened.platform.settings.set('Plugin.Workflow_enable', true)
  return { ...opened, captured }
}

/** One action or logic node of a chain. */
export interface ChainNode {
  module: string
  type?: 'action' | 'logic'
  params?: Record<string, unknown>
  filters?: NodeSpec['filters']
}

/**
 * Installs `trigger → nodes… → capture-data` on `triggerId` (the trigger node carries
 * `misp_core_format` as MISP's editor saves it) and enables the trigger and every module.
 */
export async function installChain(
  platform: LocalPlatform,
  triggerId: string,
  nodes: ChainNode[],
  triggerParams?: Record<string, unknown>,
): Promise<void> {
  await platform.settings.set(`Plugin.Workflow_triggers_${triggerId}`, true)
  const enabled = platform.settings.get('Workflow.modules_enabled')
  const ids = new Set([...(Array.isArray(enabled) ? enabled : []), ...nodes.map((node) => node.module), 'capture-data'])
  await platform.settings.set('Workflow.modules_enabled', [...ids])
  const all: ChainNode[] = [...nodes, { module: 'capture-data' }]
  const specs: NodeSpec[] = [
    {
      id: 1,
      module: triggerId,
      type: 'trigger',
      params: triggerParams,
      data: { misp_core_format: true },
      outputs: { output_1: [2] },
    },
    ...all.map(
      (node, index): NodeSpec => ({
        id: index + 2,
        module: node.module,
        type: node.type ?? 'action',
        params: node.params,
        filters: node.filters,
        outputs: index + 1 < all.length ? { output_1: [index + 3] } : {},
      }),
    ),
  ]
  await platform.workflows.install({
    id: 0,
    name: `Chain on ${triggerId}`,
    trigger_id: triggerId,
    data: buildGraph(specs),
  })
}

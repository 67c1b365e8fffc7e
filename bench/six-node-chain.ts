/**
 * The 6-node chain that the engine benchmark (b) and the deferred-throughput benchmark both run,
 * with the custom action it ends in. One definition, so that "the 6-node chain" means the same
 * graph in every figure of docs/benchmarks.md; each benchmark picks the trigger and the
 * conditions its event meets, so that the walk reaches all six nodes.
 *
 *   trigger ─► IF :: Tag ─► IF :: Generic ─► Filter :: Generic ─► count (custom) ─► stop-execution
 */
import { createBuiltinRegistry, defineActionModule } from '../src/modules/index.ts'
import { buildGraph } from '../test/harness/graph-builder.ts'

/** A custom action: counts the attributes it sees through the active filter. */
export const countAction = defineActionModule({
  id: 'bench-count',
  name: 'Count attributes',
  exec(ctx) {
    const flattened = ctx.data?.Event?._AttributeFlattened ?? []
    return Object.keys(flattened).length >= 0
  },
})

/** The built-ins plus the chain's custom action. */
export function benchRegistry() {
  return createBuiltinRegistry().with([countAction])
}

/** The module ids the chain uses (to enable them on a host). */
export const CHAIN_MODULES = ['tag-if', 'generic-if', 'generic-filter-data', 'bench-count', 'stop-execution']

/** What the chain tests, chosen to match the benchmark's event. */
export interface ChainConditions {
  /** IF :: Tag's scope (`event` or `event_attribute`) and the tag it looks for. */
  tagScope: string
  tag: string
  /** IF :: Generic: `Event.<field>` equals `value`. */
  eventField: string
  value: string
  /** Filter :: Generic keeps the flattened attributes of this type. */
  attributeType: string
}

/** The chain's graph on `triggerId`. */
export function sixNodeChain(triggerId: string, conditions: ChainConditions) {
  return buildGraph([
    { id: 1, module: triggerId, type: 'trigger', outputs: { output_1: [2] } },
    {
      id: 2,
      module: 'tag-if',
      type: 'logic',
      params: { scope: conditions.tagScope, condition: 'in_or', tags: [conditions.tag], clusters: [] },
      outputs: { output_1: [3], output_2: [] },
    },
    {
      id: 3,
      module: 'generic-if',
      type: 'logic',
      params: { hash_path: `Event.${conditions.eventField}`, operator: 'equals', value: conditions.value },
      outputs: { output_1: [4], output_2: [] },
    },
    {
      id: 4,
      module: 'generic-filter-data',
      type: 'logic',
      params: {
        'filtering-label': 'A',
        selector: 'Event._AttributeFlattened.{n}',
        operator: 'equals',
        hash_path: 'type',
        value: conditions.attributeType,
      },
      outputs: { output_1: [5] },
    },
    { id: 5, module: 'bench-count', type: 'action', outputs: { output_1: [6] } },
    { id: 6, module: 'stop-execution', type: 'action', params: { message: 'Stopped by the benchmark' } },
  ])
}

/**
 * Reading a module's parameter descriptors the way MISP's forms do (spec/UI.md §3.7,
 * spec/ENGINE.md §5.1): option lists in their three shapes, `display_on` visibility, and the
 * node's `indexed_params` as a map (PHP writes an empty one as `[]`). Saved values are kept as
 * they are — `false` and `""` included — unlike MISP, which reverts falsy values to defaults.
 */
import type { GraphNode, ParamDescriptor } from '../../../../src/engine/contract/index.ts'

/** One choice of a select, radio or picker. */
export interface ParamOption {
  value: string
  label: string
}

/** Options may be a list of strings, a list of `{name, value}`, or a `{value: label}` map. */
export function paramOptions(param: ParamDescriptor): ParamOption[] {
  const options = param.options
  if (Array.isArray(options)) {
    return options.map((option) => {
      if (option && typeof option === 'object') {
        const record = option as { name?: unknown; value?: unknown }
        return { value: String(record.value ?? record.name ?? ''), label: String(record.name ?? record.value ?? '') }
      }
      return { value: String(option), label: String(option) }
    })
  }
  if (options && typeof options === 'object') {
    return Object.entries(options).map(([value, label]) => ({ value, label: String(label) }))
  }
  return []
}

/** The node's parameter values as a map. */
export function indexedParams(node: GraphNode): Record<string, unknown> {
  const params = node.data?.indexed_params
  return params && typeof params === 'object' && !Array.isArray(params) ? params : {}
}

/** Whether `param` is shown, given the node's current values (`display_on`: param id → allowed values). */
export function isParamVisible(param: ParamDescriptor, values: Record<string, unknown>): boolean {
  const rules = param.display_on
  if (!rules || typeof rules !== 'object') return true
  return Object.entries(rules).every(([other, allowed]) => {
    const current = values[other]
    const list = Array.isArray(allowed) ? allowed : [allowed]
    return list.some((value) => String(value) === String(current))
  })
}

/** Whether the parameter holds a list of values (multi-select, or a picker that creates values). */
export function isMultiValued(param: ParamDescriptor): boolean {
  return Boolean(param.multiple) || Boolean(param.picker_create_new)
}

/** A copy of `node` with one parameter set; every other key and its order is kept. */
export function withParam(node: GraphNode, paramId: string, value: unknown): GraphNode {
  return { ...node, data: { ...node.data, indexed_params: { ...indexedParams(node), [paramId]: value } } }
}

/** A copy of `node` with new node filters (spec/UI.md §3.10: four string keys). */
export function withFilters(
  node: GraphNode,
  filters: { selector: string; value: string; operator: string; path: string },
): GraphNode {
  return { ...node, data: { ...node.data, saved_filters: filters } }
}

/** The node's filters as the four-key map, whatever form was stored. */
export function nodeFilters(node: GraphNode): { selector: string; value: string; operator: string; path: string } {
  const stored = node.data?.saved_filters
  const out = { selector: '', value: '', operator: '', path: '' }
  if (Array.isArray(stored)) {
    for (const entry of stored) if (entry.text in out) out[entry.text as keyof typeof out] = String(entry.value ?? '')
  } else if (stored && typeof stored === 'object') {
    out.selector = String(stored.selector ?? '')
    out.value = String(stored.value ?? '')
    out.operator = String(stored.operator ?? '')
    out.path = String(stored.path ?? '')
  }
  return out
}

/** Whether a node filter is set: decided from the selector, consistently (spec/UI.md §3.10 notes MISP's mix-up). */
export function hasFilter(node: GraphNode): boolean {
  return nodeFilters(node).selector !== ''
}

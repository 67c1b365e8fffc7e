/**
 * A fresh node for a module, shaped as MISP's editor saves it (spec/UI.md §5.2): the key order,
 * the `class` string, every declared parameter filled with its default, the empty four-key filter,
 * and `multiple_output_connection` copied from the module (the server's fan-out rule reads it).
 */
import type { GraphNode, ModuleDescriptor, ParamDescriptor } from '../../../../src/engine/contract/index.ts'

/** The empty node filter MISP writes for every node (spec/ENGINE.md §1.3.2). */
export function emptyFilters(): { selector: string; value: string; operator: string; path: string } {
  return { selector: '', value: '', operator: '', path: '' }
}

/** A new UI token; MISP uses base-36 time plus random characters and attaches no meaning to it. */
export function newNodeUid(): string {
  return Date.now().toString(36) + Math.random().toString(36).slice(2, 12)
}

/** The next node id: one more than the highest in use (spec/UI.md §5.2). */
export function nextNodeId(keys: Iterable<string>): number {
  let max = 0
  for (const key of keys) {
    const id = Number(key)
    if (Number.isFinite(id) && id > max) max = id
  }
  return max + 1
}

/** The CSS class string MISP's editor derives from the module (presentational, but saved). */
export function nodeClass(module: ModuleDescriptor): string {
  const classes: string[] = []
  if (module.module_type === 'trigger') classes.push('block-type-trigger')
  else if (module.html_template === 'if') classes.push('block-type-if', 'block-type-logic')
  else if (module.html_template === 'concurrent') classes.push('block-type-concurrent', 'block-type-logic')
  else classes.push('block-type-default')
  if (module.expect_misp_core_format) classes.push('expect-misp-core-format')
  if (module.disabled) classes.push('disabled')
  return classes.join(' ')
}

/** A parameter's starting value: its default, else `[]` for multi-valued fields, else `""`. */
export function defaultParamValue(param: ParamDescriptor): unknown {
  if (param.default !== undefined && param.default !== null) return structuredClone(param.default)
  if (param.type === 'checkbox') return false
  if (param.multiple || param.picker_create_new) return []
  return ''
}

/** Every declared parameter with its default, keyed by parameter id; `[]` when there are none, as PHP writes it. */
export function defaultIndexedParams(module: ModuleDescriptor): Record<string, unknown> | unknown[] {
  const params = (module.params ?? []).filter((param) => param.id)
  if (params.length === 0) return []
  return Object.fromEntries(params.map((param) => [param.id, defaultParamValue(param)]))
}

function ports(prefix: 'input' | 'output', count: number): Record<string, { connections: never[] }> | never[] {
  if (count <= 0) return []
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}_${i + 1}`, { connections: [] }]))
}

/** Builds the node for `module` with id `id` at canvas position (x, y) — the top-left corner. */
export function createNode(module: ModuleDescriptor, id: number, x: number, y: number): GraphNode {
  return {
    id,
    name: module.name,
    data: {
      indexed_params: defaultIndexedParams(module),
      saved_filters: emptyFilters(),
      node_uid: newNodeUid(),
      module_type: module.module_type,
      id: module.id,
      name: module.name,
      multiple_output_connection: Boolean(module.multiple_output_connection),
      previous_module_version: '?',
      module_version: module.version,
    },
    class: nodeClass(module),
    typenode: false,
    inputs: ports('input', module.inputs),
    outputs: ports('output', module.outputs),
    pos_x: x,
    pos_y: y,
  }
}

/**
 * The module catalogue the editor works with (from `/workflows/moduleIndex`): lookup of a node's
 * module by `module_type` and `id`, as MISP's server does (spec/ENGINE.md §1.5).
 */
import type { GraphNode, ModuleDescriptor } from '../../../../src/engine/contract/index.ts'

/** Modules by `<module_type>:<id>`, and the palette list. */
export interface Catalog {
  byKey: ReadonlyMap<string, ModuleDescriptor>
  list: readonly ModuleDescriptor[]
}

/** Builds the catalogue from descriptors (MISP may send a list or an object keyed by index). */
export function createCatalog(modules: readonly ModuleDescriptor[] | Record<string, ModuleDescriptor>): Catalog {
  const list = (Array.isArray(modules) ? modules : Object.values(modules)) as ModuleDescriptor[]
  return { byKey: new Map(list.map((module) => [`${module.module_type}:${module.id}`, module])), list }
}

/** The module a node uses, or undefined for an unknown module id. */
export function moduleOfNode(catalog: Catalog, node: GraphNode | undefined): ModuleDescriptor | undefined {
  if (!node?.data) return undefined
  return catalog.byKey.get(`${node.data.module_type}:${node.data.id}`)
}

/**
 * Mermaid flowchart export (spec/ENGINE.md §8.1): MISP's `format:mermaid` text and the
 * `mermaid` field it computes for blueprints (§7.1). Pure string building, byte for byte.
 *
 *     flowchart LR
 *         53[/"fas:fa-code-branch  IF :: Tag"/] --> 54["fas:fa-ban  Stop execution"]
 */
import { isEmpty, phpToString } from '../../format/index.ts'
import type { GraphNode, ModuleCatalogue, ModuleDescriptor } from '../contract/index.ts'
import { type IndexedNode, type ParsedGraph, parseGraph } from './parse.ts'

/** The part of a module descriptor a label needs. */
type IconSource = Pick<ModuleDescriptor, 'icon' | 'icon_class'>

/** How to find a node's icon: MISP reads `data.module_data`, which only blueprints get from the catalogue. */
type IconLookup = (node: IndexedNode) => IconSource | undefined

/** Shape wrappers around the quoted label, by `data.module_type` (spec/ENGINE.md §8.1). */
const SHAPES: Record<string, readonly [string, string]> = {
  trigger: ['{{', '}}'],
  logic: ['[/', '/]'],
  action: ['[', ']'],
}

/**
 * A workflow graph as Mermaid, as MISP's `/workflows/view/<id>/format:mermaid` returns it.
 * MISP does not store `module_data`, so a saved workflow has no icons; an unclean export that
 * still carries `data.module_data` gets its icons, as in MISP. Pass `catalogue` to label the
 * nodes with the current descriptors' icons instead, the way blueprints are rendered (§7.1).
 */
export function workflowToMermaid(graph: ParsedGraph, catalogue?: ModuleCatalogue): string {
  return renderMermaid(graph, catalogue ? catalogueIcon(catalogue) : storedIcon)
}

/**
 * A blueprint's node list (`WorkflowBlueprint.data`) as the `mermaid` field MISP adds on read
 * (spec/ENGINE.md §7.1): every node gets the current descriptor as `module_data`, so labels
 * carry icons; unknown modules get none. Connections leaving the selection are skipped.
 */
export function blueprintToMermaid(nodes: unknown[], catalogue: ModuleCatalogue): string {
  return renderMermaid(parseBlueprintNodes(nodes), catalogueIcon(catalogue))
}

/**
 * Parses a blueprint's node list (spec/ENGINE.md §7.1) into a graph in list order. Each node
 * goes through `parseGraph`; a repeated id keeps its first place and its last node, as PHP's
 * `Hash::combine` does.
 */
export function parseBlueprintNodes(nodes: unknown[]): ParsedGraph {
  const json: Record<string, unknown> = {}
  const indexed = new Map<string, IndexedNode>()
  let triggerKey: string | null = null
  for (const value of nodes) {
    const key = phpToString((value as GraphNode | null)?.id)
    const node = parseGraph({ [key]: value }).nodes.get(key)
    if (!node) continue
    json[key] = value
    indexed.set(key, node)
    if (triggerKey === null && node.moduleType === 'trigger') triggerKey = key
  }
  return { json, nodes: indexed, triggerKey }
}

function renderMermaid(graph: ParsedGraph, iconOf: IconLookup): string {
  const byId = nodesById(graph)
  let text = 'flowchart LR\n'
  for (const node of byId.values()) {
    for (const targetId of targetsOf(node)) {
      const target = byId.get(targetId)
      // Connections to nodes outside the graph (a blueprint's link to trigger "1") are skipped.
      if (!target) continue
      text += `    ${renderNode(node, iconOf)} --> ${renderNode(target, iconOf)}\n`
    }
  }
  return text
}

/** MISP keys the nodes by their `id` field (not the map key), keeping first-seen order. */
function nodesById(graph: ParsedGraph): Map<string, IndexedNode> {
  const byId = new Map<string, IndexedNode>()
  for (const node of graph.nodes.values()) byId.set(phpToString(node.node.id), node)
  return byId
}

function targetsOf(node: IndexedNode): string[] {
  return node.outputs.flatMap((output) => output.targets)
}

function renderNode(node: IndexedNode, iconOf: IconLookup): string {
  const icon = iconOf(node)
  const name = phpToString(node.node.name)
  const label = icon && !isEmpty(icon.icon) ? `${iconNamespace(icon)}:fa-${icon.icon}  ${name}` : name
  const shape = SHAPES[node.moduleType]
  // MISP quirk: an unknown `module_type` has no shape, and PHP's sprintf of a missing format
  // yields "", so the node renders as its bare id.
  const id = phpToString(node.node.id)
  return shape ? `${id}${shape[0]}"${label}"${shape[1]}` : id
}

/**
 * `fab` for FontAwesome brand icons, else `fas`. MISP decides by looking the icon name up in
 * FontAwesome 5's brand list (FontAwesomeHelper::findNamespace); the descriptor's
 * `icon_class` says the same for every known module, so it is used instead of a copy of that list.
 */
function iconNamespace(icon: IconSource): 'fab' | 'fas' {
  return icon.icon_class === 'fab' ? 'fab' : 'fas'
}

function storedIcon(node: IndexedNode): IconSource | undefined {
  const moduleData = (node.node.data as { module_data?: unknown }).module_data
  if (typeof moduleData !== 'object' || moduleData === null) return undefined
  return moduleData as IconSource
}

function catalogueIcon(catalogue: ModuleCatalogue): IconLookup {
  return (node) =>
    node.moduleType === 'trigger'
      ? catalogue.trigger(node.moduleId)?.descriptor
      : catalogue.module(node.moduleType, node.moduleId)?.descriptor
}

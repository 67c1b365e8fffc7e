/**
 * Blueprints in MISP's wire and file shapes (spec/ENGINE.md §7.1, §6.3): the record as the API
 * answers it (`id` and `timestamp` as strings, `mermaid` computed from the current module
 * catalogue), the export file (PHP's `JSON_PRETTY_PRINT`: four spaces, no final newline, slashes
 * and non-ASCII unescaped, as MISP's published files are written) and its file name.
 */
import { blueprintToMermaid, parseBlueprintNodes, workflowToDot } from '../../engine/index.ts'
import type { ModuleCatalogue } from '../../engine/index.ts'
import { hasErrorCode } from '../../errors.ts'
import type { BlueprintRow } from '../../store/index.ts'
import type { MispJson } from '../types.ts'

/** The node list of a stored blueprint. */
export function blueprintNodes(row: BlueprintRow): unknown[] {
  const nodes = JSON.parse(row.data) as unknown
  return Array.isArray(nodes) ? nodes : []
}

/** A blueprint row in MISP's shape (key order of MISP's files), without the wrapper. */
export function mispBlueprint(row: BlueprintRow, catalogue: ModuleCatalogue): MispJson {
  const data = blueprintNodes(row)
  const json: MispJson = {
    id: String(row.id),
    uuid: row.uuid,
    name: row.name,
    description: row.description,
    timestamp: String(row.timestamp),
    data,
    default: row.default === 1,
  }
  // MISP adds the Mermaid text only when there are nodes (§6.3 index). A node stored before
  // saves checked nodes may be unreadable: that record goes without its text rather than
  // making the whole index fail.
  if (data.length > 0) {
    try {
      json.mermaid = blueprintToMermaid(data, catalogue)
    } catch (error) {
      if (!hasErrorCode(error, 'SLC_GRAPH_INVALID')) throw error
    }
  }
  return json
}

/** The blueprint graph as Mermaid or DOT (§8.1). */
export function blueprintGraphText(row: BlueprintRow, format: 'mermaid' | 'dot', catalogue: ModuleCatalogue): string {
  const nodes = blueprintNodes(row)
  return format === 'mermaid' ? blueprintToMermaid(nodes, catalogue) : workflowToDot(parseBlueprintNodes(nodes))
}

/** The export file's text: `{"WorkflowBlueprint": {...}}`, pretty-printed as PHP does. */
export function blueprintFileText(row: BlueprintRow, catalogue: ModuleCatalogue): string {
  return JSON.stringify({ WorkflowBlueprint: mispBlueprint(row, catalogue) }, null, 4)
}

/**
 * MISP's export file name: `blueprint_<name lower-cased, spaces as "-">_<unix time>.json`.
 * Anything but letters, digits, `.`, `&`, `_` and `-` becomes `_`, so a name never reaches the
 * `Content-Disposition` header raw.
 */
export function blueprintFileName(name: string, unixTime: number): string {
  const base = name
    .toLowerCase()
    .replace(/ /g, '-')
    .replace(/[^a-z0-9.&_-]/g, '_')
  return `blueprint_${base}_${unixTime}.json`
}

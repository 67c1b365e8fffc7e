/**
 * Writing a graph back (spec/ENGINE.md §1.3). Parsing never rewrites the JSON, so writing
 * gives back what was read: `_frames`, `[]` for empty maps and unknown keys included.
 */
import type { ParsedGraph } from './parse.ts'

/** The graph as MISP's saved JSON value (the same object that was parsed). */
export function serialiseGraph(graph: ParsedGraph): unknown {
  return graph.json
}

/** The graph as JSON text. */
export function stringifyGraph(graph: ParsedGraph): string {
  return JSON.stringify(graph.json)
}

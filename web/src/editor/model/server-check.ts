/**
 * Reads MISP's `/workflows/checkGraph` answer (spec/ENGINE.md §3.2) into problems in words, so
 * the server's own verdict is shown beside the editor's live checks. Only what the editor's
 * checks did not already report is kept, so the list never says the same thing twice.
 */
import type { GraphCheck } from '../../../../src/engine/graph/check-graph.ts'
import { nodeLabel } from './connection-rules.ts'
import type { WorkflowDoc } from './drawflow.ts'
import type { Problem } from './problems.ts'

/** Server problems not already in `local`. */
export function serverProblems(check: GraphCheck, doc: WorkflowDoc, local: readonly Problem[]): Problem[] {
  const out: Problem[] = []
  const name = (key: string) => nodeLabel(doc.nodes[key], key)
  const has = (prefix: string) => local.some((problem) => problem.id.startsWith(prefix))
  const cycles = check.is_acyclic?.cycles ?? []
  if (check.is_acyclic && !check.is_acyclic.is_acyclic && !has('cycle')) {
    const keys = cycles.map((edge) => String(edge[0]))
    out.push({
      id: 'server:cycle',
      severity: 'error',
      nodeKey: keys[0],
      message: `The server found a cycle through ${keys.map(name).join(', ')}.`,
    })
  }
  for (const [source, targets] of Object.entries(check.multiple_output_connection?.edges ?? {})) {
    if (has(`fan-out:${source}:`)) continue
    out.push({
      id: `server:fan-out:${source}`,
      severity: 'error',
      nodeKey: source,
      message: `The server found more than one connection on one output of ${name(source)} (to ${(targets as unknown[]).map((t) => name(String(t))).join(', ')}).`,
    })
  }
  for (const edge of check.path_warnings?.edges ?? []) {
    // The sixth field is the blocking node the path leads to.
    const target = String(edge[5] ?? edge[1])
    if (has(`path:${target}`) || out.some((problem) => problem.id === `server:path:${target}`)) continue
    out.push({
      id: `server:path:${target}`,
      severity: 'warning',
      nodeKey: target,
      message: `${String(edge[2])}: ${name(target)} (server check).`,
    })
  }
  return out
}

/**
 * The problems list (spec/UI.md §6 item 3): every rule MISP checks at save time or in
 * `checkGraph` (spec/ENGINE.md §3), plus the module notifications of §3.3, each named in words
 * and tied to a node so the canvas can badge it. Errors block saving; warnings do not.
 */
import type { GraphNode, ModuleDescriptor } from '../../../../src/engine/contract/index.ts'
import { allowsFanOut, nodeLabel } from './connection-rules.ts'
import type { DocEdge, WorkflowDoc } from './drawflow.ts'

/** One problem: what, how bad, and where. */
export interface Problem {
  id: string
  severity: 'error' | 'warning'
  message: string
  nodeKey?: string
  edgeIds?: string[]
}

type ModuleLookup = (node: GraphNode) => ModuleDescriptor | undefined

/** All problems of the document, errors first. */
export function findProblems(doc: WorkflowDoc, moduleOf: ModuleLookup): Problem[] {
  const problems = [
    ...triggerProblems(doc),
    ...cycleProblems(doc),
    ...fanOutProblems(doc, moduleOf),
    ...moduleProblems(doc, moduleOf),
    ...pathWarnings(doc, moduleOf),
  ]
  return [...problems.filter((p) => p.severity === 'error'), ...problems.filter((p) => p.severity === 'warning')]
}

/** Whether the problems stop a save (MISP's three save-time rules, spec/ENGINE.md §3.1). */
export function blocksSave(problems: readonly Problem[]): boolean {
  return problems.some((problem) => problem.severity === 'error')
}

function triggerProblems(doc: WorkflowDoc): Problem[] {
  if (doc.container === 'list') return []
  const triggers = doc.order.filter((key) => doc.nodes[key].data?.module_type === 'trigger')
  if (triggers.length === 1) return []
  return [
    {
      id: 'trigger-count',
      severity: 'error',
      message: `A workflow needs exactly one trigger node; this one has ${triggers.length}. (MISP: “Cannot save a workflow containing no or more than one trigger”.)`,
    },
  ]
}

/** Finds one cycle by depth-first search and names the nodes on it. */
function cycleProblems(doc: WorkflowDoc): Problem[] {
  const next = adjacency(doc.edges)
  const state = new Map<string, 'active' | 'done'>()
  const stack: DocEdge[] = []
  let found: DocEdge[] | null = null
  const visit = (key: string): void => {
    state.set(key, 'active')
    for (const edge of next.get(key) ?? []) {
      if (found) return
      const seen = state.get(edge.target)
      if (seen === 'active') {
        const start = stack.findIndex((e) => e.source === edge.target)
        found = [...stack.slice(start === -1 ? stack.length : start), edge]
        return
      }
      if (!seen) {
        stack.push(edge)
        visit(edge.target)
        stack.pop()
      }
    }
    state.set(key, 'done')
  }
  for (const key of doc.order) if (!state.has(key) && !found) visit(key)
  if (!found) return []
  const cycle = found as DocEdge[]
  const names = cycle.map((edge) => nodeLabel(doc.nodes[edge.source], edge.source))
  return [
    {
      id: 'cycle',
      severity: 'error',
      message: `The graph has a cycle: ${names.join(' → ')} → back to the start. (MISP: “Cannot save a workflow containing a cycle”.)`,
      nodeKey: cycle[0].source,
      edgeIds: cycle.map((edge) => edge.id),
    },
  ]
}

function adjacency(edges: readonly DocEdge[]): Map<string, DocEdge[]> {
  const next = new Map<string, DocEdge[]>()
  for (const edge of edges) {
    const list = next.get(edge.source)
    if (list) list.push(edge)
    else next.set(edge.source, [edge])
  }
  return next
}

function fanOutProblems(doc: WorkflowDoc, moduleOf: ModuleLookup): Problem[] {
  const byPort = new Map<string, DocEdge[]>()
  for (const edge of doc.edges) {
    const key = `${edge.source}:${edge.sourcePort}`
    byPort.set(key, [...(byPort.get(key) ?? []), edge])
  }
  const problems: Problem[] = []
  for (const [port, edges] of byPort) {
    const node = doc.nodes[edges[0].source]
    if (edges.length < 2 || allowsFanOut(node, moduleOf(node))) continue
    problems.push({
      id: `fan-out:${port}`,
      severity: 'error',
      message: `Output ${edges[0].sourcePort.replace('output_', '')} of ${nodeLabel(node, edges[0].source)} has ${edges.length} connections; only one is allowed. (MISP: “Cannot save a workflow having more than one connection per output”.)`,
      nodeKey: edges[0].source,
      edgeIds: edges.map((edge) => edge.id),
    })
  }
  return problems
}

/** The per-module notifications of spec/ENGINE.md §3.3, computed live against the trigger. */
function moduleProblems(doc: WorkflowDoc, moduleOf: ModuleLookup): Problem[] {
  const triggerKey = doc.order.find((key) => doc.nodes[key].data?.module_type === 'trigger')
  const triggerNode = triggerKey ? doc.nodes[triggerKey] : undefined
  const trigger = triggerNode ? moduleOf(triggerNode) : undefined
  const triggerBlocking = Boolean(trigger?.blocking ?? triggerNode?.data?.blocking)
  const triggerCore = Boolean(trigger?.misp_core_format ?? triggerNode?.data?.misp_core_format)
  const problems: Problem[] = []
  for (const key of doc.order) {
    const node = doc.nodes[key]
    const name = nodeLabel(node, key)
    const module = moduleOf(node)
    if (!module) {
      problems.push({
        id: `unknown:${key}`,
        severity: 'warning',
        nodeKey: key,
        message: `${name} uses the unknown module “${String(node.data?.id)}”: it will fail when the workflow runs.`,
      })
      continue
    }
    if (module.module_type === 'trigger') continue
    if (module.disabled) {
      problems.push({
        id: `disabled:${key}`,
        severity: 'warning',
        nodeKey: key,
        message: `Module disabled: ${name} will not be executed${module.blocking ? ', and as a blocking module it will stop the execution' : ''}.`,
      })
    }
    if (triggerNode && module.blocking && !triggerBlocking) {
      problems.push({
        id: `blocking:${key}`,
        severity: 'warning',
        nodeKey: key,
        message: `Blocking module might not work as intended: ${name} is a blocking module, but the trigger is not blocking.`,
      })
    }
    if (triggerNode && module.expect_misp_core_format && !triggerCore) {
      problems.push({
        id: `format:${key}`,
        severity: 'warning',
        nodeKey: key,
        message: `Potential data format issue: ${name} expects the MISP core format, which the trigger does not provide.`,
      })
    }
  }
  return problems
}

/** A blocking module after a concurrent task runs in the background and cannot veto (spec/ENGINE.md §3.2.3). */
function pathWarnings(doc: WorkflowDoc, moduleOf: ModuleLookup): Problem[] {
  const next = adjacency(doc.edges)
  const problems: Problem[] = []
  const flagged = new Set<string>()
  for (const start of doc.order) {
    if (doc.nodes[start].data?.id !== 'concurrent-task') continue
    const seen = new Set<string>([start])
    const queue = [start]
    while (queue.length > 0) {
      const key = queue.shift() as string
      for (const edge of next.get(key) ?? []) {
        if (seen.has(edge.target)) continue
        seen.add(edge.target)
        queue.push(edge.target)
        const node = doc.nodes[edge.target]
        if (!node || !moduleOf(node)?.blocking || flagged.has(edge.target)) continue
        flagged.add(edge.target)
        problems.push({
          id: `path:${edge.target}`,
          severity: 'warning',
          nodeKey: edge.target,
          edgeIds: [edge.id],
          message: `This path leads to a blocking node from a non-blocking context: ${nodeLabel(node, edge.target)} comes after the concurrent task ${nodeLabel(doc.nodes[start], start)}, so it runs in the background and cannot block.`,
        })
      }
    }
  }
  return problems
}

/**
 * Save-time validation (spec/ENGINE.md §3.1): MISP's three rules, checked in MISP's order
 * with MISP's messages, then the checks MISP lacks that Sluice adds (§3.1 "Not validated by
 * MISP", §10): nodes that name no module, dangling connections, unknown modules, a trigger that
 * differs from the record.
 */
import type { ErrorCode } from '../../errors.ts'
import { isMap, phpTruthy } from '../../format/index.ts'
import type { ModuleCatalogue } from '../contract/index.ts'
import { findCycle } from './cycles.ts'
import type { ParsedGraph } from './parse.ts'
import { pathBudgetProblem } from './path-walk.ts'

/** MISP's save-time messages, verbatim (spec/ENGINE.md §3.1). */
export const SAVE_RULE_MESSAGES = {
  cycle: 'Cannot save a workflow containing a cycle',
  triggerCount: 'Cannot save a workflow containing no or more than one trigger',
  multipleConnections: 'Cannot save a workflow having more than one connection per output',
} as const

/** One problem found in a graph. `error`s prevent saving and running; `warning`s do not. */
export interface GraphProblem {
  severity: 'error' | 'warning'
  code: ErrorCode | 'SLC_UNKNOWN_MODULE' | 'SLC_TRIGGER_MISMATCH'
  /** For MISP's rules, MISP's exact text; otherwise Sluice's own sentence. */
  message: string
  /** Where the problem is, in words (the cycle's edges, the crowded output…). */
  detail?: string
  /** The node concerned, when there is one. */
  nodeId?: string
}

/** Options for validateGraph. */
export interface ValidateOptions {
  /** With a catalogue, unknown module ids are reported (as warnings: they fail at run time, §8.7). */
  catalogue?: ModuleCatalogue
  /** The record's `trigger_id`; a graph whose trigger node differs is an error (§9.1 item 7). */
  triggerId?: string
}

/** Checks a graph. MISP's rules come first, in its order; only the first of them is reported. */
export function validateGraph(graph: ParsedGraph, options: ValidateOptions = {}): GraphProblem[] {
  const problems: GraphProblem[] = []
  const mispRule = firstMispRuleBroken(graph)
  if (mispRule) problems.push(mispRule)
  problems.push(...unnamedModules(graph))
  problems.push(...danglingConnections(graph))
  const tooManyPaths = pathCountProblem(graph)
  if (tooManyPaths) problems.push(tooManyPaths)
  if (options.triggerId !== undefined && graph.triggerKey !== null) {
    const triggerModule = graph.nodes.get(graph.triggerKey)?.moduleId
    if (triggerModule !== options.triggerId) {
      problems.push({
        severity: 'error',
        code: 'SLC_TRIGGER_MISMATCH',
        nodeId: graph.triggerKey,
        message: `The trigger node (${graph.triggerKey}) is \`${triggerModule}\`, but the workflow belongs to trigger \`${options.triggerId}\``,
      })
    }
  }
  if (options.catalogue) {
    problems.push(...unknownModules(graph, options.catalogue))
    problems.push(...badParameters(graph, options.catalogue))
  }
  return problems
}

function firstMispRuleBroken(graph: ParsedGraph): GraphProblem | null {
  const cycle = findCycle(graph)
  if (!cycle.is_acyclic) {
    const path = cycle.cycles.map(([from, to]) => `${from} → ${to}`).join(', ')
    return { severity: 'error', code: 'SLC_GRAPH_CYCLE', message: SAVE_RULE_MESSAGES.cycle, detail: `cycle: ${path}` }
  }
  let triggers = 0
  for (const node of graph.nodes.values()) if (node.moduleType === 'trigger') triggers++
  if (triggers !== 1) {
    return {
      severity: 'error',
      code: 'SLC_GRAPH_TRIGGER_COUNT',
      message: SAVE_RULE_MESSAGES.triggerCount,
      detail: `found ${triggers} trigger nodes`,
    }
  }
  for (const node of graph.nodes.values()) {
    // MISP tests the flag with PHP's empty(): "0" and [] do not allow several connections.
    if (phpTruthy(node.node.data.multiple_output_connection)) continue
    const crowded = node.outputs.find((output) => output.targets.length > 1)
    if (crowded) {
      return {
        severity: 'error',
        code: 'SLC_GRAPH_MULTIPLE_CONNECTIONS',
        nodeId: node.key,
        message: SAVE_RULE_MESSAGES.multipleConnections,
        detail: `node ${node.key}, \`${crowded.name}\` has ${crowded.targets.length} connections`,
      }
    }
  }
  return null
}

/**
 * Runs follow every path from the trigger (spec/ENGINE.md §2.5) and trace each node with the
 * path that led to it, so their work grows with the paths and their lengths: a graph past the
 * budget (a ladder of diamonds, a chain of thousands of nodes) would stall every run of it, or
 * give a trace too large to answer or record. Refused.
 */
function pathCountProblem(graph: ParsedGraph): GraphProblem | null {
  const message = pathBudgetProblem(graph)
  if (message === null) return null
  return { severity: 'error', code: 'SLC_GRAPH_INVALID', nodeId: graph.triggerKey ?? undefined, message }
}

/** Nodes no editor writes: without a module id, or with a module type that is not text. */
function unnamedModules(graph: ParsedGraph): GraphProblem[] {
  const problems: GraphProblem[] = []
  for (const node of graph.nodes.values()) {
    if (node.shapeProblem === null) continue
    problems.push({ severity: 'error', code: 'SLC_GRAPH_INVALID', nodeId: node.key, message: node.shapeProblem })
  }
  return problems
}

function danglingConnections(graph: ParsedGraph): GraphProblem[] {
  const problems: GraphProblem[] = []
  for (const node of graph.nodes.values()) {
    for (const output of node.outputs) {
      for (const target of output.targets) {
        if (graph.nodes.has(target)) continue
        problems.push({
          severity: 'error',
          code: 'SLC_GRAPH_DANGLING_CONNECTION',
          nodeId: node.key,
          message: `Node ${node.key} (\`${node.moduleId}\`) connects \`${output.name}\` to node ${target}, which does not exist`,
        })
      }
    }
  }
  return problems
}

function unknownModules(graph: ParsedGraph, catalogue: ModuleCatalogue): GraphProblem[] {
  const problems: GraphProblem[] = []
  for (const node of graph.nodes.values()) {
    const known =
      node.moduleType === 'trigger'
        ? catalogue.trigger(node.moduleId)
        : catalogue.module(node.moduleType, node.moduleId)
    if (known) continue
    problems.push({
      severity: node.moduleType === 'trigger' ? 'error' : 'warning',
      code: 'SLC_UNKNOWN_MODULE',
      nodeId: node.key,
      message: `Node ${node.key} uses the unknown ${node.moduleType} module \`${node.moduleId}\``,
    })
  }
  return problems
}

function isScalar(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value)
}

/**
 * Parameter values of a shape no editor writes: MISP's editor saves texts, numbers, flags and
 * lists of them (a multiple picker). An object would reach the module as "[object Object]", so
 * it is refused at save time, naming the node and the parameter; so is what a module's own
 * `validateParams` refuses.
 */
function badParameters(graph: ParsedGraph, catalogue: ModuleCatalogue): GraphProblem[] {
  const problems: GraphProblem[] = []
  for (const node of graph.nodes.values()) {
    if (node.moduleType === 'trigger') continue
    const module = catalogue.module(node.moduleType, node.moduleId)
    const params: unknown = node.node.data.indexed_params
    if (!module || !isMap(params)) continue
    const where = `Node ${node.key} (\`${node.moduleId}\`)`
    for (const param of module.descriptor.params) {
      if (typeof param.id !== 'string' || !Object.hasOwn(params, param.id)) continue
      const value = params[param.id]
      if (isScalar(value) || (Array.isArray(value) && value.every(isScalar))) continue
      problems.push({
        severity: 'error',
        code: 'SLC_WORKFLOW_INVALID',
        nodeId: node.key,
        message: `${where}: parameter \`${param.id}\` must be a text, a number, a flag or a list of them, not ${Array.isArray(value) ? 'a list of objects' : 'an object'}`,
      })
    }
    for (const problem of module.validateParams?.(params) ?? []) {
      problems.push({
        severity: 'error',
        code: 'SLC_WORKFLOW_INVALID',
        nodeId: node.key,
        message: `${where}: parameter \`${problem.param}\` ${problem.message}`,
      })
    }
  }
  return problems
}

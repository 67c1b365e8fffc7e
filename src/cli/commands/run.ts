/**
 * `sluice run WORKFLOW.json --data INPUT.json`: runs one workflow on one payload and prints
 * the outcome and trace (ARCHITECTURE.md §5). Walks that concurrent tasks hand off are run
 * after the main walk, in order, and reported too. Exit 0 success, 1 blocked or failure.
 */
import { ERROR_CODES, type ErrorCode, UserError } from '../../errors.ts'
import {
  type DeferredWalk,
  loadWorkflowJson,
  parseGraph,
  runDeferredWalk,
  runWorkflow,
  type TraceEntry,
  validateGraph,
  type WalkRun,
  type WorkflowRun,
} from '../../engine/index.ts'
import { createBuiltinRegistry, createJinjaRenderer, loadCustomModules } from '../../modules/index.ts'
import { createOutbound } from '../../platform/outbound/index.ts'
import { readJsonFile } from '../read-json.ts'

/** Options of `sluice run`. */
export interface RunCommandOptions {
  data: string
  trigger?: string
  modules?: string
  json?: boolean
  /** `NAME=VALUE` settings for the outbound port (docs/outbound.md); none: outbound HTTP is refused. */
  setting?: string[]
}

/** The `--setting NAME=VALUE` options as a settings map. */
function settingsOf(entries: string[] = []): Map<string, string> {
  const settings = new Map<string, string>()
  for (const entry of entries) {
    const equals = entry.indexOf('=')
    if (equals <= 0) throw new UserError('SLC_VALIDATION', `--setting ${entry}: expected NAME=VALUE`)
    settings.set(entry.slice(0, equals).trim(), entry.slice(equals + 1).trim())
  }
  return settings
}

/** A deferred walk and how it went. */
interface DeferredReport {
  nodeId: string
  enqueuedBy: string
  data: unknown
  result: WalkRun
}

/** Runs the command; returns the exit code. */
export async function runCommand(workflowPath: string, options: RunCommandOptions): Promise<number> {
  let registry = createBuiltinRegistry()
  if (options.modules) registry = registry.with(await loadCustomModules(options.modules))
  if (options.trigger !== undefined && !registry.trigger(options.trigger)) {
    throw new UserError(
      'SLC_UNKNOWN_TRIGGER',
      `--trigger ${options.trigger}: unknown trigger (\`sluice modules --type trigger\` lists them)`,
    )
  }
  const json = await readJsonFile(workflowPath)
  const { loaded, graph } = inFile(workflowPath, () => {
    const loaded = loadWorkflowJson(json, options.trigger, (id) => registry.trigger(id)?.descriptor)
    return { loaded, graph: parseGraph(loaded.record.data) }
  })
  const data = await readJsonFile(options.data)
  const fatal = validateGraph(graph, { catalogue: registry, triggerId: loaded.record.trigger_id }).filter(
    (problem) => problem.severity === 'error',
  )
  if (fatal.length > 0) {
    const lines = fatal.map((problem) => `${problem.message}${problem.detail ? ` (${problem.detail})` : ''}`)
    throw new UserError(fatal[0].code as 'SLC_GRAPH_INVALID', `${workflowPath}: ${lines.join('; ')}`)
  }
  const queue: DeferredWalk[] = []
  const settings = settingsOf(options.setting)
  // No users table here: mail modules fail clearly; HTTP and ZeroMQ follow the given settings.
  const outbound = createOutbound({ db: undefined, settings: (name) => settings.get(name) })
  const ports = {
    deferrer: { defer: (walk: DeferredWalk) => void queue.push(walk) },
    templates: createJinjaRenderer(),
    outbound,
  }
  const deferred: DeferredReport[] = []
  let run: WorkflowRun
  try {
    run = await runWorkflow({
      catalogue: registry,
      ports,
      workflow: loaded.record,
      triggerId: loaded.record.trigger_id,
      data,
    })
    for (const walk of queue) {
      const result = await runDeferredWalk({ catalogue: registry, ports, workflow: loaded.record, walk })
      deferred.push({ nodeId: walk.nodeId, enqueuedBy: walk.enqueuedBy, data: walk.data, result })
    }
  } finally {
    await outbound.close()
  }
  process.stdout.write(
    options.json ? `${JSON.stringify(jsonReport(run, deferred), null, 2)}\n` : textReport(run, deferred),
  )
  return run.success ? 0 : 1
}

/** Runs `read`, naming the workflow file in the message of any user error it throws. */
function inFile<T>(path: string, read: () => T): T {
  try {
    return read()
  } catch (error) {
    const code = (error as { code?: unknown }).code as ErrorCode
    if (ERROR_CODES[code]?.kind !== 'user') throw error
    throw new UserError(code, `${path}: ${(error as Error).message}`, error)
  }
}

function jsonTrace(trace: TraceEntry[]) {
  return trace.map(({ dataIn: _dataIn, ...entry }) => entry)
}

function jsonReport(run: WorkflowRun, deferred: DeferredReport[]) {
  return {
    outcome: run.skipped ? 'skipped' : run.outcome,
    success: run.success,
    outcomeText: run.outcomeText,
    executedNodes: run.executedNodes,
    blockingNodes: run.blockingNodes,
    blockedPaths: run.blockedPaths,
    errors: run.errors,
    deferred: deferred.map((walk) => ({
      nodeId: walk.nodeId,
      enqueuedBy: walk.enqueuedBy,
      data: walk.data,
      success: walk.result.success,
      executedNodes: walk.result.executedNodes,
      blockingNodes: walk.result.blockingNodes,
      blockedPaths: walk.result.blockedPaths,
      errors: walk.result.errors,
      message: walk.result.message,
      trace: jsonTrace(walk.result.trace),
    })),
    data: run.data,
    trace: jsonTrace(run.trace),
  }
}

function traceLines(trace: TraceEntry[]): string[] {
  return trace.map((entry) => {
    const result =
      entry.branch !== undefined
        ? `→ ${entry.branch.length > 0 ? entry.branch.join(', ') : 'stop'}`
        : entry.result === null
          ? entry.status
          : `${entry.status}${entry.result ? '' : ' (false)'}`
    const errors = entry.errors.length > 0 ? `  ${entry.errors.join(', ')}` : ''
    return `  node ${entry.nodeId.padEnd(4)} ${entry.moduleId.padEnd(28)} ${result.padEnd(26)} ${entry.durationMs.toFixed(3)} ms${errors}`
  })
}

function textReport(run: WorkflowRun, deferred: DeferredReport[]): string {
  const lines = [`Outcome: ${run.skipped ? 'skipped (trigger disabled)' : run.outcomeText}`]
  if (run.errors.length > 0) lines.push('Errors:', ...run.errors.map((error) => `  ${error}`))
  if (run.trace.length > 0) lines.push('Trace:', ...traceLines(run.trace))
  for (const walk of deferred) {
    lines.push(`Deferred walk from node ${walk.nodeId} (handed off by node ${walk.enqueuedBy}): ${walk.result.message}`)
    lines.push(...traceLines(walk.result.trace))
  }
  return `${lines.join('\n')}\n`
}

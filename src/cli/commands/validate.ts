/**
 * `sluice validate FILE…`: checks workflows, graphs and blueprints with MISP's save-time rules
 * plus Sluice's own (spec/ENGINE.md §3.1). Prints one verdict per file; exit 2 if any file is
 * unreadable or invalid.
 */
import { type GraphProblem, loadWorkflowJson, parseGraph, validateGraph } from '../../engine/index.ts'
import { createBuiltinRegistry, loadCustomModules, type ModuleRegistry } from '../../modules/index.ts'
import { readJsonFile } from '../read-json.ts'

/** Options of `sluice validate`. */
export interface ValidateCommandOptions {
  modules?: string
  json?: boolean
}

/** The verdict on one file. */
interface FileVerdict {
  file: string
  kind?: string
  valid: boolean
  problems: Array<Pick<GraphProblem, 'severity' | 'code' | 'message' | 'detail' | 'nodeId'>>
}

function isBlueprintFile(json: unknown): json is { WorkflowBlueprint: unknown } {
  return typeof json === 'object' && json !== null && 'WorkflowBlueprint' in json
}

function invalidBlueprint(message: string): GraphProblem[] {
  return [{ severity: 'error', code: 'SLC_WORKFLOW_INVALID', message }]
}

/**
 * A blueprint is a selection of nodes: it needs no trigger, and its connections to nodes
 * outside the selection are dropped when it is inserted (spec/ENGINE.md §7.2).
 */
function validateBlueprint(blueprint: unknown, registry: ModuleRegistry): GraphProblem[] {
  if (typeof blueprint !== 'object' || blueprint === null || Array.isArray(blueprint)) {
    return invalidBlueprint('`WorkflowBlueprint` must be an object with the blueprint’s fields')
  }
  const data = (blueprint as { data?: unknown }).data
  let nodes: unknown = data
  if (typeof data === 'string') {
    try {
      nodes = JSON.parse(data)
    } catch (error) {
      return invalidBlueprint(`\`WorkflowBlueprint.data\` is a string but not valid JSON: ${(error as Error).message}`)
    }
  }
  if (!Array.isArray(nodes)) return invalidBlueprint('`WorkflowBlueprint.data` must be a list of nodes')
  const graph = parseGraph(Object.fromEntries(nodes.map((node, index) => [String(node?.id ?? `#${index}`), node])))
  return validateGraph(graph, { catalogue: registry }).filter(
    (problem) => problem.code !== 'SLC_GRAPH_TRIGGER_COUNT' && problem.code !== 'SLC_GRAPH_DANGLING_CONNECTION',
  )
}

async function verdictFor(file: string, registry: ModuleRegistry): Promise<FileVerdict> {
  try {
    const json = await readJsonFile(file)
    if (isBlueprintFile(json)) {
      const problems = validateBlueprint(json.WorkflowBlueprint, registry)
      return { file, kind: 'blueprint', valid: !problems.some((p) => p.severity === 'error'), problems }
    }
    const loaded = loadWorkflowJson(json, undefined, (id) => registry.trigger(id)?.descriptor)
    const problems = validateGraph(parseGraph(loaded.record.data), {
      catalogue: registry,
      triggerId: loaded.record.trigger_id,
    })
    return { file, kind: loaded.kind, valid: !problems.some((p) => p.severity === 'error'), problems }
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'SLC_WORKFLOW_INVALID'
    return {
      file,
      valid: false,
      problems: [{ severity: 'error', code: code as GraphProblem['code'], message: (error as Error).message }],
    }
  }
}

/** Runs the command; returns the exit code. */
export async function validateCommand(files: string[], options: ValidateCommandOptions): Promise<number> {
  let registry = createBuiltinRegistry()
  if (options.modules) registry = registry.with(await loadCustomModules(options.modules))
  const verdicts: FileVerdict[] = []
  for (const file of files) verdicts.push(await verdictFor(file, registry))
  if (options.json) process.stdout.write(`${JSON.stringify(verdicts, null, 2)}\n`)
  else {
    for (const verdict of verdicts) {
      process.stdout.write(
        `${verdict.valid ? 'valid  ' : 'INVALID'} ${verdict.file}${verdict.kind ? ` (${verdict.kind})` : ''}\n`,
      )
      for (const problem of verdict.problems) {
        const where = problem.nodeId ? ` [node ${problem.nodeId}]` : ''
        const detail = problem.detail ? ` (${problem.detail})` : ''
        process.stdout.write(`  ${problem.severity}${where}: ${problem.message}${detail}\n`)
      }
    }
  }
  return verdicts.every((verdict) => verdict.valid) ? 0 : 2
}

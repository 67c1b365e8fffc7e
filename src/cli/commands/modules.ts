/** `sluice modules`: the module catalogue as a table, or as MISP descriptors in JSON. */
import type { ModuleType } from '../../engine/index.ts'
import { createBuiltinRegistry, loadCustomModules } from '../../modules/index.ts'

/** Options of `sluice modules`. */
export interface ModulesCommandOptions {
  json?: boolean
  type?: string
  modules?: string
}

const TYPES: ModuleType[] = ['trigger', 'logic', 'action']

/** Runs the command; returns the exit code. */
export async function modulesCommand(options: ModulesCommandOptions): Promise<number> {
  if (options.type !== undefined && !TYPES.includes(options.type as ModuleType)) {
    process.stderr.write(`--type must be one of ${TYPES.join(', ')}, got "${options.type}"\n`)
    return 2
  }
  let registry = createBuiltinRegistry()
  if (options.modules) registry = registry.with(await loadCustomModules(options.modules))
  const types = options.type ? [options.type as ModuleType] : TYPES
  const descriptors = types.flatMap((type) => registry.descriptors(type))
  if (options.json) {
    process.stdout.write(`${JSON.stringify(descriptors, null, 2)}\n`)
    return 0
  }
  const rows = descriptors.map((d) => [
    d.module_type,
    d.id,
    d.name,
    d.version,
    d.blocking ? 'yes' : '',
    `${d.inputs}/${d.outputs}`,
    d.is_custom ? 'custom' : '',
  ])
  const header = ['type', 'id', 'name', 'version', 'blocking', 'in/out', '']
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)))
  const format = (row: string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd()
  process.stdout.write(`${[format(header), ...rows.map(format)].join('\n')}\n`)
  return 0
}

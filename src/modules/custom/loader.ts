/**
 * Loading custom modules from a directory (spec/ENGINE.md §5.6; docs/modules.md): every `.ts`
 * and `.js` file default-exports one module definition. Custom modules are flagged
 * `is_custom` and override built-ins with the same id. A file that does not hold a valid
 * definition is refused with an error naming the file and the field.
 */
import { readdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { UserError } from '../../errors.ts'
import type { ModuleContext, ParamDescriptor, WorkflowModule } from '../../engine/index.ts'
import { defineActionModule, defineLogicModule } from '../define.ts'

/** The definition a custom module file default-exports. */
export interface CustomModuleDefinition {
  id: string
  name: string
  moduleType: 'action' | 'logic'
  description?: string
  version?: string
  icon?: string
  blocking?: boolean
  inputs?: number
  outputs?: number
  params?: ParamDescriptor[]
  support_filters?: boolean
  expect_misp_core_format?: boolean
  multiple_output_connection?: boolean
  exec(ctx: ModuleContext): boolean | Promise<boolean>
}

const MODULE_FILE = /\.(ts|js|mjs)$/

function refuse(file: string, problem: string): never {
  throw new UserError('SLC_MODULE_INVALID', `Custom module ${file}: ${problem}`)
}

function checkOptional(file: string, definition: Record<string, unknown>, field: string, type: string): void {
  const value = definition[field]
  if (value !== undefined && typeof value !== type) refuse(file, `\`${field}\` must be a ${type}`)
}

/** Checks a default export and turns it into a module. */
export function toCustomModule(file: string, exported: unknown): WorkflowModule {
  if (typeof exported !== 'object' || exported === null)
    refuse(file, 'the default export must be a module definition object')
  const definition = exported as Record<string, unknown>
  if (typeof definition.id !== 'string' || definition.id === '') refuse(file, '`id` must be a non-empty string')
  if (typeof definition.name !== 'string' || definition.name === '') refuse(file, '`name` must be a non-empty string')
  const moduleType = definition.moduleType ?? definition.module_type
  if (moduleType !== 'action' && moduleType !== 'logic') refuse(file, '`moduleType` must be "action" or "logic"')
  if (typeof definition.exec !== 'function') refuse(file, '`exec` must be a function')
  for (const field of ['description', 'version', 'icon']) checkOptional(file, definition, field, 'string')
  for (const field of ['blocking', 'support_filters', 'expect_misp_core_format', 'multiple_output_connection']) {
    checkOptional(file, definition, field, 'boolean')
  }
  for (const field of ['inputs', 'outputs']) {
    const value = definition[field]
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 2)) {
      refuse(file, `\`${field}\` must be 0, 1 or 2`)
    }
  }
  const params = definition.params ?? []
  if (!Array.isArray(params)) refuse(file, '`params` must be a list of parameter descriptors')
  params.forEach((param, index) => {
    if (typeof param !== 'object' || param === null || typeof (param as ParamDescriptor).id !== 'string') {
      refuse(file, `\`params[${index}]\` must be an object with a string \`id\``)
    }
  })
  const spec = {
    ...(definition as unknown as CustomModuleDefinition),
    params: params as ParamDescriptor[],
    is_custom: true,
  }
  return moduleType === 'logic' ? defineLogicModule(spec) : defineActionModule(spec)
}

/** Loads every module file of `directory`, in file-name order. */
export async function loadCustomModules(directory: string): Promise<WorkflowModule[]> {
  const root = resolve(directory)
  let names: string[]
  try {
    names = (await readdir(root)).filter((name) => MODULE_FILE.test(name) && !name.endsWith('.d.ts')).sort()
  } catch (error) {
    throw new UserError('SLC_FILE_UNREADABLE', `Cannot read the modules directory ${root}: ${(error as Error).message}`)
  }
  const modules: WorkflowModule[] = []
  for (const name of names) {
    const file = join(root, name)
    let loaded: { default?: unknown }
    try {
      loaded = await import(pathToFileURL(file).href)
    } catch (error) {
      throw new UserError('SLC_MODULE_INVALID', `Custom module ${file} failed to load: ${(error as Error).message}`)
    }
    if (loaded.default === undefined) refuse(file, 'it has no default export')
    modules.push(toCustomModule(file, loaded.default))
  }
  return modules
}

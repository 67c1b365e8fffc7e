/**
 * misp-modules' own `action` modules as workflow modules (spec/ENGINE.md §5.6 step 3, §5.7):
 * discovered with `GET /modules`, described as MISP maps them, and run through `POST /query`
 * with MISP's request body. An `{error}` answer fails the node with that error. Unlike MISP,
 * a transport failure (service down, timeout, HTTP error, an answer that is not JSON) is a node
 * error too, never a success (docs/differences-from-misp.md).
 */
import { extract } from '../../hashpath/index.ts'
import type { ModuleContext, Outbound, ParamDescriptor, WorkflowModule } from '../../engine/index.ts'
import { defineActionModule } from '../define.ts'
import { createMispModulesClient, type MispModuleInfo, type MispModulesClient } from './misp-modules-client.ts'

/** MISP's `snake()`: `_` before an upper-case letter that follows a word character, then lower case. */
export function snakeCase(name: string): string {
  return name.replace(/(?<=\w)([A-Z])/g, '_$1').toLowerCase()
}

/** MISP's `slug()`: runs of non-alphanumerics become `_`, trimmed at both ends. */
export function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '')
}

/** CakePHP's `Inflector::humanize`: `_` to spaces, each word capitalised. */
export function humanize(text: string): string {
  return text
    .replace(/_/g, ' ')
    .replace(/(^|\s)(\S)/g, (_all, space: string, letter: string) => space + letter.toUpperCase())
}

interface ModuleConfig {
  blocking?: unknown
  expect_misp_core_format?: unknown
  support_filters?: unknown
  params?: Record<string, { type?: string; value?: unknown; jinja_supported?: boolean }>
}

function configOf(info: MispModuleInfo): ModuleConfig {
  const config = info.meta?.config
  return typeof config === 'object' && config !== null && !Array.isArray(config) ? (config as ModuleConfig) : {}
}

/** The parameter descriptors of a misp-modules action module. */
export function mispModuleParams(info: MispModuleInfo): ParamDescriptor[] {
  const params = configOf(info).params
  if (typeof params !== 'object' || params === null) return []
  return Object.entries(params).map(([name, spec]) => {
    const param: ParamDescriptor = {
      id: slug(snakeCase(name)),
      label: humanize(name),
      placeholder: spec?.value === undefined || spec.value === null ? '' : String(spec.value),
      type: spec?.type === 'large_string' ? 'textarea' : 'input',
    }
    if (spec?.type === 'hash_path') param._isHashPath = true
    if (spec?.jinja_supported !== undefined) param.jinja_supported = spec.jinja_supported
    return param
  })
}

/** MISP's `/query` body for an action module run. Null when node-filter extraction fails. */
export function actionQueryBody(
  info: MispModuleInfo,
  params: ParamDescriptor[],
  ctx: ModuleContext,
): Record<string, unknown> | null {
  const data = ctx.data
  const body: Record<string, unknown> = { module: info.name, data }
  if (configOf(info).support_filters) {
    if (ctx.filtersEnabled) {
      const items = ctx.matchingItems()
      if (items === false) return null
      body.filteredItems = items
    } else {
      body.filteredItems = data
    }
  }
  body.params = Object.fromEntries(params.map((param) => [param.id, ctx.params[param.id]]))
  const hashPaths = params.filter((param) => param._isHashPath === true)
  if (hashPaths.length > 0) {
    body.matchingData = Object.fromEntries(
      hashPaths.map((param) => {
        const path = ctx.params[param.id]
        return [param.label, typeof path === 'string' && path !== '' ? extract(data, path) : data]
      }),
    )
  }
  return body
}

/** The error a misp-modules answer carries, if any (a non-empty `error`). */
function answerError(answer: unknown): string | null {
  if (typeof answer !== 'object' || answer === null) return null
  const error = (answer as { error?: unknown }).error
  if (error === undefined || error === null || error === '' || error === false) return null
  return typeof error === 'string' ? error : JSON.stringify(error)
}

/** A workflow module for one misp-modules action module. */
export function mispActionModule(
  info: MispModuleInfo,
  client: (ctx: ModuleContext) => MispModulesClient,
): WorkflowModule {
  const config = configOf(info)
  const meta = info.meta ?? {}
  const params = mispModuleParams(info)
  // MISP quirk: `meta.outputs` is written to `inputs`; `outputs` stays 1.
  const inputs = Number(meta.outputs ?? meta.inputs ?? 1)
  return defineActionModule({
    id: snakeCase(info.name),
    name: info.name,
    description: typeof meta.description === 'string' ? meta.description : '',
    icon: typeof meta.icon === 'string' ? meta.icon : 'python',
    icon_class: typeof meta.icon_class === 'string' ? meta.icon_class : 'fab',
    inputs: Number.isFinite(inputs) ? inputs : 1,
    outputs: 1,
    blocking: Boolean(config.blocking),
    expect_misp_core_format: Boolean(config.expect_misp_core_format),
    support_filters: Boolean(config.support_filters),
    is_misp_module: true,
    params,
    async exec(ctx) {
      const body = actionQueryBody(info, params, ctx)
      if (!body) return false
      let answer: unknown
      try {
        answer = await client(ctx).query(body)
      } catch (error) {
        ctx.errors.push((error as Error).message)
        return false
      }
      const error = answerError(answer)
      if (error !== null) {
        ctx.errors.push(error)
        return false
      }
      return true
    },
  })
}

/**
 * Discovers the action modules of the configured action service (`Plugin.Action_services_*`)
 * and answers them as workflow modules; none when the service is disabled or unreachable, as
 * in MISP (the reason is given to `onError`).
 */
export async function loadMispActionModules(
  outbound: Outbound | undefined,
  onError?: (error: Error) => void,
): Promise<WorkflowModule[]> {
  const discovery = createMispModulesClient(outbound, 'action-services')
  let list: MispModuleInfo[]
  try {
    list = await discovery.modules()
  } catch (error) {
    onError?.(error as Error)
    return []
  }
  // Each run asks for the client afresh, so it uses the ports of that run.
  const clientOf = (ctx: ModuleContext) => createMispModulesClient(ctx.outbound ?? outbound, 'action-services')
  return list
    .filter((info) => Array.isArray(info.meta?.['module-type']) && info.meta['module-type'].includes('action'))
    .map((info) => mispActionModule(info, clientOf))
}

/**
 * MISP's `/workflows/*` endpoints the admin pages call (spec/ENGINE.md §6.2): triggers with their
 * workflow, the module index and view, enable/disable, debug mode, stateless execution and the
 * workflow list. Filters are applied in the page, so that they combine (UI.md §6 item 13).
 */
import { apiGet, apiPost } from './client.ts'
import type { MispRecord, SaveAnswer } from './events.ts'

/** A module descriptor as MISP answers it (ENGINE.md §1.5), triggers with `Workflow` when one exists. */
export type ModuleDescriptor = MispRecord & {
  id: string
  name: string
  module_type?: 'trigger' | 'logic' | 'action'
  description?: string
  disabled?: boolean
  blocking?: boolean
  misp_core_format?: boolean
  expect_misp_core_format?: boolean
  is_misp_module?: boolean
  is_custom?: boolean
  trigger_overhead?: number
  trigger_overhead_message?: string
  scope?: string
  params?: ModuleParam[]
  Workflow?: MispRecord
}

/** A module parameter (ENGINE.md §5.1). */
export interface ModuleParam {
  id?: string
  label: string
  type: string
  default?: unknown
  options?: Record<string, string> | string[] | Array<{ value: string; name: string }>
  placeholder?: string
  jinja_supported?: boolean
}

/** MISP may answer a filtered list as an object keyed by index (ENGINE.md §6.2.8): accept both. */
function asList<T>(value: T[] | Record<string, T>): T[] {
  return Array.isArray(value) ? value : Object.values(value ?? {})
}

/** Every trigger with its workflow (`page:0` = no paging). */
export async function listTriggers(): Promise<ModuleDescriptor[]> {
  return asList(await apiGet<ModuleDescriptor[] | Record<string, ModuleDescriptor>>('/workflows/triggers/page:0'))
}

/** Action and logic modules (`type:all`), or the triggers (`type:trigger`). */
export async function listModules(type: 'all' | 'trigger' = 'all'): Promise<ModuleDescriptor[]> {
  return asList(
    await apiGet<ModuleDescriptor[] | Record<string, ModuleDescriptor>>(`/workflows/moduleIndex/type:${type}`),
  )
}

/** One module or trigger, with `Workflow` and `listening_workflows` for triggers. */
export function viewModule(id: string): Promise<ModuleDescriptor> {
  return apiGet<ModuleDescriptor>(`/workflows/moduleView/${encodeURIComponent(id)}`)
}

/** Enables or disables a module or a trigger. */
export function toggleModule(id: string, isEnabled: boolean, isTrigger: boolean): Promise<SaveAnswer> {
  return apiPost<SaveAnswer>(
    `/workflows/toggleModule/${encodeURIComponent(id)}/${isEnabled ? 1 : 0}/${isTrigger ? 1 : 0}`,
  )
}

/** Switches a workflow's debug mode (an AJAX-only action in MISP). */
export function toggleDebug(workflowId: string | number, isOn: boolean): Promise<SaveAnswer> {
  return apiPost<SaveAnswer>(`/workflows/debugToggleField/${workflowId}/${isOn ? 1 : 0}`, undefined, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  })
}

/** Every workflow (`[{Workflow: {...}}]`). */
export async function listWorkflows(): Promise<MispRecord[]> {
  const rows = await apiGet<MispRecord[]>('/workflows/index')
  return asList(rows).map((row) => row.Workflow ?? row)
}

/** What a stateless execution answered, with the HTTP status and round-trip time. */
export interface StatelessResult {
  status: number
  ms: number
  body: unknown
}

/** Runs one module on input data (ENGINE.md §2.15, §6.2.15); never throws for an HTTP error. */
export async function executeStateless(
  id: string,
  params: Record<string, unknown>,
  inputJson: string,
  convert: boolean,
): Promise<StatelessResult> {
  const started = performance.now()
  try {
    const body = await apiPost(`/workflows/moduleStatelessExecution/${encodeURIComponent(id)}`, {
      input_data: inputJson,
      module_indexed_param: params,
      convert_data: convert ? 1 : 0,
    })
    return { status: 200, ms: Math.round(performance.now() - started), body }
  } catch (error) {
    const failure = error as { status?: number; body?: unknown; message: string }
    return {
      status: failure.status ?? 0,
      ms: Math.round(performance.now() - started),
      body: failure.body ?? failure.message,
    }
  }
}

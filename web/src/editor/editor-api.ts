/**
 * The REST calls the editor makes (spec/ENGINE.md §6), through the app's one client. Answers are
 * read defensively: MISP may send a list as an object keyed by index (§6.2.8), a workflow's
 * `data` as a string, and blueprints wrapped in `{WorkflowBlueprint: …}`.
 */
import type { GraphNode, ModuleDescriptor } from '../../../src/engine/contract/index.ts'
import type { GraphCheck } from '../../../src/engine/graph/check-graph.ts'
import { apiGet, apiPost } from '../api/client.ts'

/** A workflow record as the editor needs it (spec/ENGINE.md §6.2.2). */
export interface WorkflowRecord {
  id: number | string
  uuid?: string
  name: string
  description?: string
  trigger_id: string
  timestamp?: number | string
  debug_enabled?: boolean | number
  data: unknown
}

/** A blueprint record (spec/ENGINE.md §7.1). */
export interface BlueprintRecord {
  id: number | string
  uuid?: string
  name: string
  description?: string
  timestamp?: number | string
  default?: boolean
  data: GraphNode[]
}

function parseData(data: unknown): unknown {
  if (typeof data !== 'string') return data
  return data === '' ? {} : JSON.parse(data)
}

function asList<T>(value: unknown): T[] {
  if (Array.isArray(value)) return value as T[]
  if (value && typeof value === 'object') return Object.values(value) as T[]
  return []
}

/** Opens the trigger's workflow, creating it on first use (`GET /workflows/editor/<trigger>`). */
export async function loadWorkflow(triggerId: string): Promise<WorkflowRecord> {
  const body = await apiGet<{ Workflow?: WorkflowRecord } & Partial<WorkflowRecord>>(
    `/workflows/editor/${encodeURIComponent(triggerId)}`,
  )
  const record = (body.Workflow ?? body) as WorkflowRecord
  return { ...record, data: parseData(record.data) }
}

/**
 * Every module: triggers, logic and actions, enabled or not (`/workflows/moduleIndex`). Without
 * the full tag list (`fulltaglist:0`): tag pickers search the server (picker-param.tsx).
 */
export async function loadModules(): Promise<ModuleDescriptor[]> {
  const [modules, triggers] = await Promise.all([
    apiGet<unknown>('/workflows/moduleIndex/type:all/fulltaglist:0'),
    apiGet<unknown>('/workflows/moduleIndex/type:trigger'),
  ])
  const unwrap = (entry: unknown) => ((entry as { module?: ModuleDescriptor }).module ?? entry) as ModuleDescriptor
  return [...asList(triggers).map(unwrap), ...asList(modules).map(unwrap)]
}

/** Saves the graph (`POST /workflows/edit/<id>`, `data` as a JSON string as MISP expects). */
export async function saveWorkflow(id: number | string, graph: unknown): Promise<WorkflowRecord> {
  const body = await apiPost<{ Workflow?: WorkflowRecord; data?: { Workflow?: WorkflowRecord } }>(
    `/workflows/edit/${id}`,
    {
      Workflow: { data: JSON.stringify(graph) },
    },
  )
  const record = body.Workflow ?? body.data?.Workflow
  return record ? { ...record, data: parseData(record.data) } : ({ id, data: graph } as WorkflowRecord)
}

/** The server's graph check (`POST /workflows/checkGraph`, spec/ENGINE.md §3.2). */
export function checkGraph(graph: unknown): Promise<GraphCheck> {
  return apiPost<GraphCheck>('/workflows/checkGraph', { graph: JSON.stringify(graph) })
}

/** Every blueprint (`GET /workflowBlueprints/index`). */
export async function loadBlueprints(): Promise<BlueprintRecord[]> {
  const body = await apiGet<unknown>('/workflowBlueprints/index')
  return asList<{ WorkflowBlueprint?: BlueprintRecord }>(body).map((entry) => {
    const record = (entry.WorkflowBlueprint ?? entry) as BlueprintRecord
    return { ...record, data: asList<GraphNode>(parseData(record.data)) }
  })
}

/** Saves nodes as a new blueprint (`POST /workflowBlueprints/add/1`, as the MISP editor does). */
export async function saveBlueprint(name: string, description: string, nodes: unknown[]): Promise<void> {
  await apiPost('/workflowBlueprints/add/1', { WorkflowBlueprint: { name, description, data: JSON.stringify(nodes) } })
}

/** One tag of the server-side search. */
export interface TagHit {
  id: number | string
  name: string
  colour?: string
}

/** Server-side tag search for pickers (`/tags/index/searchall:<term>?limit=<n>`): one page, never the full list. */
export async function searchTags(term: string, signal?: AbortSignal, limit = 200): Promise<TagHit[]> {
  const path = `/tags/index/searchall:${encodeURIComponent(term)}?limit=${limit}`
  const response = await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin', signal })
  if (!response.ok) throw new Error(`Tag search failed: ${response.status}`)
  const body = (await response.json()) as { Tag?: TagHit[] } | TagHit[]
  return Array.isArray(body) ? body : (body.Tag ?? [])
}

/** One saved version of a workflow (`/sluice/workflows/<id>/versions`). */
export interface WorkflowVersion {
  /** 1, 2, 3… per workflow. */
  version: number
  /** Unix seconds, as a string (MISP style). */
  timestamp?: string | number
  restored_from?: number | null
  [key: string]: unknown
}

/** Lists saved versions, newest first. */
export async function listVersions(workflowId: number | string): Promise<WorkflowVersion[]> {
  const body = await apiGet<unknown>(`/sluice/workflows/${workflowId}/versions`)
  const list = (body as { versions?: unknown }).versions ?? body
  return asList<WorkflowVersion>(list)
}

/** The graph of one saved version (`/sluice/workflows/<id>/versions/<version>`). */
export async function loadVersion(workflowId: number | string, version: number | string): Promise<unknown> {
  const body = await apiGet<{ version?: { data?: unknown } }>(`/sluice/workflows/${workflowId}/versions/${version}`)
  return parseData(body.version?.data)
}

/** One thing a dry run would have done (`POST /sluice/workflows/run`, docs/workflow-api.md). */
export interface WouldBeEffect {
  node_id: string | null
  module_id: string | null
  operation: string
  arguments: unknown[]
}

/** What running the edited graph answered. */
export interface GraphRunAnswer {
  dry_run: boolean
  success: boolean
  outcome: string
  outcome_text: string
  errors: string[]
  run_id: string | null
  trace: { entries: Record<string, unknown>[]; blockingNodes: string[]; outcomeText: string }
  effects: WouldBeEffect[]
  deferred: Array<{ enqueued_by: string; start_node: string }>
}

/**
 * Runs the graph as it is in the editor, saved or not, on raw trigger data
 * (`POST /sluice/workflows/run`); with `dryRun` its data-changing and outbound actions are
 * recorded instead of done.
 */
export function runGraph(request: {
  triggerId: string
  workflowId: number | string
  graph: unknown
  data: unknown
  dryRun: boolean
}): Promise<GraphRunAnswer> {
  return apiPost<GraphRunAnswer>('/sluice/workflows/run', {
    trigger_id: request.triggerId,
    graph: request.graph,
    data: request.data,
    dry_run: request.dryRun,
    ...(/^[0-9]+$/.test(String(request.workflowId)) ? { workflow_id: String(request.workflowId) } : {}),
  })
}

/**
 * MISP's workflow records as the `/workflows/…` endpoints change them (spec/ENGINE.md §1.2–§1.4,
 * §6.2), plus what Sluice adds (issue #4): every save is kept as a version (list, diff,
 * restore), and a trigger may hold several workflows in a saved order. A save is one
 * transaction (record and version), so a bad body leaves nothing half-saved.
 *
 *   edit(id, body) ─▶ decode data ─▶ MISP's save rules (§3.1) + same trigger ─▶ UPDATE + version N+1
 *                         └ any failure ─▶ {saved: false, errors} (nothing written)
 */
import { randomUUID } from 'node:crypto'
import { diffGraphs, diffMaps, parseGraph, validateGraph } from '../../engine/index.ts'
import { UserError, ValidationError } from '../../errors.ts'
import type { ModuleRegistry } from '../../modules/index.ts'
import {
  deleteWorkflow,
  type Executor,
  findWorkflow,
  findWorkflowVersion,
  insertWorkflow,
  insertWorkflowVersion,
  listWorkflows,
  listWorkflowVersions,
  MAX_ID,
  updateWorkflow,
  type WorkflowRow,
  type WorkflowVersionRow,
} from '../../store/index.ts'
import { nowSeconds, type PlatformContext } from '../platform-context.ts'
import type { MispJson } from '../types.ts'
import { stripConnectionLabels, withConnectionLabels } from './connection-labels.ts'
import { initialGraph, mispWorkflow } from './workflow-json.ts'
import { matchesIndexFilter } from './index-filter.ts'
import { isMap } from '../../format/index.ts'

/** MISP's not-found text for a workflow id (§6.2.2). */
export const INVALID_WORKFLOW = 'Invalid Workflow.'

/** A save that did not happen: MISP's `errors` text (one message per failing field, joined by ", "). */
export interface SaveRefused {
  saved: false
  errors: string
}

/** Filters of `/workflows/index` (§6.2.1). */
export interface WorkflowIndexFilters {
  name?: string
  uuid?: string
  quickFilter?: string
}

/** The workflow operations. */
export interface WorkflowService {
  index(filters?: WorkflowIndexFilters): Promise<MispJson[]>
  /** `{Workflow: …}` by numeric id (or uuid when `allowUuid`); SLC_NOT_FOUND `Invalid Workflow.` otherwise. */
  view(id: string, allowUuid?: boolean): Promise<MispJson>
  /** The row behind an id, or SLC_NOT_FOUND. */
  row(id: string, allowUuid?: boolean): Promise<WorkflowRow>
  edit(id: string, body: unknown): Promise<{ saved: true; workflow: MispJson } | SaveRefused>
  delete(id: string): Promise<void>
  /** The first workflow of a trigger, created with MISP's initial graph when there is none (§6.2.5). */
  openForTrigger(triggerId: string): Promise<MispJson>
  /** Another workflow on a trigger, placed last in its order (Sluice). */
  addForTrigger(triggerId: string, fields?: { name?: unknown; description?: unknown }): Promise<MispJson>
  /** The workflows of a trigger in run order (Sluice). */
  forTrigger(triggerId: string): Promise<MispJson[]>
  /** Sets the run order of a trigger's workflows: `ids` must list each of them exactly once (Sluice). */
  reorder(triggerId: string, ids: unknown): Promise<MispJson[]>
  /** Switches debug mode (§6.2.13); refreshes the timestamp like MISP's edit. */
  setDebug(id: string, isEnabled: boolean): Promise<void>
  versions(id: string): Promise<MispJson[]>
  version(id: string, version: string): Promise<MispJson>
  diff(id: string, from: string, to: string): Promise<MispJson>
  /** Saves version `version`'s graph, name and description again: a new version. */
  restore(id: string, version: string): Promise<MispJson>
}

/** Ids are 32-bit integer columns: a larger number names no record (and PostgreSQL refuses it). */
function positiveInt(text: string): number | null {
  if (!/^[1-9][0-9]{0,9}$/.test(text)) return null
  const number = Number(text)
  return number <= MAX_ID ? number : null
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i

function versionJson(row: WorkflowVersionRow, withData: boolean): MispJson {
  const json: MispJson = {
    workflow_id: String(row.workflow_id),
    version: row.version,
    name: row.name,
    description: row.description,
    debug_enabled: row.debug_enabled === 1,
    timestamp: String(row.timestamp),
    restored_from: row.restored_from ?? null,
  }
  if (withData) json.data = JSON.parse(row.data)
  return json
}

/** The graph sent to `edit`: a JSON string (MISP) or an object (Sluice also accepts it). */
function decodeGraph(value: unknown): { ok: true; graph: unknown } | SaveRefused {
  if (value === undefined || value === null || value === '')
    return { saved: false, errors: 'data: The graph is required' }
  if (typeof value === 'string') {
    try {
      return { ok: true, graph: JSON.parse(value, (key, item) => (key === '__proto__' ? undefined : item)) }
    } catch (error) {
      return { saved: false, errors: `data: The graph is not valid JSON (${(error as Error).message})` }
    }
  }
  if (isMap(value) || Array.isArray(value)) return { ok: true, graph: value }
  return { saved: false, errors: 'data: The graph must be a JSON object keyed by node id' }
}

/** The workflow service over the platform's store. */
export function createWorkflowService(ctx: PlatformContext, registry: ModuleRegistry): WorkflowService {
  const db = () => ctx.store.db
  const states = ctx.settings
  const shape = (row: WorkflowRow) => mispWorkflow(row, registry, states)
  const changed = () => ctx.dispatcher.workflowsChanged()
  const labelled = (workflow: MispJson) => ({ ...workflow, data: withConnectionLabels(workflow.data) })

  const row = async (id: string, allowUuid = false): Promise<WorkflowRow> => {
    const numeric = positiveInt(id)
    let found: WorkflowRow | undefined
    if (numeric !== null) found = await findWorkflow(db(), numeric)
    else if (allowUuid && UUID_PATTERN.test(id)) {
      found = (await listWorkflows(db())).find((workflow) => workflow.uuid === id.toLowerCase())
    }
    if (!found) throw new UserError('SLC_NOT_FOUND', INVALID_WORKFLOW)
    return found
  }

  const recordVersion = (trx: Executor, saved: WorkflowRow, restoredFrom?: number) =>
    insertWorkflowVersion(trx, {
      workflow_id: saved.id,
      name: saved.name,
      description: saved.description,
      debug_enabled: saved.debug_enabled,
      data: saved.data,
      timestamp: saved.timestamp,
      restored_from: restoredFrom ?? null,
    })

  /** Validates and writes a new state of workflow `current` with its version, in one transaction. */
  const save = async (
    current: WorkflowRow,
    fields: { name?: unknown; description?: unknown; debug_enabled?: unknown; data: unknown },
    restoredFrom?: number,
  ): Promise<{ saved: true; workflow: MispJson } | SaveRefused> => {
    const decoded = decodeGraph(fields.data)
    if (!('ok' in decoded)) return decoded
    // Labels on connections are computed for answers, never stored (§2.8.4).
    stripConnectionLabels(decoded.graph)
    let problems: ReturnType<typeof validateGraph>
    try {
      problems = validateGraph(parseGraph(decoded.graph), { triggerId: current.trigger_id, catalogue: registry })
    } catch (error) {
      return { saved: false, errors: `data: ${(error as Error).message}` }
    }
    // MISP's three rules, and Sluice's refusal to change the trigger (§1.4) or to store a
    // parameter value of a shape no module reads; dangling connections and unknown modules
    // (warnings) stay allowed, as MISP saves them.
    const refused = problems.find(
      (problem) => problem.severity === 'error' && problem.code !== 'SLC_GRAPH_DANGLING_CONNECTION',
    )
    if (refused) return { saved: false, errors: refused.message }
    if (fields.name !== undefined && (typeof fields.name !== 'string' || fields.name.length > 191)) {
      return { saved: false, errors: 'name: The name must be a string of at most 191 characters' }
    }
    if (fields.description !== undefined && fields.description !== null && typeof fields.description !== 'string') {
      return { saved: false, errors: 'description: The description must be a string' }
    }
    const next: WorkflowRow = {
      ...current,
      name: typeof fields.name === 'string' ? fields.name : current.name,
      description: typeof fields.description === 'string' ? fields.description : current.description,
      debug_enabled:
        fields.debug_enabled === undefined
          ? current.debug_enabled
          : Number(fields.debug_enabled) === 1 || fields.debug_enabled === true
            ? 1
            : 0,
      data: JSON.stringify(decoded.graph),
      timestamp: nowSeconds(ctx),
    }
    await ctx.store.transaction(async (trx) => {
      await updateWorkflow(trx, current.id, {
        name: next.name,
        description: next.description,
        debug_enabled: next.debug_enabled,
        data: next.data,
        timestamp: next.timestamp,
      })
      await recordVersion(trx, next, restoredFrom)
    })
    changed()
    return { saved: true, workflow: labelled(shape(next)) }
  }

  const create = async (triggerId: string, fields: { name?: unknown; description?: unknown } = {}) => {
    const trigger = registry.trigger(triggerId)
    if (!trigger) throw new UserError('SLC_UNKNOWN_TRIGGER', `Unkown trigger ${triggerId}`)
    if (
      fields.name !== undefined &&
      (typeof fields.name !== 'string' || fields.name.trim() === '' || fields.name.length > 191)
    ) {
      throw new ValidationError('Workflow', 'name', 'The name must be a non-empty string of at most 191 characters')
    }
    const siblings = await listWorkflows(db(), triggerId)
    const position = siblings.reduce((max, sibling) => Math.max(max, sibling.position + 1), 0)
    const id = await ctx.store.transaction(async (trx) => {
      const inserted = await insertWorkflow(trx, {
        uuid: randomUUID(),
        name: typeof fields.name === 'string' ? fields.name : `Workflow for trigger ${triggerId}`,
        description: typeof fields.description === 'string' ? fields.description : '',
        timestamp: nowSeconds(ctx),
        trigger_id: triggerId,
        data: JSON.stringify(initialGraph(trigger.descriptor, states)),
        position,
      })
      const saved = (await findWorkflow(trx, inserted))!
      await recordVersion(trx, saved)
      return inserted
    })
    changed()
    return shape((await findWorkflow(db(), id))!)
  }

  const parseVersion = async (id: string, version: string) => {
    const workflow = await row(id)
    const number = positiveInt(version)
    const found = number === null ? undefined : await findWorkflowVersion(db(), workflow.id, number)
    if (!found) throw new UserError('SLC_NOT_FOUND', `Invalid version ${version} of workflow ${workflow.id}.`)
    return { workflow, found }
  }

  return {
    async index(filters = {}) {
      const quick = filters.quickFilter?.toLowerCase()
      return (await listWorkflows(db()))
        .filter(
          (workflow) =>
            matchesIndexFilter(workflow.name, filters.name) && matchesIndexFilter(workflow.uuid, filters.uuid),
        )
        .filter(
          (workflow) =>
            !quick || workflow.name.toLowerCase().includes(quick) || workflow.uuid.toLowerCase().includes(quick),
        )
        .sort((a, b) => a.id - b.id)
        .map((workflow) => ({ Workflow: shape(workflow) }))
    },
    async view(id, allowUuid = false) {
      return { Workflow: labelled(shape(await row(id, allowUuid))) }
    },
    row,
    async edit(id, body) {
      const current = await row(id)
      const fields = isMap(body) && isMap(body.Workflow) ? body.Workflow : isMap(body) ? body : {}
      return save(current, {
        name: fields.name,
        description: fields.description,
        debug_enabled: fields.debug_enabled,
        data: fields.data,
      })
    },
    async delete(id) {
      const workflow = await row(id)
      await ctx.store.transaction((trx) => deleteWorkflow(trx, workflow.id))
      changed()
    },
    async openForTrigger(triggerId) {
      if (!registry.trigger(triggerId)) throw new UserError('SLC_UNKNOWN_TRIGGER', `Unkown trigger ${triggerId}`)
      const existing = (await listWorkflows(db(), triggerId))[0]
      return { Workflow: existing ? shape(existing) : await create(triggerId) }
    },
    async addForTrigger(triggerId, fields) {
      return { Workflow: await create(triggerId, fields) }
    },
    async forTrigger(triggerId) {
      if (!registry.trigger(triggerId)) throw new UserError('SLC_UNKNOWN_TRIGGER', `Unkown trigger ${triggerId}`)
      return (await listWorkflows(db(), triggerId)).map((workflow) => ({ Workflow: shape(workflow) }))
    },
    async reorder(triggerId, ids) {
      if (!registry.trigger(triggerId)) throw new UserError('SLC_UNKNOWN_TRIGGER', `Unkown trigger ${triggerId}`)
      const current = await listWorkflows(db(), triggerId)
      const wanted = Array.isArray(ids) ? ids.map((value) => String(value)) : null
      const known = current.map((workflow) => String(workflow.id)).sort()
      if (!wanted || new Set(wanted).size !== wanted.length || [...wanted].sort().join(',') !== known.join(',')) {
        throw new ValidationError(
          'Workflow',
          'workflow_ids',
          `Must list each workflow of trigger ${triggerId} exactly once (${known.join(', ') || 'none'})`,
        )
      }
      await ctx.store.transaction(async (trx) => {
        for (const [position, id] of wanted.entries()) await updateWorkflow(trx, Number(id), { position })
      })
      changed()
      return (await listWorkflows(db(), triggerId)).map((workflow) => ({ Workflow: shape(workflow) }))
    },
    async setDebug(id, isEnabled) {
      const workflow = await row(id)
      await updateWorkflow(db(), workflow.id, { debug_enabled: isEnabled ? 1 : 0, timestamp: nowSeconds(ctx) })
      changed()
    },
    async versions(id) {
      const workflow = await row(id)
      return (await listWorkflowVersions(db(), workflow.id)).map((version) => versionJson(version, false))
    },
    async version(id, version) {
      return versionJson((await parseVersion(id, version)).found, true)
    },
    async diff(id, from, to) {
      const a = (await parseVersion(id, from)).found
      const b = (await parseVersion(id, to)).found
      const fields = diffMaps(
        { name: a.name, description: a.description, debug_enabled: a.debug_enabled === 1 },
        { name: b.name, description: b.description, debug_enabled: b.debug_enabled === 1 },
      )
      const graph = diffGraphs(JSON.parse(a.data), JSON.parse(b.data))
      return {
        workflow_id: String(a.workflow_id),
        from: a.version,
        to: b.version,
        workflow: fields.changed,
        nodes: graph.nodes,
        is_same: graph.isSame && Object.keys(fields.changed).length === 0,
      }
    },
    async restore(id, version) {
      const { workflow, found } = await parseVersion(id, version)
      const result = await save(
        workflow,
        { name: found.name, description: found.description, data: found.data },
        found.version,
      )
      if (!result.saved)
        throw new ValidationError(
          'Workflow',
          'data',
          `Version ${found.version} cannot be saved again: ${result.errors}`,
        )
      return { Workflow: result.workflow }
    },
  }
}

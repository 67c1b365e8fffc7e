/**
 * The run history as site admins use it (`/sluice/runs`, docs/runs.md): list with filters, view,
 * replay (same input, against the workflow as it is now or the graph that ran), retention
 * (settings and purge) and the loop guard's limits. Every operation checks the actor first.
 */
import type { WorkflowRecord } from '../../engine/index.ts'
import { UserError, ValidationError } from '../../errors.ts'
import { restoreGraphSecrets } from '../../modules/index.ts'
import {
  type Executor,
  findRun,
  findRunGraph,
  findWorkflow,
  listRuns,
  purgeRuns,
  type RunFilters,
  type RunRow,
  runStats,
} from '../../store/index.ts'
import { forbidden } from '../platform-context.ts'
import type { SettingsService } from '../settings/settings-service.ts'
import type { TriggerDispatcher } from '../triggers/trigger-dispatcher.ts'
import type { Actor } from '../types.ts'
import { workflowRecord } from '../workflows/workflow-cache.ts'
import { LOOP_SETTINGS, limitSetting } from './run-chain.ts'
import { flagSetting, RUN_KINDS, RUN_OUTCOMES, RUN_SETTINGS, type RunRecorder } from './run-recorder.ts'
import { type RunDetail, type RunSummary, runDetail, runSummary, type TriggerCatalogue } from './run-view.ts'

/** The list's query, as the API passes it on (strings are checked here). */
export interface RunQuery {
  trigger?: string
  workflow?: string
  outcome?: string
  kind?: string
  parent?: string
  /** ISO 8601 or ms since the epoch. */
  from?: string
  to?: string
  limit?: number
  page?: number
}

/** A page of runs. */
export interface RunPage {
  runs: RunSummary[]
  total: number
  page: number
  limit: number
}

/** The history's and the loop guard's settings. */
export interface RunSettings {
  captureData: boolean
  dataCapBytes: number
  /** 0: no age limit. */
  maxAgeDays: number
  /** 0: no count limit. */
  maxCount: number
  loopMaxDepth: number
  loopMaxReentries: number
}

/** The statistics query: a time range (default: the last 24 hours) cut into buckets. */
export interface RunStatsQuery {
  trigger?: string
  from?: string
  to?: string
  bucket?: 'minute' | 'hour' | 'day'
}

/** Runs per time bucket, trigger and outcome, for charts. */
export interface RunStats {
  from: string
  to: string
  bucketMs: number
  groups: Array<{
    bucketStart: string
    triggerId: string | null
    outcome: string
    runs: number
    avgMs: number
    maxMs: number
  }>
}

/** Which graph a replay runs against. */
export type ReplayAgainst = 'current' | 'recorded'

/** The run history operations. */
export interface RunService {
  /** Records runs: the dispatcher's, and manual and stateless runs (docs/runs.md). */
  readonly recorder: RunRecorder
  list(actor: Actor, query?: RunQuery): Promise<RunPage>
  /** Counts and durations per time bucket, trigger and outcome (the runs chart). */
  stats(actor: Actor, query?: RunStatsQuery): Promise<RunStats>
  view(actor: Actor, id: string): Promise<RunDetail>
  /** Runs the recorded input again; answers the new run (kind `replay`, parent the original). */
  replay(actor: Actor, id: string, against: ReplayAgainst): Promise<RunDetail>
  /** Applies the retention settings now; `actor` absent for the periodic purge. */
  purge(actor?: Actor): Promise<{ deleted: number }>
  settings(actor: Actor): Promise<RunSettings>
  updateSettings(actor: Actor, changes: Partial<RunSettings>): Promise<RunSettings>
}

/** What the run service needs. */
export interface RunServiceDeps {
  db: Executor
  settings: Pick<SettingsService, 'get' | 'set'>
  recorder: RunRecorder
  /** Runs replays. */
  dispatcher: Pick<TriggerDispatcher, 'runWorkflowNow' | 'runWalkNow'>
  /** The triggers that derive again the node data recorded by reference (run-view.ts). */
  triggers: TriggerCatalogue
  now?: () => number
}

const MAX_LIMIT = 1000
const DAY_MS = 86_400_000
const BUCKETS = { minute: 60_000, hour: 3_600_000, day: DAY_MS } as const
/** The most buckets one statistics query may span. */
const MAX_BUCKETS = 2000
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function requireSiteAdmin(actor: Actor): void {
  if (actor.role !== 'site_admin') throw forbidden()
}

function notFound(): UserError {
  return new UserError('SLC_NOT_FOUND', 'Invalid run.')
}

/** A time filter: ISO 8601 or ms since the epoch. */
function timeOf(field: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined
  const ms = /^[0-9]{1,15}$/.test(value) ? Number(value) : Date.parse(value)
  if (!Number.isFinite(ms)) {
    throw new ValidationError('Run', field, 'must be an ISO 8601 date-time or milliseconds since the epoch')
  }
  return ms
}

/** The repository filters for a query; a value outside its set is a 400 naming the field. */
export function runFilters(query: RunQuery): RunFilters {
  const limit = query.limit ?? 50
  const page = query.page ?? 1
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new ValidationError('Run', 'limit', `must be an integer from 1 to ${MAX_LIMIT}`)
  }
  if (!Number.isInteger(page) || page < 1) throw new ValidationError('Run', 'page', 'must be an integer from 1')
  if (query.outcome !== undefined && !(RUN_OUTCOMES as readonly string[]).includes(query.outcome)) {
    throw new ValidationError('Run', 'outcome', `must be one of ${RUN_OUTCOMES.join(', ')}`)
  }
  if (query.kind !== undefined && !(RUN_KINDS as readonly string[]).includes(query.kind)) {
    throw new ValidationError('Run', 'kind', `must be one of ${RUN_KINDS.join(', ')}`)
  }
  if (query.workflow !== undefined && !/^[1-9][0-9]{0,9}$/.test(query.workflow)) {
    throw new ValidationError('Run', 'workflow', 'must be a workflow id')
  }
  if (query.parent !== undefined && !UUID.test(query.parent))
    throw new ValidationError('Run', 'parent', 'must be a run id')
  const from = timeOf('from', query.from)
  const to = timeOf('to', query.to)
  if (from !== undefined && to !== undefined && from > to)
    throw new ValidationError('Run', 'to', 'must not be before from')
  return {
    ...(query.trigger ? { triggerId: query.trigger } : {}),
    ...(query.workflow ? { workflowId: Number(query.workflow) } : {}),
    ...(query.outcome ? { outcome: query.outcome } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.parent ? { parentId: query.parent } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    limit,
    offset: (page - 1) * limit,
  }
}

/** Setting name, range and current-value reader of each run setting. */
const SETTING_FIELDS = {
  dataCapBytes: {
    name: RUN_SETTINGS.dataCapBytes.name,
    fallback: RUN_SETTINGS.dataCapBytes.default,
    min: 256,
    max: 16_777_216,
  },
  maxAgeDays: { name: RUN_SETTINGS.maxAgeDays.name, fallback: RUN_SETTINGS.maxAgeDays.default, min: 0, max: 36_500 },
  maxCount: { name: RUN_SETTINGS.maxCount.name, fallback: RUN_SETTINGS.maxCount.default, min: 0, max: 1_000_000_000 },
  loopMaxDepth: { name: LOOP_SETTINGS.maxDepth.name, fallback: LOOP_SETTINGS.maxDepth.default, min: 1, max: 1000 },
  loopMaxReentries: {
    name: LOOP_SETTINGS.maxReentries.name,
    fallback: LOOP_SETTINGS.maxReentries.default,
    min: 1,
    max: 1000,
  },
} as const

/** A count setting where 0 is allowed (no limit). */
function countSetting(value: unknown, fallback: number): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  return typeof number === 'number' && Number.isInteger(number) && number >= 0 ? number : fallback
}

/** The run service. */
export function createRunService(deps: RunServiceDeps): RunService {
  const now = deps.now ?? Date.now
  const current = (): RunSettings => ({
    captureData: flagSetting(deps.settings.get(RUN_SETTINGS.captureData.name), RUN_SETTINGS.captureData.default),
    dataCapBytes: limitSetting(
      deps.settings.get(SETTING_FIELDS.dataCapBytes.name),
      SETTING_FIELDS.dataCapBytes.fallback,
    ),
    maxAgeDays: countSetting(deps.settings.get(SETTING_FIELDS.maxAgeDays.name), SETTING_FIELDS.maxAgeDays.fallback),
    maxCount: countSetting(deps.settings.get(SETTING_FIELDS.maxCount.name), SETTING_FIELDS.maxCount.fallback),
    loopMaxDepth: limitSetting(
      deps.settings.get(SETTING_FIELDS.loopMaxDepth.name),
      SETTING_FIELDS.loopMaxDepth.fallback,
    ),
    loopMaxReentries: limitSetting(
      deps.settings.get(SETTING_FIELDS.loopMaxReentries.name),
      SETTING_FIELDS.loopMaxReentries.fallback,
    ),
  })

  const detail = async (row: RunRow): Promise<RunDetail> => {
    const graph = row.graph_hash ? await findRunGraph(deps.db, row.graph_hash) : undefined
    const children = await listRuns(deps.db, { parentId: row.id, limit: 100, offset: 0 })
    return runDetail(row, graph, children.rows, deps.triggers)
  }

  const stored = async (id: string): Promise<RunRow> => {
    const row = UUID.test(id) ? await findRun(deps.db, id) : undefined
    if (!row) throw notFound()
    return row
  }

  /** The workflow a replay runs: as it is now, or the graph that ran on the workflow's record. */
  const replayWorkflow = async (row: RunRow, against: ReplayAgainst): Promise<WorkflowRecord> => {
    const saved = row.workflow_id === null ? undefined : await findWorkflow(deps.db, row.workflow_id)
    if (against === 'current') {
      if (!saved)
        throw new UserError(
          'SLC_NOT_FOUND',
          'The workflow of this run no longer exists; replay it against the recorded graph.',
        )
      return workflowRecord(saved)
    }
    const graph = row.graph_hash ? await findRunGraph(deps.db, row.graph_hash) : undefined
    if (graph === undefined) throw new UserError('SLC_NOT_FOUND', 'The graph this run ran on is no longer stored.')
    const base: WorkflowRecord = saved
      ? workflowRecord(saved)
      : {
          id: String(row.workflow_id),
          uuid: '',
          name: row.workflow_name ?? '',
          description: '',
          timestamp: '0',
          enabled: true,
          counter: '0',
          trigger_id: row.trigger_id ?? '',
          debug_enabled: false,
          data: [],
        }
    // The history keeps secrets masked: the replay takes them from the saved workflow's same nodes.
    const data = restoreGraphSecrets(JSON.parse(graph), saved ? workflowRecord(saved).data : undefined)
    return { ...base, trigger_id: row.trigger_id ?? base.trigger_id, data }
  }

  return {
    recorder: deps.recorder,
    async list(actor, query = {}) {
      requireSiteAdmin(actor)
      const filters = runFilters(query)
      const { rows, total } = await listRuns(deps.db, filters)
      return { runs: rows.map(runSummary), total, page: query.page ?? 1, limit: filters.limit }
    },
    async stats(actor, query = {}) {
      requireSiteAdmin(actor)
      const bucketMs = BUCKETS[query.bucket ?? 'hour']
      if (bucketMs === undefined) throw new ValidationError('Run', 'bucket', 'must be minute, hour or day')
      const to = timeOf('to', query.to) ?? now()
      const from = timeOf('from', query.from) ?? to - DAY_MS
      if (from > to) throw new ValidationError('Run', 'to', 'must not be before from')
      if ((to - from) / bucketMs > MAX_BUCKETS) {
        throw new ValidationError(
          'Run',
          'bucket',
          `the range spans more than ${MAX_BUCKETS} buckets: choose a larger bucket`,
        )
      }
      const rows = await runStats(deps.db, {
        from,
        to,
        bucketMs,
        ...(query.trigger ? { triggerId: query.trigger } : {}),
      })
      return {
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        bucketMs,
        groups: rows.map((row) => ({
          bucketStart: new Date(row.bucket * bucketMs).toISOString(),
          triggerId: row.trigger_id,
          outcome: row.outcome,
          runs: row.runs,
          avgMs: row.avg_ms,
          maxMs: row.max_ms,
        })),
      }
    },
    async view(actor, id) {
      requireSiteAdmin(actor)
      return detail(await stored(id))
    },
    async replay(actor, id, against) {
      requireSiteAdmin(actor)
      const row = await stored(id)
      if (row.kind === 'stateless')
        throw new ValidationError('Run', 'kind', 'a stateless module run cannot be replayed')
      const workflow = await replayWorkflow(row, against)
      const input = JSON.parse(row.input) as unknown
      const call = { kind: 'replay' as const, parentId: row.id }
      const replayed =
        row.start_node === null
          ? await deps.dispatcher.runWorkflowNow(workflow, input, call)
          : await deps.dispatcher.runWalkNow(
              workflow,
              {
                workflowId: String(workflow.id),
                enqueuedBy: '',
                nodeId: row.start_node,
                pathType: 'non-blocking',
                data: input,
              },
              call,
            )
      const replay = await findRun(deps.db, replayed.runId)
      if (!replay) throw new UserError('SLC_NOT_FOUND', 'The replay ran but could not be recorded.')
      return detail(replay)
    },
    async purge(actor) {
      if (actor) requireSiteAdmin(actor)
      const { maxAgeDays, maxCount } = current()
      const deleted = await purgeRuns(deps.db, {
        ...(maxAgeDays > 0 ? { before: now() - maxAgeDays * DAY_MS } : {}),
        ...(maxCount > 0 ? { keep: maxCount } : {}),
      })
      if (deleted > 0) deps.recorder.forgetGraphs()
      return { deleted }
    },
    async settings(actor) {
      requireSiteAdmin(actor)
      return current()
    },
    async updateSettings(actor, changes) {
      requireSiteAdmin(actor)
      for (const [field, value] of Object.entries(changes)) {
        if (field === 'captureData') continue
        const spec = SETTING_FIELDS[field as keyof typeof SETTING_FIELDS]
        if (!spec) throw new ValidationError('RunSettings', field, 'is not a run setting')
        if (typeof value !== 'number' || !Number.isInteger(value) || value < spec.min || value > spec.max) {
          throw new ValidationError('RunSettings', field, `must be an integer from ${spec.min} to ${spec.max}`)
        }
      }
      if (changes.captureData !== undefined && typeof changes.captureData !== 'boolean') {
        throw new ValidationError('RunSettings', 'captureData', 'must be true or false')
      }
      // Everything is checked before anything is written: a bad field leaves every setting as it was.
      if (changes.captureData !== undefined) await deps.settings.set(RUN_SETTINGS.captureData.name, changes.captureData)
      for (const [field, spec] of Object.entries(SETTING_FIELDS)) {
        const value = changes[field as keyof RunSettings]
        if (value !== undefined) await deps.settings.set(spec.name, value)
      }
      return current()
    },
  }
}

/** Runs `purge` every `intervalMs` (and once soon after start); answers a function that stops it. */
export function schedulePurge(
  service: Pick<RunService, 'purge'>,
  intervalMs: number,
  onError?: (error: unknown) => void,
) {
  const tick = () => {
    service.purge().catch((error) => onError?.(error))
  }
  const first = setTimeout(tick, Math.min(intervalMs, 5_000))
  const timer = setInterval(tick, intervalMs)
  first.unref()
  timer.unref()
  return () => {
    clearTimeout(first)
    clearInterval(timer)
  }
}

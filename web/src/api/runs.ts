/**
 * Sluice's run history (`/sluice/runs`, docs/runs.md): list with filters, one run with its
 * trace and the graph that ran, replay. The wire types come from the server's schemas.
 */
import type { Static } from 'typebox'
import type {
  RunDetail as RunDetailSchema,
  RunPage as RunPageSchema,
  RunSettings as RunSettingsSchema,
} from '../../../src/api/schemas/runs.ts'
import { apiGet, apiPost } from './client.ts'

/** A page of runs. */
export type RunPage = Static<typeof RunPageSchema>
/** A run in a list. */
export type RunSummary = RunPage['runs'][number]
/** One run with input, graph and trace. */
export type RunDetail = Static<typeof RunDetailSchema>

/** The list's filters (all optional). */
export interface RunFilters {
  trigger?: string
  outcome?: string
  kind?: string
  workflow?: string
  from?: string
  limit?: number
  page?: number
}

/** A page of runs, newest first. */
export function listRuns(filters: RunFilters = {}): Promise<RunPage> {
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== '') query.set(key, String(value))
  }
  const text = query.toString()
  return apiGet<RunPage>(`/sluice/runs${text ? `?${text}` : ''}`)
}

/** One run. */
export function viewRun(id: string): Promise<RunDetail> {
  return apiGet<RunDetail>(`/sluice/runs/${encodeURIComponent(id)}`)
}

/** Runs the recorded input again; answers the new run. */
export function replayRun(id: string, against: 'current' | 'recorded'): Promise<RunDetail> {
  return apiPost<RunDetail>(`/sluice/runs/${encodeURIComponent(id)}/replay`, { against })
}

/** The run history's retention and the loop guard's limits (`/sluice/runs/settings`). */
export type RunSettings = Static<typeof RunSettingsSchema>

/** The run and loop-guard settings. */
export function getRunSettings(): Promise<RunSettings> {
  return apiGet<RunSettings>('/sluice/runs/settings')
}

/** Changes some run settings; answers them all. */
export function updateRunSettings(changes: Partial<RunSettings>): Promise<RunSettings> {
  return apiPost<RunSettings>('/sluice/runs/settings', changes)
}

/**
 * MISP's server settings (`GET /servers/serverSettings`, `POST /servers/serverSettingsEdit/<name>`):
 * the Settings page reads every setting the server reports and edits one at a time.
 */
import { apiGet, apiPost } from './client.ts'
import type { MispRecord, SaveAnswer } from './events.ts'

/** One setting as MISP reports it. */
export interface ServerSetting {
  setting: string
  value: unknown
  description?: string
  type?: string
  level?: number
  errorMessage?: string
  options?: Record<string, string>
}

/** Every setting (MISP answers `{finalSettings: [...]}`; a bare list is accepted too). */
export async function listSettings(): Promise<ServerSetting[]> {
  const answer = await apiGet<MispRecord>('/servers/serverSettings')
  const list = Array.isArray(answer) ? answer : (answer.finalSettings ?? answer.settings ?? [])
  return (list as ServerSetting[]).filter((setting) => typeof setting?.setting === 'string')
}

/** Changes one setting. */
export function editSetting(name: string, value: unknown): Promise<SaveAnswer> {
  return apiPost<SaveAnswer>(`/servers/serverSettingsEdit/${encodeURIComponent(name)}`, { value })
}

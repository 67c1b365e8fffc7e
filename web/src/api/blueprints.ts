/**
 * MISP's `/workflowBlueprints/*` endpoints (spec/ENGINE.md §6.3): list, view, import an exported
 * file, export, delete, and update the default blueprints.
 */
import { apiGet, apiPost } from './client.ts'
import type { MispRecord, SaveAnswer } from './events.ts'

/** A blueprint record (`data` is the list of Drawflow nodes). */
export type Blueprint = MispRecord & { id: string; uuid: string; name: string; description: string; data: unknown }

const unwrap = (row: MispRecord) => (row.WorkflowBlueprint ?? row) as Blueprint

/** Every blueprint. */
export async function listBlueprints(): Promise<Blueprint[]> {
  const rows = await apiGet<MispRecord[] | Record<string, MispRecord>>('/workflowBlueprints/index')
  return (Array.isArray(rows) ? rows : Object.values(rows)).map(unwrap)
}

/** One blueprint. */
export async function viewBlueprint(id: string): Promise<Blueprint> {
  return unwrap(await apiGet<MispRecord>(`/workflowBlueprints/view/${encodeURIComponent(id)}`))
}

/** Imports the text of a blueprint file as MISP exports it (`{"WorkflowBlueprint": {...}}`). */
export async function importBlueprint(json: string): Promise<Blueprint> {
  return unwrap(await apiPost<MispRecord>('/workflowBlueprints/import', { WorkflowBlueprint: { json } }))
}

/** The exported file: its name (MISP's `blueprint_<name>_<time>.json`) and its text. */
export async function exportBlueprint(blueprint: Blueprint): Promise<{ fileName: string; text: string }> {
  const body = await apiGet<unknown>(`/workflowBlueprints/export/${encodeURIComponent(blueprint.id)}`)
  const slug = blueprint.name.toLowerCase().replace(/ /g, '-')
  return { fileName: `blueprint_${slug}_${Math.floor(Date.now() / 1000)}.json`, text: JSON.stringify(body, null, 4) }
}

/** Deletes a blueprint. */
export function deleteBlueprint(id: string): Promise<SaveAnswer> {
  return apiPost<SaveAnswer>(`/workflowBlueprints/delete/${encodeURIComponent(id)}`)
}

/** Reloads the default blueprints; `force` also overwrites newer local copies. */
export function updateDefaultBlueprints(force: boolean): Promise<SaveAnswer> {
  return apiPost<SaveAnswer>(`/workflowBlueprints/update${force ? '/true' : ''}`)
}

/** Saves `text` as a file download named `fileName`. */
export function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/**
 * MISP's workflow blueprints (spec/ENGINE.md §6.3, §7): list, view, add, edit, delete, import a
 * MISP blueprint file, export one, and `update`, which loads the default blueprints from a folder
 * of MISP blueprint files (`sluice serve --blueprints DIR`). Validation follows MISP's model:
 * a name, a valid and unique lower-cased UUID, a node list; `default` is true only for blueprints
 * `update` installed, and an edit clears it. File ids are ignored (§7.3 quirk).
 */
import { randomUUID } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseBlueprintNodes } from '../../engine/index.ts'
import { hasErrorCode, UserError } from '../../errors.ts'
import type { ModuleRegistry } from '../../modules/index.ts'
import {
  type BlueprintRow,
  deleteBlueprint,
  findBlueprint,
  findBlueprintByUuid,
  insertBlueprint,
  listBlueprints,
  MAX_ID,
  updateBlueprint,
} from '../../store/index.ts'
import { nowSeconds, type PlatformContext } from '../platform-context.ts'
import type { MispJson } from '../types.ts'
import { blueprintFileName, blueprintFileText, blueprintGraphText, mispBlueprint } from './blueprint-file.ts'
import { matchesIndexFilter } from './index-filter.ts'
import { isMap } from '../../format/index.ts'

/** MISP's not-found text for a blueprint. */
export const INVALID_BLUEPRINT = 'Invalid workflow blueprint'

/** MISP's validation texts for a blueprint's uuid. */
export const UUID_MESSAGES = {
  invalid: 'Please provide a valid RFC 4122 UUID',
  notUnique: 'The UUID provided is not unique',
} as const

/** The answer of a save: the record, or MISP's field errors (`{field: [message]}`). */
export type BlueprintSave = { saved: true; blueprint: MispJson } | { saved: false; errors: Record<string, string[]> }

/** Filters of `/workflowBlueprints/index`. */
export interface BlueprintIndexFilters {
  name?: string
  uuid?: string
  timestamp?: string
  quickFilter?: string
}

/** What `update` did. */
export interface BlueprintUpdate {
  created: number
  updated: number
  unchanged: number
}

/** The blueprint operations. */
export interface BlueprintService {
  index(filters?: BlueprintIndexFilters): Promise<MispJson[]>
  view(id: string): Promise<MispJson>
  graph(id: string, format: 'mermaid' | 'dot'): Promise<string>
  add(body: unknown): Promise<BlueprintSave>
  edit(id: string, body: unknown): Promise<BlueprintSave>
  delete(id: string): Promise<void>
  /** `{WorkflowBlueprint: {json: "<file text>"}}` (MISP), or the file's object itself. */
  import(body: unknown): Promise<BlueprintSave>
  export(id: string): Promise<{ fileName: string; text: string }>
  /** Loads the default blueprints from the configured folder (§7.3). */
  update(isForced: boolean): Promise<BlueprintUpdate>
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i

/** The last second a 32-bit timestamp column holds (2038-01-19). */
const MAX_TIMESTAMP = 2_147_483_647

/** Why a blueprint's node list cannot be read as workflow nodes, or null when it can. */
function nodeProblem(nodes: unknown[]): string | null {
  try {
    // A node naming no module parses (MISP would fail it at run time) but no editor writes it.
    for (const node of parseBlueprintNodes(nodes).nodes.values()) if (node.shapeProblem) return node.shapeProblem
    return null
  } catch (error) {
    if (!hasErrorCode(error, 'SLC_GRAPH_INVALID')) throw error
    return (error as Error).message
  }
}

function fieldsOf(body: unknown): Record<string, any> {
  if (isMap(body) && isMap(body.WorkflowBlueprint)) return body.WorkflowBlueprint
  return isMap(body) ? body : {}
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text, (key, item) => (key === '__proto__' ? undefined : item)) }
  } catch (error) {
    return { ok: false, message: (error as Error).message }
  }
}

type Row = Omit<BlueprintRow, 'id'>

/**
 * Checks the fields of an add (`current` absent) or an edit, and gives the row to write or the
 * errors. Only the fields present change on an edit.
 */
async function checkFields(
  ctx: PlatformContext,
  fields: Record<string, any>,
  current?: BlueprintRow,
): Promise<{ ok: true; row: Row } | { ok: false; errors: Record<string, string[]> }> {
  const errors: Record<string, string[]> = {}
  const fail = (field: string, message: string) => {
    errors[field] = [...(errors[field] ?? []), message]
  }
  const row: Row = {
    uuid: current?.uuid ?? '',
    name: current?.name ?? '',
    description: current?.description ?? '',
    timestamp: current?.timestamp ?? nowSeconds(ctx),
    default: 0,
    data: current?.data ?? '[]',
  }
  if (!current || 'name' in fields) {
    if (typeof fields.name !== 'string' || fields.name.trim() === '') fail('name', 'A name is required')
    else if (fields.name.length > 191) fail('name', 'The name is longer than 191 characters')
    else row.name = fields.name
  }
  if ('description' in fields) {
    if (fields.description !== null && typeof fields.description !== 'string') fail('description', 'Must be a string')
    else if ((fields.description ?? '').length > 191)
      fail('description', 'The description is longer than 191 characters')
    else row.description = fields.description ?? ''
  }
  if ('timestamp' in fields && fields.timestamp !== '' && fields.timestamp !== null) {
    const timestamp = Number(fields.timestamp)
    // The store keeps it in a 32-bit integer column (MISP's int(11)), as PostgreSQL enforces.
    if (!Number.isInteger(timestamp) || timestamp < 0 || timestamp > MAX_TIMESTAMP)
      fail('timestamp', 'Must be a Unix time in seconds')
    else row.timestamp = timestamp
  }
  if ('data' in fields && fields.data !== null && fields.data !== '') {
    let nodes: unknown = fields.data
    if (typeof nodes === 'string') {
      const parsed = parseJson(nodes)
      nodes = parsed.ok ? parsed.value : undefined
      if (!parsed.ok) fail('data', `Not valid JSON: ${parsed.message}`)
    }
    if (nodes !== undefined) {
      if (!Array.isArray(nodes) || nodes.some((node) => !isMap(node) || node.id === undefined)) {
        fail('data', 'Must be a list of workflow nodes, each with an `id`')
      } else {
        // Each node must be one the index, the export and the editor can read (its module,
        // outputs and connections); checked here so that a bad node is refused, not stored.
        const problem = nodeProblem(nodes)
        if (problem) fail('data', problem)
        else row.data = JSON.stringify(nodes)
      }
    }
  }
  if (!current || 'uuid' in fields) {
    const uuid = typeof fields.uuid === 'string' ? fields.uuid.trim().toLowerCase() : ''
    if (fields.uuid !== undefined && fields.uuid !== null && fields.uuid !== '' && typeof fields.uuid !== 'string') {
      fail('uuid', UUID_MESSAGES.invalid)
    } else if (uuid === '') row.uuid = current?.uuid ?? randomUUID()
    else if (!UUID_PATTERN.test(uuid)) fail('uuid', UUID_MESSAGES.invalid)
    else {
      const other = await findBlueprintByUuid(ctx.store.db, uuid)
      if (other && other.id !== current?.id) fail('uuid', UUID_MESSAGES.notUnique)
      else row.uuid = uuid
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, row }
}

/** Ids are 32-bit integer columns: a larger number names no record (and PostgreSQL refuses it). */
function positiveInt(text: string): number | null {
  if (!/^[1-9][0-9]{0,9}$/.test(text)) return null
  const number = Number(text)
  return number <= MAX_ID ? number : null
}

/** The blueprint service; `folder()` is the default blueprints' folder (`--blueprints`), if any. */
export function createBlueprintService(
  ctx: PlatformContext,
  registry: ModuleRegistry,
  folder: () => string | undefined,
): BlueprintService {
  const db = () => ctx.store.db
  const find = async (id: string) => {
    const numeric = positiveInt(id)
    const row = numeric === null ? undefined : await findBlueprint(db(), numeric)
    if (!row) throw new UserError('SLC_NOT_FOUND', INVALID_BLUEPRINT)
    return row
  }
  const shape = (row: BlueprintRow) => ({ WorkflowBlueprint: mispBlueprint(row, registry) })

  const add = async (fields: Record<string, any>, isDefault = false): Promise<BlueprintSave> => {
    const checked = await checkFields(ctx, fields)
    if (!checked.ok) return { saved: false, errors: checked.errors }
    const id = await insertBlueprint(db(), { ...checked.row, default: isDefault ? 1 : 0 })
    return { saved: true, blueprint: shape((await findBlueprint(db(), id))!) }
  }

  return {
    async index(filters = {}) {
      const quick = filters.quickFilter?.toLowerCase()
      return (await listBlueprints(db()))
        .filter((row) => matchesIndexFilter(row.name, filters.name) && matchesIndexFilter(row.uuid, filters.uuid))
        .filter((row) => matchesIndexFilter(String(row.timestamp), filters.timestamp))
        .filter((row) => !quick || row.name.toLowerCase().includes(quick) || row.uuid.includes(quick))
        .map(shape)
    },
    async view(id) {
      return shape(await find(id))
    },
    async graph(id, format) {
      return blueprintGraphText(await find(id), format, registry)
    },
    add: (body) => add(fieldsOf(body)),
    async edit(id, body) {
      const current = await find(id)
      const checked = await checkFields(ctx, fieldsOf(body), current)
      if (!checked.ok) return { saved: false, errors: checked.errors }
      await updateBlueprint(db(), current.id, checked.row)
      return { saved: true, blueprint: shape((await findBlueprint(db(), current.id))!) }
    },
    async delete(id) {
      await deleteBlueprint(db(), (await find(id)).id)
    },
    async import(body) {
      const fields = fieldsOf(body)
      let file: unknown = body
      if (typeof fields.json === 'string') {
        const parsed = parseJson(fields.json)
        if (!parsed.ok) return { saved: false, errors: { json: [`Not valid JSON: ${parsed.message}`] } }
        file = parsed.value
      }
      // The file's id never carries over (§7.3); its uuid does, so a second import is refused.
      const { id: _id, default: _default, mermaid: _mermaid, json: _json, ...rest } = fieldsOf(file)
      return add(rest)
    },
    async export(id) {
      const row = await find(id)
      return { fileName: blueprintFileName(row.name, nowSeconds(ctx)), text: blueprintFileText(row, registry) }
    },
    async update(isForced) {
      const directory = folder()
      const files = directory ? readBlueprintFolder(directory) : []
      if (files.length === 0) {
        throw new UserError(
          'SLC_NOT_FOUND',
          `Default blueprints could not be loaded or \`${directory ?? ''}\` folder is empty`,
        )
      }
      const report: BlueprintUpdate = { created: 0, updated: 0, unchanged: 0 }
      for (const { name, json } of files) {
        const { id: _id, default: _default, mermaid: _mermaid, ...fields } = fieldsOf(json)
        const uuid = typeof fields.uuid === 'string' ? fields.uuid.toLowerCase() : ''
        const stored = uuid === '' ? undefined : await findBlueprintByUuid(db(), uuid)
        if (!stored) {
          const saved = await add(fields, true)
          if (!saved.saved) throw new UserError('SLC_WORKFLOW_INVALID', `${name}: ${JSON.stringify(saved.errors)}`)
          report.created++
          continue
        }
        if (!isForced && !(Number(fields.timestamp) > stored.timestamp)) {
          report.unchanged++
          continue
        }
        const checked = await checkFields(ctx, fields, stored)
        if (!checked.ok) throw new UserError('SLC_WORKFLOW_INVALID', `${name}: ${JSON.stringify(checked.errors)}`)
        await updateBlueprint(db(), stored.id, { ...checked.row, default: 1 })
        report.updated++
      }
      return report
    },
  }
}

/** Every `*.json` blueprint file of a folder, by file name; unreadable folders give none. */
function readBlueprintFolder(directory: string): Array<{ name: string; json: unknown }> {
  let names: string[]
  try {
    names = readdirSync(directory)
      .filter((name) => name.endsWith('.json'))
      .sort()
  } catch {
    return []
  }
  return names.map((name) => {
    const parsed = parseJson(readFileSync(join(directory, name), 'utf8'))
    if (!parsed.ok) throw new UserError('SLC_BAD_JSON', `${name} is not valid JSON: ${parsed.message}`)
    return { name, json: parsed.value }
  })
}

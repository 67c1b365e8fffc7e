/**
 * Event blocklist, warninglist, galaxy and decaying-model operations for workflow actions
 * (spec/ENGINE.md §4.3 `add_eventblocklist_entry`, `add_to_warninglist`, `attach-warninglist`,
 * `assign_country`, `attach-decay-score`).
 */
import type {
  DecayingModelInfo,
  EventBlocklistEntry,
  GalaxyClusterInfo,
  WarninglistHit,
  WarninglistInfo,
} from '../../engine/index.ts'
import {
  type Executor,
  findEventBlocklistEntry,
  findWarninglist,
  insertEventBlocklistEntry,
  insertWarninglistEntries,
  listEntriesOf,
  listGalaxyClustersByGalaxyName,
  listGalaxyElements,
  listWarninglistEntries,
  listWarninglists,
  updateWarninglist,
  type WarninglistRecord,
} from '../../store/index.ts'
import { logTimestamp } from '../triggers/trigger-dispatcher.ts'
import { parseId } from '../local-backend.ts'
import { auditLog, type PlatformContext } from '../platform-context.ts'
import type { Actor } from '../types.ts'
import { DECAYING_MODELS } from './decaying-models.ts'
import { firstMatch } from './warninglist-match.ts'

/** What the intel actions need. */
export interface IntelActionDeps {
  ctx: PlatformContext
  actor: () => Actor
}

function matchingAttributes(record: WarninglistRecord): string[] {
  try {
    const parsed = JSON.parse(record.matching_attributes ?? '[]')
    return Array.isArray(parsed) ? parsed.map(String) : []
  } catch {
    return []
  }
}

function warninglistInfo(record: WarninglistRecord): WarninglistInfo {
  return {
    id: String(record.id),
    name: record.name,
    type: record.type,
    description: record.description,
    version: String(record.version),
    enabled: record.enabled === 1,
    default: record.default === 1,
    category: record.category,
    matching_attributes: matchingAttributes(record),
  }
}

async function checkAttributes(
  db: Executor,
  attributes: Array<{ type: string; value: string }>,
  ids: string[],
): Promise<WarninglistHit[][]> {
  const wanted = new Set(ids)
  const lists = (await listWarninglists(db)).filter((list) => wanted.has(String(list.id)))
  const entries = new Map<number, string[]>()
  for (const row of await listEntriesOf(
    db,
    lists.map((list) => list.id),
  )) {
    const values = entries.get(row.warninglist_id) ?? []
    values.push(row.value)
    entries.set(row.warninglist_id, values)
  }
  return attributes.map((attribute) => {
    const hits: WarninglistHit[] = []
    for (const list of lists) {
      const types = matchingAttributes(list)
      if (types.length > 0 && !types.includes(attribute.type)) continue
      const match = firstMatch({ type: list.type, entries: entries.get(list.id) ?? [] }, attribute.value)
      if (match === null) continue
      hits.push({
        warninglist_id: String(list.id),
        warninglist_name: list.name,
        warninglist_category: list.category,
        match,
      })
    }
    return hits
  })
}

/** The intel-list operations of the DataBackend port. */
export function createIntelActions(deps: IntelActionDeps) {
  const { ctx } = deps
  const db = ctx.store.db
  return {
    async addEventBlocklistEntry(entry: EventBlocklistEntry): Promise<boolean> {
      const uuid = entry.event_uuid.trim().toLowerCase()
      if (await findEventBlocklistEntry(db, uuid)) return true
      await ctx.store.transaction(async (trx) => {
        const id = await insertEventBlocklistEntry(trx, {
          event_uuid: uuid,
          created: logTimestamp(ctx.clock.now()),
          event_info: entry.event_info,
          event_orgc: entry.event_orgc,
          comment: entry.comment,
        })
        await auditLog(ctx, trx, deps.actor(), {
          action: 'add',
          model: 'EventBlocklist',
          modelId: id,
          title: `Event blocklist entry (${id}) added for event ${uuid}`,
        })
      })
      return true
    },

    async listWarninglists(): Promise<WarninglistInfo[]> {
      return (await listWarninglists(db)).map(warninglistInfo)
    },

    async appendWarninglistEntries(id: string, values: string[]): Promise<number> {
      const listId = parseId(id)
      const list = listId === null ? undefined : await findWarninglist(db, listId)
      // Only an enabled custom list takes entries from a workflow (spec/ENGINE.md §4.3).
      if (list === undefined || list.default !== 0 || list.enabled !== 1) return 0
      const existing = new Set(await listWarninglistEntries(db, list.id))
      const added = [...new Set(values.map((value) => value.trim()))].filter(
        (value) => value !== '' && !existing.has(value),
      )
      if (added.length === 0) return list.id
      await ctx.store.transaction(async (trx) => {
        await insertWarninglistEntries(trx, list.id, added)
        await updateWarninglist(trx, list.id, { version: list.version + 1 })
        await auditLog(ctx, trx, deps.actor(), {
          action: 'edit',
          model: 'Warninglist',
          modelId: list.id,
          title: `Warninglist (${list.id}): ${list.name}: ${added.length} entries added`,
        })
      })
      return list.id
    },

    checkWarninglists(attributes: Array<{ type: string; value: string }>, ids: string[]) {
      return checkAttributes(db, attributes, ids)
    },

    async galaxyClusters(galaxyName: string): Promise<GalaxyClusterInfo[]> {
      const clusters = await listGalaxyClustersByGalaxyName(db, galaxyName)
      const meta = new Map<number, Record<string, string[]>>()
      for (const element of await listGalaxyElements(
        db,
        clusters.map((cluster) => cluster.id),
      )) {
        const entries = meta.get(element.galaxy_cluster_id) ?? {}
        entries[element.key] = [...(entries[element.key] ?? []), element.value]
        meta.set(element.galaxy_cluster_id, entries)
      }
      return clusters.map((cluster) => ({
        value: cluster.value,
        tag_name: cluster.tag_name,
        meta: meta.get(cluster.id) ?? {},
      }))
    },

    async listDecayingModels(): Promise<DecayingModelInfo[]> {
      return structuredClone([...DECAYING_MODELS])
    },
  }
}

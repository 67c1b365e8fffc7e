/**
 * The host's `Enrichment` port (spec/ENGINE.md §4.3 `attach-enrichment`, `enrich-event`): the
 * misp-modules Enrichment service through the `Outbound` port, every query preceded by the
 * blocking `enrichment-before-query` trigger, good answers cached per (module, type, value).
 *
 *   query ─▶ fire enrichment-before-query ─┬─ veto ─▶ blocked (nothing sent)
 *                                           └─ pass ─▶ cache? ─┬─ hit ─▶ answer
 *                                                              └─ miss ─▶ POST /query ─▶ keep ─▶ answer
 *
 * `enrich-event` then adds what the module found to the event through the attribute service,
 * as the workflow user, so that the new attributes fire their own triggers.
 */
import type { Enrichment, EnrichmentAnswer, EnrichmentModuleInfo, Outbound } from '../../engine/index.ts'
import { createMispModulesClient, type MispModuleInfo } from '../../modules/index.ts'
import { fetchFullEvent } from '../events/fetch-event.ts'
import { parseId } from '../local-backend.ts'
import {
  OUTBOUND_DEFAULTS,
  OUTBOUND_SETTINGS,
  type SettingReader,
  settingFlag,
  settingNumber,
} from '../outbound/outbound-settings.ts'
import type { Executor } from '../../store/index.ts'
import type { RunChain } from '../runs/run-chain.ts'
import type { TriggerDispatcher } from '../triggers/trigger-dispatcher.ts'
import type { Actor, MispJson, Platform } from '../types.ts'
import type { EnrichmentCache } from './enrichment-cache.ts'
import { enrichmentBlockedTitle, ENRICHMENT_BLOCKED_MESSAGE } from './enrichment-service.ts'

/** How long the module list is kept before `GET /modules` is asked again. */
const MODULE_LIST_TTL_MS = 30_000

/** What the port needs from the platform. */
export interface EnrichmentPortDeps {
  /** Fires a trigger (the platform's dispatcher). */
  fire: TriggerDispatcher['fire']
  db: Executor
  outbound: Outbound
  settings: SettingReader
  cache: EnrichmentCache
  attributes: Pick<Platform['attributes'], 'add'>
  /** The workflow user as a platform actor, carrying the run's causal chain. */
  actor: (chain?: RunChain) => Actor
}

/** MISP's per-module settings, `Plugin.Enrichment_<module>_<setting>`, or the placeholder `{"_": "_"}`. */
function moduleConfig(info: MispModuleInfo, read: SettingReader): Record<string, unknown> {
  const names = Array.isArray(info.meta?.config) ? (info.meta.config as unknown[]) : []
  const config: Record<string, unknown> = {}
  for (const name of names) {
    const value = read(`Plugin.Enrichment_${info.name}_${String(name)}`)
    if (value !== undefined && value !== null) config[String(name)] = value
  }
  return Object.keys(config).length > 0 ? config : { _: '_' }
}

/** The enrichment modules of a `GET /modules` list (`meta.module-type` has expansion or hover). */
function enrichmentModules(list: MispModuleInfo[]): MispModuleInfo[] {
  return list.filter((info) => {
    const types = info.meta?.['module-type']
    return !Array.isArray(types) || types.includes('expansion') || types.includes('hover')
  })
}

/** The new attributes an answer describes: misp_standard `results.Attribute`, or `[{types, values}]`. */
export function attributesFromAnswer(answer: unknown): MispJson[] {
  const results = (answer as { results?: unknown } | null)?.results
  if (Array.isArray(results)) {
    const found: MispJson[] = []
    for (const result of results as MispJson[]) {
      const type = Array.isArray(result?.types) ? result.types[0] : undefined
      if (typeof type !== 'string') continue
      const values = Array.isArray(result.values) ? result.values : result.values !== undefined ? [result.values] : []
      for (const value of values) {
        const attribute: MispJson = { type, value: String(value) }
        if (Array.isArray(result.categories) && typeof result.categories[0] === 'string') {
          attribute.category = result.categories[0]
        }
        if (typeof result.comment === 'string') attribute.comment = result.comment
        found.push(attribute)
      }
    }
    return found
  }
  const standard = (results as { Attribute?: unknown } | null)?.Attribute
  if (!Array.isArray(standard)) return []
  return (standard as MispJson[])
    .filter((attribute) => typeof attribute?.type === 'string' && attribute.value !== undefined)
    .map(({ type, value, category, comment, to_ids }) => ({
      type,
      value: String(value),
      ...(typeof category === 'string' ? { category } : {}),
      ...(typeof comment === 'string' ? { comment } : {}),
      ...(to_ids !== undefined ? { to_ids } : {}),
    }))
}

/** Creates the port, for use outside a run. */
export function createEnrichmentPort(deps: EnrichmentPortDeps): Enrichment {
  return createEnrichmentPorts(deps)()
}

/**
 * Creates the ports of every run: they share the cache and the module list, and each fires
 * `enrichment-before-query` (and saves attributes) with its run's causal chain, so that a
 * workflow that enriches from inside `enrichment-before-query` meets the loop guard.
 */
export function createEnrichmentPorts(deps: EnrichmentPortDeps): (chain?: RunChain) => Enrichment {
  const { settings, cache } = deps
  const client = createMispModulesClient(deps.outbound, 'enrichment-services')
  let listed: { at: number; modules: MispModuleInfo[] } | null = null

  const listModules = async (): Promise<MispModuleInfo[]> => {
    if (listed && Date.now() - listed.at < MODULE_LIST_TTL_MS) return listed.modules
    const modules = enrichmentModules(await client.modules())
    listed = { at: Date.now(), modules }
    return modules
  }
  const findModule = async (name: string) => (await listModules()).find((info) => info.name === name)
  const ttlMs = () => {
    const raw = settings(OUTBOUND_SETTINGS.enrichmentCacheTtl)
    if (raw === 0 || raw === '0') return 0
    return (
      settingNumber(settings, OUTBOUND_SETTINGS.enrichmentCacheTtl, OUTBOUND_DEFAULTS.enrichmentCacheTtlSeconds) * 1000
    )
  }

  /** Fires the trigger; the veto as an answer, or null to go on. */
  const fire = async (
    module: string,
    attribute: MispJson,
    eventId: string,
    triggerData: unknown,
    chain: RunChain | undefined,
  ) => {
    const raw =
      typeof triggerData === 'object' && triggerData !== null
        ? { ...triggerData, _module: module }
        : { _module: module }
    const fired = await deps.fire(
      'enrichment-before-query',
      raw,
      {
        action: 'execute_workflow',
        model: 'Workflow',
        id: 0,
        message: enrichmentBlockedTitle(String(attribute.id), eventId, module),
      },
      chain ? { chain } : undefined,
    )
    return fired.success
      ? null
      : ({ kind: 'blocked', message: ENRICHMENT_BLOCKED_MESSAGE, errors: fired.errors } as const)
  }

  /** Queries one attribute, from the cache when it can; only good answers are kept. */
  const ask = async (info: MispModuleInfo, attribute: MispJson, eventId: string, timeoutMs?: number) => {
    const type = String(attribute.type)
    const value = String(attribute.value)
    const ttl = ttlMs()
    const cached = ttl > 0 ? cache.get(info.name, type, value) : undefined
    if (cached !== undefined) return cached
    const body: Record<string, unknown> = { module: info.name, event_id: eventId, config: moduleConfig(info, settings) }
    // A module without `mispattributes.format` reads `<type>: <value>` instead of the attribute.
    if (info.mispattributes?.format) body.attribute = attribute
    else body[type] = value
    const answer = await client.query(body, timeoutMs)
    const isError = typeof answer === 'object' && answer !== null && 'error' in answer
    if (!isError) cache.set(info.name, type, value, answer, ttl)
    return answer
  }

  return (chain) => ({
    async modules(): Promise<EnrichmentModuleInfo[]> {
      return (await listModules()).map((info) => ({
        name: info.name,
        input: Array.isArray(info.mispattributes?.input) ? info.mispattributes.input : [],
        ...(typeof info.mispattributes?.format === 'string' ? { format: info.mispattributes.format } : {}),
      }))
    },

    async queryAttribute({ module, attribute, eventId, triggerData }): Promise<EnrichmentAnswer> {
      const info = await findModule(module)
      if (!info) throw new Error(`misp-modules has no enrichment module \`${module}\``)
      const veto = await fire(module, attribute, eventId, triggerData, chain)
      if (veto) return veto
      const hover =
        settingNumber(
          settings,
          OUTBOUND_SETTINGS.enrichmentHoverTimeout,
          OUTBOUND_DEFAULTS.enrichmentHoverTimeoutSeconds,
        ) * 1000
      return { kind: 'result', response: await ask(info, attribute, eventId, hover) }
    },

    async enrichEvent({ eventId, module, attributeUuids }) {
      if (!settingFlag(settings, `Plugin.Enrichment_${module}_enabled`)) return null
      let info: MispModuleInfo | undefined
      try {
        info = await findModule(module)
      } catch {
        return null
      }
      const id = parseId(eventId)
      const full = id === null ? null : await fetchFullEvent(deps.db, id)
      if (!info || !full) return null
      const input = Array.isArray(info.mispattributes?.input) ? info.mispattributes.input : []
      const attributes = (full.Attribute as MispJson[]).filter(
        (attribute) =>
          input.includes(attribute.type) && (attributeUuids === undefined || attributeUuids.includes(attribute.uuid)),
      )
      let added = 0
      for (const attribute of attributes) {
        if (await fire(module, attribute, eventId, { ...full, Attribute: [attribute] }, chain)) continue
        let answer: unknown
        try {
          answer = await ask(info, attribute, eventId)
        } catch {
          return null
        }
        for (const found of attributesFromAnswer(answer)) {
          try {
            await deps.attributes.add(deps.actor(chain), eventId, found)
            added++
          } catch {
            // MISP skips what it cannot save (a duplicate, an invalid value).
          }
        }
      }
      return { added }
    },
  })
}

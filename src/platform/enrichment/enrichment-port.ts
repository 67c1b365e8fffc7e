/**
 * The host's `Enrichment` port (spec/ENGINE.md §4.3 `attach-enrichment`, `enrich-event`): the
 * misp-modules Enrichment service through the `Outbound` port, every query preceded by the
 * blocking `enrichment-before-query` trigger, good answers cached per (module, type, value).
 *
 *   query ─▶ fire enrichment-before-query ─┬─ veto ─▶ blocked (nothing sent)
 *                                           └─ pass ─▶ cache? ─┬─ hit ─▶ answer
 *                                                              └─ miss ─▶ POST /query ─▶ keep ─▶ answer
 *
 * `enrich-event` then adds what the module found to the event as the workflow user, through the
 * platform's own operations so that each addition fires its own triggers: attributes through
 * the attribute service, misp_standard objects and their references through the object and
 * object reference services (enrichment-objects.ts). `Tag`s the answer puts on attributes are
 * attached with them.
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
import {
  type AnswerObjectDeps,
  answerAttribute,
  knownObjects,
  objectsFromAnswer,
  saveAnswerObjects,
} from './enrichment-objects.ts'
import { enrichmentBlockedTitle, ENRICHMENT_BLOCKED_MESSAGE } from './enrichment-service.ts'

/** How long the module list is kept before `GET /modules` is asked again. */
const MODULE_LIST_TTL_MS = 30_000

/** What the port needs from the platform; `objects` and `objectReferences` save answers' objects. */
export interface EnrichmentPortDeps extends AnswerObjectDeps {
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

/** The attribute an enrichment query was about, and the module asked: what MISP's comments name. */
export interface EnrichedSource {
  module: string
  attribute: MispJson
}

/**
 * The old format's results (`[{types, values, categories, comment}]`) as new attributes. With
 * `source`, each takes the enriched attribute's distribution and MISP's
 * `Attribute #<id> enriched by <module>.` line in its comment, as `Event::enrichment` saves them.
 */
function simpleResultAttributes(results: unknown[], source?: EnrichedSource): MispJson[] {
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
      if (source) {
        const note = `Attribute #${source.attribute.id} enriched by ${source.module}.`
        attribute.comment = attribute.comment ? `${attribute.comment}\n${note}` : note
        attribute.distribution = source.attribute.distribution
        attribute.sharing_group_id = source.attribute.sharing_group_id
      }
      found.push(attribute)
    }
  }
  return found
}

/** MISP's comment for what a misp_standard answer adds without one of its own. */
function standardComment(source: EnrichedSource): string {
  return `${source.attribute.value}: enriched via the ${source.module} module.`
}

/**
 * The new attributes an answer describes: misp_standard `results.Attribute` (uuid and `Tag`
 * kept, so that an attribute the module echoes back is refused as a duplicate, as in MISP), or
 * the old `[{types, values}]` format. Its objects are read by `objectsFromAnswer`.
 */
export function attributesFromAnswer(answer: unknown, source?: EnrichedSource): MispJson[] {
  const results = (answer as { results?: unknown } | null)?.results
  if (Array.isArray(results)) return simpleResultAttributes(results, source)
  const standard = (results as { Attribute?: unknown } | null)?.Attribute
  if (!Array.isArray(standard)) return []
  const comment = source ? standardComment(source) : undefined
  return standard.flatMap((raw: unknown) => {
    const attribute = answerAttribute(raw, comment)
    return attribute ? [attribute] : []
  })
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
      const known = knownObjects(full)
      for (const attribute of attributes) {
        if (await fire(module, attribute, eventId, { ...full, Attribute: [attribute] }, chain)) continue
        let answer: unknown
        try {
          answer = await ask(info, attribute, eventId)
        } catch {
          return null
        }
        const actor = deps.actor(chain)
        const source = { module, attribute }
        for (const found of attributesFromAnswer(answer, source)) {
          try {
            await deps.attributes.add(actor, eventId, found)
            added++
          } catch {
            // MISP skips what it cannot save (a duplicate, an invalid value).
          }
        }
        // Objects count by the attributes they hold: MISP's figure is `Attribute added`.
        const objects = objectsFromAnswer(answer, standardComment(source))
        added += await saveAnswerObjects(deps, actor, eventId, objects, known)
      }
      return { added }
    },
  })
}

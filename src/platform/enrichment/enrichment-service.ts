/**
 * The enrichment query site (issue #3; spec/ENGINE.md §2.10, §4.1.1; CORE-FORMAT.md §6
 * "Enrichment"). Before any call to the enrichment service it fires the blocking
 * `enrichment-before-query` trigger with MISP's raw shapes plus `_module`:
 *
 *   attribute ──▶ fetchAttribute row + _module ──▶ enrichment-before-query ─┬─ veto ──▶ blocked (nothing sent), log row
 *   event     ──▶ per attribute: fetchEvent row,                            └─ pass ──▶ EnrichmentClient.query(module, request)
 *                 Attribute = [that attribute] + _module
 *
 * The enrichment service itself (misp-modules) sits behind the `EnrichmentClient` port; issue #5
 * brings the real client, `http-enrichment-client.ts` speaks its `/query` protocol meanwhile.
 */
import { OperationalError, UserError, ValidationError } from '../../errors.ts'
import { findAttribute, findAttributeByUuid, listEventAttributes } from '../../store/index.ts'
import { visibleEvent } from '../events/event-service.ts'
import { canSeeAttributeOf } from '../sharing-groups/row-visibility.ts'
import { fetchFullEvent } from '../events/fetch-event.ts'
import { parseId } from '../local-backend.ts'
import type { PlatformContext } from '../platform-context.ts'
import type { RunChain } from '../runs/run-chain.ts'
import type { Actor, MispJson } from '../types.ts'

/** The enrichment service port: misp-modules' `POST /query` for one module. */
export interface EnrichmentClient {
  /** Sends `request` (MISP's query body, `module` included) and answers the service's JSON. */
  query(module: string, request: MispJson): Promise<unknown>
}

/** What to enrich: one attribute (id or UUID), or every attribute of an event. */
export interface EnrichmentQuery {
  module: string
  attributeId?: string
  eventId?: string
  /** For an event: only attributes of these types (the module's input types). */
  types?: string[]
  /** The module's settings, sent as MISP sends `Plugin.Enrichment_<module>_<key>` (`config`). */
  config?: Record<string, string>
}

/** The outcome for one attribute: the service's answer, or MISP's blocked result. */
export type EnrichmentOutcome =
  | { kind: 'result'; attributeId: string; eventId: string; response: unknown }
  | { kind: 'blocked'; attributeId: string; eventId: string; message: string; errors: string[] }

/** The enrichment operation of the platform. */
export interface EnrichmentService {
  query(actor: Actor, query: EnrichmentQuery): Promise<EnrichmentOutcome[]>
}

const TRIGGER = 'enrichment-before-query'

/** MISP's result when the trigger vetoes (`Module::queryModuleServer`; spec/ENGINE.md §2.10). */
export const ENRICHMENT_BLOCKED_MESSAGE = 'Trigger `enrichment-before-query` blocked enrichment'

/** What the API and CLI answer when no enrichment service is configured (issue #5 brings one). */
export const NO_ENRICHMENT_SERVICE_MESSAGE = 'no enrichment service is configured'

/** MISP's default `Plugin.Enrichment_timeout`, which it adds to every query as `timeout`. */
const ENRICHMENT_TIMEOUT_SECONDS = 10

/** MISP's log title of a vetoed query (spec/ENGINE.md §2.10). */
export function enrichmentBlockedTitle(attributeId: string, eventId: string, module: string): string {
  return `The workflow \`${TRIGGER}\` prevented attribute \`${attributeId}\` (from event \`${eventId}\`) to query the module \`${module}\``
}

/**
 * The query body MISP posts to misp-modules: `module`, `event_id`, `attribute_uuid`, the
 * attribute (misp_standard modules read `attribute`, the others `<type>: value`), `config`,
 * `timeout`. Without the module's introspection Sluice sends both attribute forms.
 */
function queryBody(module: string, attribute: MispJson, config?: Record<string, string>): MispJson {
  const body: MispJson = {
    module,
    event_id: String(attribute.event_id),
    attribute_uuid: attribute.uuid,
    attribute,
    [attribute.type]: attribute.value,
  }
  if (config && Object.keys(config).length > 0) body.config = config
  body.timeout = ENRICHMENT_TIMEOUT_SECONDS
  return body
}

/**
 * Creates the enrichment service; without a client every query that is not vetoed fails
 * clearly. `client` may be a function, asked at each query (the configured service may change).
 */
export function createEnrichmentService(
  ctx: PlatformContext,
  clientOrProvider?: EnrichmentClient | (() => EnrichmentClient | undefined),
): EnrichmentService {
  const currentClient = () => (typeof clientOrProvider === 'function' ? clientOrProvider() : clientOrProvider)
  const db = ctx.store.db

  /** Fires the trigger for one attribute, then queries the service unless a workflow vetoed. */
  const queryOne = async (
    module: string,
    attribute: MispJson,
    triggerData: MispJson,
    config?: Record<string, string>,
    chain?: RunChain,
  ): Promise<EnrichmentOutcome> => {
    const attributeId = String(attribute.id)
    const eventId = String(attribute.event_id)
    // MISP quirk: `_module` is added before anything else, so the trigger data is never empty.
    const raw = { ...triggerData, _module: module }
    const fired = await ctx.dispatcher.fire(
      TRIGGER,
      raw,
      {
        action: 'execute_workflow',
        model: 'Workflow',
        id: 0,
        message: enrichmentBlockedTitle(attributeId, eventId, module),
      },
      { chain },
    )
    if (!fired.success) {
      return { kind: 'blocked', attributeId, eventId, message: ENRICHMENT_BLOCKED_MESSAGE, errors: fired.errors }
    }
    const client = currentClient()
    if (!client) throw new OperationalError('SLC_ENRICHMENT_UNAVAILABLE', NO_ENRICHMENT_SERVICE_MESSAGE)
    let response: unknown
    try {
      response = await client.query(module, queryBody(module, attribute, config))
    } catch (error) {
      throw new OperationalError(
        'SLC_ENRICHMENT_UNAVAILABLE',
        `The enrichment service did not answer: ${(error as Error).message}`,
        error,
      )
    }
    return { kind: 'result', attributeId, eventId, response }
  }

  /** One attribute: the trigger sees MISP's attribute fetch (`{Attribute, Event, Object?}`). */
  const enrichAttribute = async (actor: Actor, query: EnrichmentQuery): Promise<EnrichmentOutcome[]> => {
    const id = String(query.attributeId)
    const numeric = parseId(id)
    const record = numeric !== null ? await findAttribute(db, numeric) : await findAttributeByUuid(db, id.toLowerCase())
    if (!record || record.deleted === 1) throw new UserError('SLC_NOT_FOUND', 'Invalid attribute.')
    const event = await visibleEvent(db, actor, String(record.event_id))
    if (!(await canSeeAttributeOf(db, actor, event, record))) throw new UserError('SLC_NOT_FOUND', 'Invalid attribute.')
    const row = await ctx.backend.fetchAttribute(String(record.id))
    if (!row) throw new UserError('SLC_NOT_FOUND', 'Invalid attribute.')
    return [await queryOne(query.module, row.Attribute, row, query.config, actor.chain)]
  }

  /** An event: per attribute, the full event with `Attribute` replaced by that attribute (CORE-FORMAT §6). */
  const enrichEvent = async (actor: Actor, query: EnrichmentQuery): Promise<EnrichmentOutcome[]> => {
    const event = await visibleEvent(db, actor, String(query.eventId))
    const full = await fetchFullEvent(db, event.id)
    if (!full) throw new UserError('SLC_NOT_FOUND', 'Invalid event.')
    const outcomes: EnrichmentOutcome[] = []
    const attributes = await listEventAttributes(db, event.id)
    for (const record of attributes) {
      if (query.types && !query.types.includes(record.type)) continue
      if (!(await canSeeAttributeOf(db, actor, event, record))) continue
      const attribute = findRawAttribute(full, record.id)
      if (!attribute) continue
      outcomes.push(
        await queryOne(query.module, attribute, { ...full, Attribute: [attribute] }, query.config, actor.chain),
      )
    }
    return outcomes
  }

  return {
    async query(actor, query) {
      if (typeof query.module !== 'string' || query.module === '') {
        throw new ValidationError(
          'Module',
          'module',
          'No module chosen. The request body has to have the module key set.',
        )
      }
      if (query.attributeId !== undefined) return enrichAttribute(actor, query)
      if (query.eventId !== undefined) return enrichEvent(actor, query)
      throw new ValidationError('Module', 'attribute_id', 'An attribute or an event to enrich is required.')
    },
  }
}

/** The fetchEvent row of attribute `id`; an object attribute carries a copy of its object. */
function findRawAttribute(full: MispJson, id: number): MispJson | undefined {
  const key = String(id)
  const direct = (full.Attribute as MispJson[]).find((attribute) => attribute.id === key)
  if (direct) return direct
  for (const object of full.Object as MispJson[]) {
    const attribute = (object.Attribute as MispJson[]).find((candidate) => candidate.id === key)
    if (attribute) return { ...attribute, Object: { ...object, Attribute: [attribute] } }
  }
  return undefined
}

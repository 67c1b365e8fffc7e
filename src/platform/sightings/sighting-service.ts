/**
 * Sightings (issue #3): `/sightings/add` with MISP's body (`value`/`values`, or the `id`/`uuid`
 * of an attribute, `type`, `source`, `timestamp`/`date_sighting`), one sighting per matching
 * attribute the user can see, each firing `sighting-after-save` after commit with
 * `Sighting::getSighting`'s shape (spec/ENGINE.md §4.1.1).
 */
import { randomUUID } from 'node:crypto'
import { UserError, ValidationError } from '../../errors.ts'
import {
  type AttributeRecord,
  deleteSightingsOf,
  type EventRecord,
  type Executor,
  findAttribute,
  findAttributeByUuid,
  findEvent,
  findOrganisation,
  findSighting,
  insertSighting,
  MAX_ID,
} from '../../store/index.ts'
import { parseId } from '../local-backend.ts'
import { canSeeEventIn, nowSeconds, type PlatformContext } from '../platform-context.ts'
import { canSeeAttributeOf } from '../sharing-groups/row-visibility.ts'
import type { RunChain } from '../runs/run-chain.ts'
import type { Actor, MispJson, Platform } from '../types.ts'
import { sightingColumns } from './sighting-rows.ts'

/** MISP's texts (SightingsController::add, Sighting::saveSightings). */
export const SIGHTING_MESSAGES = {
  prefix: 'Could not add the Sighting. Reason: ',
  noValues: 'No valid attributes found.',
  noMatch: 'No valid attributes found that match the criteria.',
  type: 'Invalid type. Valid options are: 0 (Sighting), 1 (False-positive), 2 (Expiration).',
} as const

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The body MISP reads: `request` and `Sighting` wrappers removed. */
function unwrapSighting(body: MispJson | undefined): MispJson {
  let input: MispJson = body ?? {}
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new ValidationError('Sighting', 'Sighting', 'The body must be a JSON object')
  if (typeof input.request === 'object' && input.request !== null) input = input.request
  if (typeof input.Sighting === 'object' && input.Sighting !== null && !Array.isArray(input.Sighting))
    input = input.Sighting
  return input
}

/** The sighting's time in unix seconds: `timestamp`, `date_sighting` or `date`+`time`; now when none. */
function sightingTime(ctx: PlatformContext, input: MispJson): number {
  if (typeof input.date === 'string' && typeof input.time === 'string') {
    const parsed = Date.parse(`${input.date}T${input.time}Z`)
    if (Number.isNaN(parsed))
      throw new ValidationError('Sighting', 'date', 'Expected date YYYY-MM-DD and time HH:MM:SS')
    return storableTime('date', Math.floor(parsed / 1000))
  }
  const field = input.timestamp !== undefined ? 'timestamp' : 'date_sighting'
  const value = input[field]
  if (value === undefined || value === null || value === '') return nowSeconds(ctx)
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return storableTime(field, value)
  if (typeof value === 'string' && /^[0-9]{1,12}$/.test(value)) return storableTime(field, Number(value))
  const parsed = typeof value === 'string' ? Date.parse(value) : Number.NaN
  if (Number.isNaN(parsed)) throw new ValidationError('Sighting', field, 'Expected unix seconds or a date')
  return storableTime(field, Math.floor(parsed / 1000))
}

/** `seconds` when the 32-bit `date_sighting` column (as MISP's) holds it: 1970 to 2038. */
function storableTime(field: string, seconds: number): number {
  if (seconds < 0 || seconds > MAX_ID)
    throw new ValidationError('Sighting', field, 'Expected a time between 1970 and 2038 (32-bit unix seconds)')
  return seconds
}

function sightingType(value: unknown): number {
  if (value === undefined || value === null || value === '') return 0
  const text = String(value)
  if (!['0', '1', '2'].includes(text)) throw new ValidationError('Sighting', 'type', SIGHTING_MESSAGES.type)
  return Number(text)
}

/** The attributes a sighting names, live and visible to the actor, with their events. */
async function matchingAttributes(
  ctx: PlatformContext,
  actor: Actor,
  id: string | undefined,
  values: string[] | undefined,
): Promise<Array<{ attribute: AttributeRecord; event: EventRecord }>> {
  const db = ctx.store.db
  let candidates: AttributeRecord[] = []
  if (id !== undefined) {
    const numeric = parseId(id)
    const found =
      numeric !== null
        ? await findAttribute(db, numeric)
        : UUID.test(id)
          ? await findAttributeByUuid(db, id.toLowerCase())
          : undefined
    if (found) candidates = [found]
  } else if (values !== undefined) {
    candidates = await db
      .selectFrom('attributes')
      .selectAll()
      .where((eb) => eb.or([eb('value1', 'in', values), eb('value2', 'in', values)]))
      .orderBy('id')
      .execute()
  }
  const matches: Array<{ attribute: AttributeRecord; event: EventRecord }> = []
  for (const attribute of candidates) {
    if (attribute.deleted === 1) continue
    const event = await findEvent(db, attribute.event_id)
    if (!event || !(await canSeeEventIn(db, actor, event))) continue
    if (await canSeeAttributeOf(db, actor, event, attribute)) matches.push({ attribute, event })
  }
  return matches
}

/** Fires `sighting-after-save` with `Sighting::getSighting(id)`'s shape (spec/ENGINE.md §4.1.1). */
async function fireSightingAfterSave(
  ctx: PlatformContext,
  sightingId: number,
  chain: RunChain | undefined,
  db: Executor,
): Promise<void> {
  // `db` is the saving transaction: the data is read through it and the job commits with it (docs/queue.md).
  if (!(await ctx.dispatcher.isCallable('sighting-after-save', db))) return
  const sighting = await findSighting(db, sightingId)
  const attribute = sighting ? await findAttribute(db, sighting.attribute_id) : undefined
  const event = sighting ? await findEvent(db, sighting.event_id) : undefined
  if (!sighting || !attribute || !event) return
  const orgc = await findOrganisation(db, event.orgc_id)
  const raw = {
    Sighting: {
      ...sightingColumns(sighting),
      Event: {
        id: String(event.id),
        uuid: event.uuid,
        orgc_id: String(event.orgc_id),
        org_id: String(event.org_id),
        info: event.info,
        Orgc: { name: orgc?.name ?? null },
      },
      Attribute: {
        value: attribute.value2 === '' ? attribute.value1 : `${attribute.value1}|${attribute.value2}`,
        id: String(attribute.id),
        uuid: attribute.uuid,
        type: attribute.type,
        category: attribute.category,
        to_ids: attribute.to_ids === 1,
      },
    },
  }
  await ctx.dispatcher.fire(
    'sighting-after-save',
    raw,
    { action: 'add', model: 'Sighting', id: sightingId },
    { isRawTransferred: true, chain, db },
  )
}

/** The sighting operations of the Platform. */
export function createSightingService(ctx: PlatformContext): Platform['sightings'] {
  return {
    async add(actor, body, pathId) {
      const input = unwrapSighting(body)
      let values: string[] | undefined
      const submitted = input.value !== undefined ? [input.value] : input.values
      if (submitted !== undefined && submitted !== null) {
        const list = Array.isArray(submitted) ? submitted : [submitted]
        if (list.some((value) => typeof value !== 'string' && typeof value !== 'number'))
          throw new ValidationError(
            'Sighting',
            input.value !== undefined ? 'value' : 'values',
            'Values must be strings',
          )
        values = list.map((value) => String(value).trim())
      }
      const rawId = pathId ?? input.uuid ?? input.id
      const id = rawId === undefined || rawId === null || rawId === '' ? undefined : String(rawId)
      if (id === undefined && (values === undefined || values.length === 0))
        throw new ValidationError('Sighting', 'value', `${SIGHTING_MESSAGES.prefix}${SIGHTING_MESSAGES.noValues}`)
      const type = sightingType(input.type)
      const source = input.source === undefined || input.source === null ? '' : String(input.source).trim()
      const dateSighting = sightingTime(ctx, input)

      const matches = await matchingAttributes(ctx, actor, id, values)
      if (matches.length === 0)
        throw new UserError('SLC_NOT_FOUND', `${SIGHTING_MESSAGES.prefix}${SIGHTING_MESSAGES.noMatch}`)
      const ids = await ctx.store.transaction(async (trx) => {
        const saved: number[] = []
        for (const { attribute } of matches) {
          // Sighting::saveSightings: a new expiration replaces the organisation's previous one.
          if (type === 2) await deleteSightingsOf(trx, { attributeId: attribute.id, orgId: actor.orgId, type })
          saved.push(
            await insertSighting(trx, {
              uuid: randomUUID(),
              attribute_id: attribute.id,
              event_id: attribute.event_id,
              org_id: actor.orgId,
              date_sighting: dateSighting,
              source,
              type,
            }),
          )
        }
        for (const sightingId of saved) await fireSightingAfterSave(ctx, sightingId, actor.chain, trx)
        return saved
      })
      const last = await findSighting(ctx.store.db, ids[ids.length - 1])
      return { Sighting: sightingColumns(last!) }
    },
  }
}

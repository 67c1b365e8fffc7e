import { defineActionModule } from '../define.ts'
import type { ModuleContext } from '../../engine/index.ts'
import { phpToString } from '../../format/index.ts'
import { extract } from '../../hashpath/index.ts'
import { idOf, recordsOf } from './support/items.ts'
import { requireOperation } from './support/operations.ts'
import { reloadEvent } from './support/reload-event.ts'

const NEW_PROPOSALS = 'Event.ShadowAttribute.{n}'
const EDIT_PROPOSALS = 'Event._AttributeFlattened.{n}.ShadowAttribute.{n}'

function proposalsAt(items: unknown, path: string): string[] {
  try {
    return recordsOf(extract(items, path))
      .map((proposal) => idOf(proposal.id))
      .filter((id): id is string => id !== null)
  } catch {
    return []
  }
}

/** The proposal ids of the type: `new`, `edit`, or both for `any` (and for MISP's default `all`, Q7). */
function proposalIds(items: unknown, type: string): string[] {
  const isAny = type === 'any' || type === 'all'
  return [
    ...(type === 'new' || isAny ? proposalsAt(items, NEW_PROPOSALS) : []),
    ...(type === 'edit' || isAny ? proposalsAt(items, EDIT_PROPOSALS) : []),
  ]
}

function itemsOf(ctx: ModuleContext): unknown {
  if (!ctx.filtersEnabled) return ctx.data
  return ctx.matchingItems()
}

/**
 * Proposal Action: accepts or discards the proposals in the data (new-attribute proposals in
 * `Event.ShadowAttribute`, edit proposals on the attributes) as the workflow user, then reloads
 * the event into the roaming data (spec/ENGINE.md §4.3). Items are the node-filtered items, else
 * the data. MISP quirk fixed (Q7): the default `proposal_type` `all` is not one of the options
 * and makes MISP do nothing; Sluice treats it as `any` (docs/differences-from-misp.md).
 * True unless a proposal could not be resolved.
 */
export const proposalAction = defineActionModule({
  id: 'proposal-action',
  name: 'Proposal Action',
  description: 'Accept or remove any proposals being passed',
  version: '0.2',
  icon: 'asterisk',
  support_filters: true,
  expect_misp_core_format: true,
  params: [
    {
      id: 'action',
      label: 'Action',
      type: 'select',
      options: { accept: 'Accept Proposals', remove: 'Remove Proposals' },
      default: 'accept',
    },
    {
      id: 'proposal_type',
      label: 'Proposal Type',
      type: 'select',
      options: {
        new: 'Proposals to create new Attributes',
        edit: 'Proposals on existing Attributes',
        any: 'Any type of Proposals',
      },
      default: 'all',
    },
  ],
  async exec(ctx) {
    const items = itemsOf(ctx)
    if (items === false) return true
    const ids = proposalIds(items, phpToString(ctx.params.proposal_type))
    if (ids.length === 0) return true
    const resolve = requireOperation(ctx, 'resolveProposal')
    const action = phpToString(ctx.params.action) === 'remove' ? 'discard' : 'accept'
    let result = true
    for (const id of ids) result = (await resolve(id, action)) && result
    const eventId = idOf(ctx.data?.Event?.id)
    if (eventId !== null) ctx.setData(await reloadEvent(ctx, eventId))
    return result
  },
})

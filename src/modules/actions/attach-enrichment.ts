import type { Enrichment, ModuleContext } from '../../engine/index.ts'
import { phpToString } from '../../format/index.ts'
import { defineActionModule } from '../define.ts'
import { idOf, recordsOf, stringList } from './support/items.ts'
import { overrideAttribute } from './support/override-attribute.ts'

/** MISP's error for an empty selection (its typo kept). */
export const NO_ENRICHMENT_MODULE = 'No enrichmnent module selected'

/** The host's enrichment port; a node error when the host has none. */
export function requireEnrichment(ctx: ModuleContext<any>): Enrichment {
  const enrichment = ctx.ports.enrichment
  if (!enrichment) throw new Error('this host cannot reach an enrichment service (misp-modules)')
  return enrichment
}

/** What gets appended to `enrichment`: the `results`, or the whole answer when it holds `error`. */
function enrichmentEntry(response: unknown): unknown {
  if (typeof response === 'object' && response !== null && 'error' in response) return response
  return (response as { results?: unknown } | null)?.results ?? null
}

/**
 * Attach enrichment: appends enrichment results to the matching attributes in the roaming data
 * (spec/ENGINE.md §4.3). The static descriptor is MISP's "no enrichment module reachable" state
 * (`disabled`, no options, the picker's "none available" text); the host fills the sorted module
 * names (plus `""`) and clears `disabled` and `picker_options` when misp-modules answers.
 *
 * For each matching attribute and selected module that accepts its type, the host fires
 * `enrichment-before-query` with the roaming data and queries misp-modules; a veto skips that
 * query (no result is attached), as MISP treats it as "no result". Unlike MISP, a service that
 * fails is a node error (docs/differences-from-misp.md). Nothing is written to the database.
 */
export const attachEnrichment = defineActionModule({
  id: 'attach-enrichment',
  name: 'Attach enrichment',
  description: 'Attach selected enrichment result to Attributes.',
  version: '0.3',
  icon: 'asterisk',
  support_filters: true,
  expect_misp_core_format: true,
  params: [
    {
      id: 'modules',
      label: 'Modules',
      type: 'picker',
      multiple: true,
      disabled: true,
      options: [],
      picker_options: { placeholder_text_multiple: 'No enrichment module available' },
    },
  ],
  async exec(ctx) {
    const selected = stringList(ctx.params.modules)
    if (selected.length === 0) {
      ctx.errors.push(NO_ENRICHMENT_MODULE)
      return false
    }
    const items = ctx.matchingItems()
    if (items === false) return true
    const enrichment = requireEnrichment(ctx)
    const known = new Map((await enrichment.modules()).map((module) => [module.name, module]))
    const data = ctx.data
    const eventId = phpToString(data?.Event?.id)
    for (const attribute of recordsOf(items)) {
      const id = idOf(attribute.id)
      if (id === null) continue
      for (const name of selected) {
        const module = known.get(name)
        if (!module?.input.includes(phpToString(attribute.type))) continue
        const answer = await enrichment.queryAttribute({ module: name, attribute, eventId, triggerData: data })
        if (answer.kind === 'blocked') continue
        const entry = enrichmentEntry(answer.response)
        overrideAttribute(data, id, (old) => ({
          ...old,
          enrichment: [...(Array.isArray(old.enrichment) ? old.enrichment : []), entry],
        }))
      }
    }
    ctx.setData(data)
    return true
  },
})

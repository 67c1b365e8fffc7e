import { defineActionModule } from '../define.ts'
import { phpToString } from '../../format/index.ts'
import { idOf, recordsOf, stringList } from './support/items.ts'
import { requireOperation } from './support/operations.ts'
import { overrideAttribute } from './support/override-attribute.ts'

/**
 * Attach warninglist: runs MISP's warninglist check on the matching attributes and records the
 * hits (spec/ENGINE.md §4.3): each attribute that trips a list gains `warnings` (`{value,
 * match, warninglist_id, warninglist_name, warninglist_category}`), and `Event.warnings` lists
 * each list hit once (`{id, name, category}`). `ALL` selects every enabled list; otherwise the
 * enabled lists with a selected name. Nothing is written to the database. `options` is the
 * sorted list of enabled warninglist names plus `ALL`; the host adds the names.
 */
export const attachWarninglist = defineActionModule({
  id: 'attach-warninglist',
  name: 'Attach warninglist',
  description: 'Attach selected warninglist result.',
  version: '0.2',
  icon: 'exclamation-triangle',
  support_filters: true,
  expect_misp_core_format: true,
  params: [
    {
      id: 'warninglists',
      label: 'Warninglists',
      type: 'picker',
      multiple: true,
      options: ['ALL'],
      default: 'ALL',
    },
  ],
  async exec(ctx) {
    const selected = stringList(ctx.params.warninglists)
    if (selected.length === 0) {
      ctx.errors.push('No warninglist module selected')
      return false
    }
    const items = ctx.matchingItems()
    if (items === false) return true
    const lists = (await requireOperation(ctx, 'listWarninglists')()).filter(
      (list) => list.enabled && (selected.includes('ALL') || selected.includes(list.name)),
    )
    const attributes = recordsOf(items).filter((attribute) => idOf(attribute.id) !== null)
    const hits = await requireOperation(ctx, 'checkWarninglists')(
      attributes.map((attribute) => ({ type: phpToString(attribute.type), value: phpToString(attribute.value) })),
      lists.map((list) => list.id),
    )
    const data = ctx.data
    const eventWarnings = new Map<string, { id: string; name: string; category: string }>()
    attributes.forEach((attribute, index) => {
      const found = hits[index] ?? []
      if (found.length === 0) return
      const warnings = found.map((hit) => ({ value: phpToString(attribute.value), ...hit }))
      overrideAttribute(data, idOf(attribute.id)!, (old) => ({ ...old, warnings }))
      for (const hit of found) {
        eventWarnings.set(hit.warninglist_id, {
          id: hit.warninglist_id,
          name: hit.warninglist_name,
          category: hit.warninglist_category,
        })
      }
    })
    if (typeof data?.Event === 'object' && data.Event !== null) data.Event.warnings = [...eventWarnings.values()]
    ctx.setData(data)
    return true
  },
})

import { defineActionModule } from '../define.ts'
import { phpToString } from '../../format/index.ts'
import { recordsOf, stringList } from './support/items.ts'
import { requireOperation } from './support/operations.ts'

/**
 * Add to warninglist: appends the matching attributes' values to a custom warninglist
 * (spec/ENGINE.md §4.3). `options` is `{<id>: <name>}` of the enabled custom warninglists and
 * the picker's placeholder depends on whether there are any: the host fills both; the static
 * descriptor shows MISP's "none available" state. Values already on the list are not added
 * twice; true when the list took the values (an unknown, disabled or default list refuses).
 */
export const addToWarninglist = defineActionModule({
  id: 'add_to_warninglist',
  name: 'Add to warninglist',
  description: 'Append attributes to an active custom warninglist.',
  icon: 'exclamation-triangle',
  support_filters: true,
  expect_misp_core_format: true,
  params: [
    {
      id: 'warninglist',
      label: 'Warninglist',
      type: 'picker',
      options: {},
      placeholder: 'No warninglist selected',
      picker_options: { placeholder_text: 'No active custom warninglist available' },
    },
  ],
  async exec(ctx) {
    const warninglistId = stringList(ctx.params.warninglist)[0]
    if (warninglistId === undefined) {
      ctx.errors.push('No warninglist selected')
      return false
    }
    const items = ctx.matchingItems()
    if (items === false) return true
    const values = recordsOf(items)
      .map((attribute) => phpToString(attribute.value))
      .filter((value) => value !== '')
    const id = await requireOperation(ctx, 'appendWarninglistEntries')(warninglistId, values)
    return id > 0
  },
})

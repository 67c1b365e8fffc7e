import { defineActionModule } from '../define.ts'
import { phpToString } from '../../format/index.ts'
import { editMatchingAttributes } from './support/edit-attributes.ts'

/**
 * Attribute IDS Flag operation: sets or clears `to_ids` on the matching attributes and
 * overrides them in the roaming data (spec/ENGINE.md §4.3). MISP quirk: the "Toggle" option
 * sets the flag; it never clears it. True when at least one attribute holds the new flag.
 */
export const attributeIdsFlagOperation = defineActionModule({
  id: 'attribute_ids_flag_operation',
  name: 'Attribute IDS Flag operation',
  description: 'Toggle or remove the IDS flag on selected attributes.',
  icon: 'edit',
  support_filters: true,
  expect_misp_core_format: true,
  params: [
    {
      id: 'action',
      label: 'To IDS Flag',
      type: 'select',
      options: { add: 'Toggle IDS flag', remove: 'Remove IDS flag' },
      default: 'add',
    },
  ],
  exec(ctx) {
    const toIds = phpToString(ctx.params.action) !== 'remove'
    return editMatchingAttributes(ctx, () => ({ to_ids: toIds }))
  },
})

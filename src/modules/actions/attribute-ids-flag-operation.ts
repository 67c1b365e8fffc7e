import { defineActionModule } from '../define.ts'
import { notYet } from './not-yet.ts'

/** Attribute IDS Flag operation: sets or clears `to_ids` on the matching attributes (spec/ENGINE.md §4.3). */
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
  exec: notYet('attribute_ids_flag_operation'),
})

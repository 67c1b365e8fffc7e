import { defineActionModule } from '../define.ts'
import { notYet } from './not-yet.ts'

/** Attribute comment operation: sets the matching attributes' comment to the rendered text (spec/ENGINE.md §4.3). */
export const moduleAttributeCommentOperation = defineActionModule({
  id: 'Module_attribute_comment_operation',
  name: 'Attribute comment operation',
  description: "Set the Attribute's comment to the selected value",
  icon: 'edit',
  support_filters: true,
  expect_misp_core_format: true,
  params: [
    { id: 'comment', label: 'Comment', type: 'textarea', placeholder: 'Comment to be set', jinja_supported: true },
  ],
  exec: notYet('Module_attribute_comment_operation'),
})

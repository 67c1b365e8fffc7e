import { defineActionModule } from '../define.ts'
import { notYet } from './not-yet.ts'

/**
 * Add to warninglist: appends the matching attributes' values to a custom warninglist
 * (spec/ENGINE.md §4.3). `options` is `{<id>: <name>}` of the enabled custom warninglists and
 * the picker's placeholder depends on whether there are any: the host fills both; the static
 * descriptor shows MISP's "none available" state.
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
  exec: notYet('add_to_warninglist'),
})

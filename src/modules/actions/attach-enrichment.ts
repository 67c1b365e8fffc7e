import { defineActionModule } from '../define.ts'
import { notYet } from './not-yet.ts'

/**
 * Attach enrichment: appends enrichment results to the matching attributes in the roaming data
 * (spec/ENGINE.md §4.3). The static descriptor is MISP's "no enrichment module reachable" state
 * (`disabled`, no options, the picker's "none available" text); the host fills the sorted module
 * names (plus `""`) and clears `disabled` and `picker_options` when misp-modules answers.
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
  exec: notYet('attach-enrichment'),
})

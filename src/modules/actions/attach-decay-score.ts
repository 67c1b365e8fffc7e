import { defineActionModule } from '../define.ts'
import { notYet } from './not-yet.ts'

/**
 * Attach decay score: overrides each matching attribute with its decay score for the selected
 * models (spec/ENGINE.md §4.3). `options` (`{<id>: <name>}` of enabled decaying models) is
 * filled by the host.
 */
export const attachDecayScore = defineActionModule({
  id: 'attach-decay-score',
  name: 'Attach decay score',
  description: 'Attach selected decaying model score to Attributes.',
  icon: 'chart-line',
  support_filters: true,
  expect_misp_core_format: true,
  params: [
    {
      id: 'decayingmodels',
      label: 'Decaying Model',
      type: 'picker',
      // MISP quirk: the string "true", not a boolean.
      multiple: 'true',
      options: {},
      placeholder: 'Pick a Decaying Model',
    },
  ],
  exec: notYet('attach-decay-score'),
})

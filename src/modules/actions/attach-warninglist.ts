import { defineActionModule } from '../define.ts'
import { notYet } from './not-yet.ts'

/**
 * Attach warninglist: runs MISP's warninglist check on the matching attributes and records the
 * hits (spec/ENGINE.md §4.3). `options` is the sorted list of enabled warninglist names plus
 * `ALL`; the host adds the names.
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
  exec: notYet('attach-warninglist'),
})

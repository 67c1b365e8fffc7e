import { defineActionModule } from '../define.ts'
import { notYet } from './not-yet.ts'

/**
 * Enrich Event: runs MISP's event enrichment with one module (spec/ENGINE.md §4.3). `options` is
 * the sorted list of `""` and every enrichment module name; the host adds the names.
 */
export const enrichEvent = defineActionModule({
  id: 'enrich-event',
  name: 'Enrich Event',
  description: 'Enrich all Attributes contained in the Event with the provided module.',
  version: '0.2',
  icon: 'asterisk',
  support_filters: true,
  expect_misp_core_format: true,
  params: [{ id: 'modules', label: 'Modules', type: 'select', options: [''] }],
  exec: notYet('enrich-event'),
})

import { normaliseForTrigger } from '../../format/index.ts'
import { defineTrigger } from '../define.ts'

/**
 * Event Report After Save: fires after an event report is saved; normalisation places the report
 * in its quick-fetched event and converts it (spec/ENGINE.md §4.1, §4.1.1).
 */
export const eventReportAfterSave = defineTrigger({
  id: 'event-report-after-save',
  scope: 'event-report',
  name: 'Event Report After Save',
  description: 'This trigger is called after an Event Report has been saved in the database',
  icon: 'file-alt',
  blocking: false,
  misp_core_format: true,
  trigger_overhead: 1,
  normalise: (raw, { lookups }) => normaliseForTrigger('event-report-after-save', raw, lookups),
})

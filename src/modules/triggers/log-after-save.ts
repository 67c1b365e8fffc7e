import { normaliseForTrigger } from '../../format/index.ts'
import { defineTrigger } from '../define.ts'

/**
 * Log After Save: fires after every log entry except those of the `Log` and `Workflow` models;
 * the data is not converted (spec/ENGINE.md §4.1, §4.1.1).
 */
export const logAfterSave = defineTrigger({
  id: 'log-after-save',
  scope: 'log',
  name: 'Log After Save',
  description: 'This trigger is called after a Log event has been saved in the database',
  icon: 'file',
  blocking: false,
  misp_core_format: false,
  trigger_overhead: 3,
  trigger_overhead_message:
    'This trigger is called each time after Log event has been saved. This means that when a large quantity of Logs are being saved, the workflow will be run for as many time as there are log entries.',
  normalise: (raw, { lookups }) => normaliseForTrigger('log-after-save', raw, lookups),
  // The class does not declare `misp_core_format`, so reflection lists it with the inherited ones.
  declares: ['id', 'scope', 'name', 'description', 'icon', 'inputs', 'outputs', 'blocking', 'trigger_overhead'],
})

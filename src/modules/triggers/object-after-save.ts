import { normaliseForTrigger } from '../../format/index.ts'
import { defineTrigger } from '../define.ts'

/**
 * Object After Save: fires after every object save with the model data as saved, converted to
 * the core format (spec/ENGINE.md §4.1, §4.1.1).
 */
export const objectAfterSave = defineTrigger({
  id: 'object-after-save',
  scope: 'object',
  name: 'Object After Save',
  description: 'This trigger is called after an Object has been saved in the database',
  icon: 'cubes',
  blocking: false,
  misp_core_format: true,
  trigger_overhead: 3,
  trigger_overhead_message:
    'This trigger is called each time an Object has been saved. This means that when a large quantity of Objects are being saved (e.g. Feed pulling or synchronisation), the workflow will be run for as many time as there are Objects.',
  normalise: (raw, { lookups }) => normaliseForTrigger('object-after-save', raw, lookups),
})

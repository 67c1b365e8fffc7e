import { normaliseForTrigger } from '../../format/index.ts'
import { defineTrigger } from '../define.ts'

/**
 * Sighting After Save: fires after a sighting is saved; normalisation gives the event with the
 * sighted attribute only, converted (spec/ENGINE.md §4.1, §4.1.1).
 */
export const sightingAfterSave = defineTrigger({
  id: 'sighting-after-save',
  scope: 'sighting',
  name: 'Sighting After Save',
  description: 'This trigger is called when a sighting has been saved',
  icon: 'eye',
  blocking: false,
  misp_core_format: true,
  trigger_overhead: 2,
  trigger_overhead_message:
    'This trigger is called each time a Sighting has been saved. This means that when a large quantity of Sightings are being saved (e.g. Feed pulling or synchronisation), the workflow will be run for as many time as there are Sightings.',
  normalise: (raw, { lookups }) => normaliseForTrigger('sighting-after-save', raw, lookups),
})

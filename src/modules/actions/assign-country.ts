import { defineActionModule } from '../define.ts'
import { notYet } from './not-yet.ts'

/**
 * Assign country: tags the event or its attributes with the `Country` galaxy clusters named at
 * the hash path (spec/ENGINE.md §4.3). `galaxy_name` is unused and `relationship_type`'s
 * `display_on` names a parameter the module does not have, as in MISP.
 */
export const assignCountry = defineActionModule({
  id: 'assign_country',
  name: 'Assign country',
  description: 'Add or remove country Galaxy Cluster based on provided data',
  version: '0.2',
  icon: 'globe',
  support_filters: true,
  expect_misp_core_format: true,
  params: [
    {
      id: 'scope',
      label: 'Scope',
      type: 'select',
      options: { event: 'Event', attribute: 'Attributes' },
      default: 'event',
    },
    {
      id: 'hash_path',
      label: 'Country Hash path',
      type: 'hashpath',
      placeholder: 'enrichment.{n}.{n}.values.0',
      default: 'enrichment.{n}.{n}.values.0',
    },
    {
      id: 'locality',
      label: 'Tag Locality',
      type: 'select',
      options: { local: 'Local', global: 'Global' },
      default: 'local',
    },
    {
      id: 'galaxy_name',
      label: 'Galaxy Name',
      type: 'select',
      options: { country: 'country' },
      placeholder: 'Pick a galaxy name',
    },
    { id: 'relationship_type', label: 'Relationship Type', type: 'input', display_on: { action: 'add' } },
  ],
  exec: notYet('assign_country'),
})

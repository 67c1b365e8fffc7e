import { defineActionModule } from '../define.ts'
import { notYet } from './not-yet.ts'

/**
 * Tag operation: attaches or detaches tags on the event or the matching attributes
 * (spec/ENGINE.md §4.3). `tags` lists every non-galaxy tag name, filled by the host.
 */
export const tagOperation = defineActionModule({
  id: 'tag_operation',
  name: 'Tag operation',
  description: 'Add or remove tags on Event or Attributes.',
  version: '0.2',
  icon: 'tags',
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
      id: 'action',
      label: 'Action',
      type: 'select',
      options: { add: 'Add Tags', remove: 'Remove Tags' },
      default: 'add',
    },
    {
      id: 'locality',
      label: 'Tag Locality',
      type: 'select',
      options: { local: 'Local', global: 'Global', any: 'Any' },
      default: 'local',
    },
    { id: 'tags', label: 'Tags', type: 'picker', multiple: true, options: [], placeholder: 'Pick a tag' },
    { id: 'relationship_type', label: 'Relationship Type', type: 'input', display_on: { action: 'add' } },
  ],
  exec: notYet('tag_operation'),
})

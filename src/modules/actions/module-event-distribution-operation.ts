import { defineActionModule } from '../define.ts'
import { notYet } from './not-yet.ts'
import { distributionOptions } from '../distribution-levels.ts'

/**
 * Event distribution operation: sets the event's distribution (and sharing group) and saves it
 * (spec/ENGINE.md §4.3). The distribution list is MISP's constant; the sharing-group options
 * (`{<id>: <name>}`) are filled by the host.
 */
export const moduleEventDistributionOperation = defineActionModule({
  id: 'Module_event_distribution_operation',
  name: 'Event distribution operation',
  description: "Set the Event's distribution to the selected level",
  icon: 'edit',
  expect_misp_core_format: true,
  params: [
    {
      id: 'freeze',
      label: 'Preserve timestamp and published state',
      type: 'select',
      options: { modify: 'Modify timestamp and unpublish', freeze: 'Freeze timestamp and keep published state' },
      default: 'modify',
    },
    {
      id: 'distribution',
      label: 'Distribution',
      type: 'select',
      default: '0',
      options: distributionOptions(),
      placeholder: 'Pick a distribution',
    },
    {
      id: 'sharing_group_id',
      label: 'Sharing Groups',
      type: 'picker',
      multiple: false,
      options: {},
      default: [],
      placeholder: 'Pick a sharing group',
      display_on: { distribution: '4' },
    },
  ],
  exec: notYet('Module_event_distribution_operation'),
})

import { defineActionModule } from '../define.ts'
import { notYet } from './not-yet.ts'

/** Add Event Blocklist entry: blocklists the event found at the two hash paths (spec/ENGINE.md §4.3). */
export const addEventblocklistEntry = defineActionModule({
  id: 'add_eventblocklist_entry',
  name: 'Add Event Blocklist entry',
  description: 'Create a new entry in the Event blocklist table',
  icon: 'ban',
  expect_misp_core_format: true,
  params: [
    {
      id: 'uuid_hash_path',
      label: 'Event UUID Hash path',
      type: 'hashpath',
      placeholder: 'Event.uuid',
      default: 'Event.uuid',
      hashpath: { is_sub_selector: true },
    },
    {
      id: 'eventinfo_hash_path',
      label: 'Event Info Hash path',
      type: 'hashpath',
      placeholder: 'Event.info',
      default: 'Event.info',
      hashpath: { is_sub_selector: true },
    },
    {
      id: 'block_comment',
      label: 'Blocklist Comment',
      type: 'input',
      placeholder: 'Blocked from workflow',
      default: 'Blocked from workflow',
    },
  ],
  exec: notYet('add_eventblocklist_entry'),
})

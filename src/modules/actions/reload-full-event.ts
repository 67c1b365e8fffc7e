import { defineActionModule } from '../define.ts'
import { notYet } from './not-yet.ts'

/** Reload full Event: re-fetches the event and converts it to the core format (spec/ENGINE.md §4.3). */
export const reloadFullEvent = defineActionModule({
  id: 'reload-full-event',
  name: 'Reload full Event',
  description: 'Reload the full Event from the database and assign it to the roaming data.',
  icon: 'sync-alt',
  expect_misp_core_format: true,
  exec: notYet('reload-full-event'),
})

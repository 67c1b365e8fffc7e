import { defineActionModule } from '../define.ts'
import { notYet } from './not-yet.ts'
import { mailParams } from './send-mail.ts'

/**
 * Send Log Mail: `send-mail` for log triggers, with the extra recipient `Org admins` (the admins
 * of the organisation of `Log.user_id`) (spec/ENGINE.md §4.3).
 */
export const sendLogMail = defineActionModule({
  id: 'send-log-mail',
  name: 'Send Log Mail',
  description:
    'Allow to send a Mail to a list or recipients, based on a Log trigger. Requires functional misp-modules to be functional.',
  icon: 'envelope',
  params: mailParams(['All accounts', 'All admins', 'Org admins']),
  exec: notYet('send-log-mail'),
})

import { defineActionModule } from '../define.ts'
import { type MailParams, mailParams, sendMailExec } from './send-mail.ts'

/**
 * Send Log Mail: `send-mail` for log triggers, with the extra recipient `Org admins` (the admins
 * of the organisation of `Log.user_id`) (spec/ENGINE.md §4.3).
 */
export const sendLogMail = defineActionModule<MailParams>({
  id: 'send-log-mail',
  name: 'Send Log Mail',
  description:
    'Allow to send a Mail to a list or recipients, based on a Log trigger. Requires functional misp-modules to be functional.',
  icon: 'envelope',
  params: mailParams(['All accounts', 'All admins', 'Org admins']),
  exec: (ctx) => sendMailExec(ctx, () => ctx.data?.Log?.user_id),
})

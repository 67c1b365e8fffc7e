import type { ParamDescriptor } from '../../engine/index.ts'
import { defineActionModule } from '../define.ts'
import { notYet } from './not-yet.ts'

/**
 * The parameters of `send-mail` and `send-log-mail`, given the fixed recipient choices; the host
 * appends every user's e-mail to the recipient options (spec/ENGINE.md §4.3).
 */
export function mailParams(recipientChoices: string[]): ParamDescriptor[] {
  return [
    {
      id: 'recipients',
      label: 'Recipients',
      type: 'picker',
      multiple: true,
      options: recipientChoices,
      default: ['All admins'],
    },
    {
      id: 'mail_template_subject',
      label: 'Mail template subject',
      type: 'textarea',
      placeholder: 'The **template** will be rendered using *Jinja2*!',
      jinja_supported: true,
    },
    {
      id: 'mail_template_body',
      label: 'Mail template body',
      type: 'textarea',
      placeholder: 'The **template** will be rendered using *Jinja2*!',
      jinja_supported: true,
    },
  ]
}

/** Send Mail: sends the rendered subject and body to the chosen users (spec/ENGINE.md §4.3). */
export const sendMail = defineActionModule({
  id: 'send-mail',
  name: 'Send Mail',
  description: 'Allow to send a Mail to a list or recipients. Requires functional misp-modules to be functional.',
  icon: 'envelope',
  params: mailParams(['All accounts', 'All admins']),
  exec: notYet('send-mail'),
})

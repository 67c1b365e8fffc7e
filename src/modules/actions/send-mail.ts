import type { MailRecipients, ModuleContext, ParamDescriptor } from '../../engine/index.ts'
import { isEmpty } from '../../format/index.ts'
import { defineActionModule } from '../define.ts'

/** The parameters both mail modules read. */
export interface MailParams {
  recipients: unknown
  mail_template_subject: unknown
  mail_template_body: unknown
}

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

/**
 * MISP's recipient selection from the picker values: `All accounts` alone decides; otherwise
 * `All admins`, `Org admins` (when `orgAdminsOf` gives its user) and e-mail addresses are ORed.
 * Null when nothing can be selected (MISP: no condition → false).
 */
export function recipientSelection(values: string[], orgAdminsOf?: () => unknown): MailRecipients | null {
  if (values.includes('All accounts')) return { allAccounts: true }
  const selection: MailRecipients = {}
  const emails = values.filter((value) => !['All admins', 'Org admins'].includes(value))
  if (values.includes('All admins')) selection.allAdmins = true
  if (orgAdminsOf && values.includes('Org admins')) {
    const userId = orgAdminsOf()
    if (userId !== undefined && userId !== null && userId !== '') selection.orgAdminsOfUser = String(userId)
  }
  if (emails.length > 0) selection.emails = emails
  return Object.keys(selection).length > 0 ? selection : null
}

/** The exec of both mail modules (spec/ENGINE.md §4.3 `send-mail`, `send-log-mail`). */
export async function sendMailExec(ctx: ModuleContext<MailParams>, orgAdminsOf?: () => unknown): Promise<boolean> {
  const raw = ctx.params.recipients
  const values = (Array.isArray(raw) ? raw : typeof raw === 'string' && raw !== '' ? [raw] : [])
    .map(String)
    .filter((value) => value !== '')
  if (values.length === 0) {
    ctx.errors.push('No recipient set.')
    return false
  }
  const subject = ctx.params.mail_template_subject
  if (isEmpty(subject)) {
    ctx.errors.push('The mail template is empty.')
    return false
  }
  const recipients = recipientSelection(values, orgAdminsOf)
  if (!recipients) return false
  const mail = ctx.outbound?.mail
  if (!mail) {
    ctx.errors.push('Sending mail is not available in this host.')
    return false
  }
  try {
    await mail({ recipients, subject: String(subject), body: String(ctx.params.mail_template_body ?? '') })
  } catch (error) {
    ctx.errors.push((error as Error).message)
    return false
  }
  return true
}

/**
 * Send Mail: sends the rendered subject and body to the chosen users (spec/ENGINE.md §4.3)
 * through the host's SMTP settings. MISP would also apply each user's GPG/S-MIME settings;
 * Sluice sends plain text (docs/outbound.md).
 */
export const sendMail = defineActionModule<MailParams>({
  id: 'send-mail',
  name: 'Send Mail',
  description: 'Allow to send a Mail to a list or recipients. Requires functional misp-modules to be functional.',
  icon: 'envelope',
  params: mailParams(['All accounts', 'All admins']),
  exec: (ctx) => sendMailExec(ctx),
})

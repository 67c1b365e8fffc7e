/**
 * Outbound mail: resolves MISP's recipient selection against the users table and sends each
 * user the mail over SMTP with nodemailer (spec/ENGINE.md §4.3 `send-mail`, `send-log-mail`).
 * The SMTP server comes from the `Sluice.smtp_*` settings; the password is never put into an
 * error message or log line (nodemailer's own logger stays off).
 */
import { createTransport, type Transporter } from 'nodemailer'
import { OperationalError } from '../../errors.ts'
import type { MailMessage, MailRecipients } from '../../engine/index.ts'
import { type Executor, listUsersWithRoles } from '../../store/index.ts'
import {
  OUTBOUND_DEFAULTS,
  OUTBOUND_SETTINGS,
  type SettingReader,
  settingFlag,
  settingNumber,
  settingString,
} from './outbound-settings.ts'

/** What the mail side needs from the host. */
export interface MailOutboundOptions {
  /** The users table; without one (`sluice run` on a file) mail fails clearly. */
  db: Executor | undefined
  settings: SettingReader
  /** Abort sending after this long (default: `Sluice.outbound_timeout`). */
  timeoutMs?: number
}

type UserRow = Awaited<ReturnType<typeof listUsersWithRoles>>[number]

/**
 * The users a selection names, each once. `All accounts` is everyone, disabled users included,
 * as in MISP; otherwise the OR of the other conditions.
 */
export async function resolveRecipients(db: Executor, recipients: MailRecipients): Promise<UserRow[]> {
  const users = await listUsersWithRoles(db)
  if (recipients.allAccounts) return users
  const emails = new Set((recipients.emails ?? []).map((email) => email.toLowerCase()))
  let orgAdminsOrg: number | null = null
  if (recipients.orgAdminsOfUser !== undefined) {
    const owner = users.find((user) => String(user.id) === String(recipients.orgAdminsOfUser))
    // A log by user 0 (the system) names no organisation: Org admins resolves to nobody.
    orgAdminsOrg = owner ? owner.org_id : null
  }
  return users.filter(
    (user) =>
      (recipients.allAdmins === true && user.perm_site_admin === 1) ||
      (orgAdminsOrg !== null && user.org_id === orgAdminsOrg && user.perm_admin === 1) ||
      emails.has(user.email.toLowerCase()),
  )
}

interface TransportKey {
  host: string
  port: number
  secure: boolean
  user: string
  pass: string
  verifyTls: boolean
}

/** Creates the mail method of the `Outbound` port. */
export function createMailOutbound(options: MailOutboundOptions): (message: MailMessage) => Promise<{ sent: number }> {
  const { settings } = options
  let cached: { key: string; transport: Transporter } | null = null

  const transport = (): Transporter => {
    const config: TransportKey = {
      host: settingString(settings, OUTBOUND_SETTINGS.smtpHost, OUTBOUND_DEFAULTS.smtpHost),
      port: settingNumber(settings, OUTBOUND_SETTINGS.smtpPort, OUTBOUND_DEFAULTS.smtpPort),
      secure: settingFlag(settings, OUTBOUND_SETTINGS.smtpSecure),
      user: settingString(settings, OUTBOUND_SETTINGS.smtpUsername, ''),
      pass: settingString(settings, OUTBOUND_SETTINGS.smtpPassword, ''),
      verifyTls: settingFlag(settings, OUTBOUND_SETTINGS.smtpVerifyTls, true),
    }
    const key = JSON.stringify(config)
    if (cached?.key === key) return cached.transport
    cached?.transport.close()
    const timeoutMs =
      options.timeoutMs ?? settingNumber(settings, OUTBOUND_SETTINGS.timeout, OUTBOUND_DEFAULTS.timeoutSeconds) * 1000
    const transporter = createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure,
      ...(config.user !== '' ? { auth: { user: config.user, pass: config.pass } } : {}),
      tls: { rejectUnauthorized: config.verifyTls },
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      logger: false,
    })
    cached = { key, transport: transporter }
    return transporter
  }

  return async (message) => {
    if (!options.db) throw new OperationalError('SLC_OUTBOUND_FAILED', 'this host has no users to send mail to')
    const users = await resolveRecipients(options.db, message.recipients)
    const from = settingString(settings, OUTBOUND_SETTINGS.mailFrom, OUTBOUND_DEFAULTS.mailFrom)
    const sender = transport()
    for (const user of users) {
      try {
        await sender.sendMail({ from, to: user.email, subject: message.subject, text: message.body })
      } catch (error) {
        const reason = (error as { code?: string; message?: string }).code ?? 'SMTP error'
        // The server's own text may echo the credentials it refused: name only the code and host.
        throw new OperationalError(
          'SLC_OUTBOUND_FAILED',
          `sending the mail to ${user.email} failed (${reason} from the SMTP server ${settingString(settings, OUTBOUND_SETTINGS.smtpHost, OUTBOUND_DEFAULTS.smtpHost)})`,
          error,
        )
      }
    }
    return { sent: users.length }
  }
}

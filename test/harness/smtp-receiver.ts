/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package) that keeps every mail it gets:
 * envelope recipients, the raw message, and the credentials a client logged in with, so mail
 * tests check what went over the wire.
 */
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

/** One mail the server accepted. */
export interface ReceivedMail {
  from: string
  to: string[]
  raw: string
}

/** A running SMTP receiver. */
export interface SmtpReceiver {
  port: number
  mails: ReceivedMail[]
  /** `user:pass` of each successful login. */
  logins: string[]
  close(): Promise<void>
}

/** Starts an SMTP server; with `auth`, clients must log in with that user and password. */
export async function startSmtpReceiver(auth?: { user: string; pass: string }): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = []
  const logins: string[] = []
  const server = new SMTPServer({
    secure: false,
    disabledCommands: auth ? ['STARTTLS'] : ['AUTH', 'STARTTLS'],
    allowInsecureAuth: true,
    authOptional: !auth,
    logger: false,
    onAuth(credentials, _session, callback) {
      if (auth && credentials.username === auth.user && credentials.password === auth.pass) {
        logins.push(`${credentials.username}:${credentials.password}`)
        callback(null, { user: credentials.username })
      } else callback(new Error('Invalid username or password'))
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.server.address() as AddressInfo
  return { port, mails, logins, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

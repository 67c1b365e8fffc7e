/**
 * What `webhook`, `ms-teams-webhook`, `splunk-hec-export` and `telegram-send-alert` share
 * (spec/ENGINE.md §4.3 `webhook`): MISP's default headers, header-line parsing, PHP's form
 * encoding, and sending through the `Outbound` port with MISP's result handling, where each
 * failure becomes one error line and `false`.
 */
import type { ModuleContext } from '../../engine/index.ts'

/** The MISP version Sluice presents in `User-Agent`, as MISP's HTTP client does. */
export const USER_AGENT = 'MISP 2.5.0'

/** MISP's default webhook headers. */
export function defaultHeaders(): Record<string, string> {
  return { Accept: 'application/json', 'Content-Type': 'application/json', 'User-Agent': USER_AGENT }
}

/** Error bodies are quoted up to this length in error lines. */
const MAX_QUOTED_BODY = 2000

/** `Name: value` lines, split at the first colon and trimmed; lines without a colon are ignored. */
export function parseHeaderLines(text: unknown): Record<string, string> {
  const headers: Record<string, string> = {}
  if (typeof text !== 'string') return headers
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon < 0) continue
    const name = line.slice(0, colon).trim()
    if (name === '' || /[^!#$%&'*+.^_`|~0-9A-Za-z-]/.test(name)) continue
    headers[name] = line.slice(colon + 1).trim()
  }
  return headers
}

/** Sets a header, replacing any existing one whatever its case. */
export function setHeader(headers: Record<string, string>, name: string, value: string): void {
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name.toLowerCase()) delete headers[key]
  headers[name] = value
}

/** PHP's `urlencode` (RFC 1738: spaces as `+`). */
function phpUrlencode(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
}

/** PHP's `http_build_query`: nested keys as `a[b]=c`, booleans as 1/0, nulls left out. */
export function phpFormEncode(value: unknown, prefix = ''): string {
  if (value === null || value === undefined) return ''
  if (typeof value !== 'object') {
    if (prefix === '') return ''
    const scalar = value === true ? '1' : value === false ? '0' : String(value)
    return `${phpUrlencode(prefix)}=${phpUrlencode(scalar)}`
  }
  return Object.entries(value as Record<string, unknown>)
    .map(([key, item]) => phpFormEncode(item, prefix === '' ? key : `${prefix}[${key}]`))
    .filter((part) => part !== '')
    .join('&')
}

/** An outbound HTTP call as a module states it. */
export interface WebhookCall {
  url: string
  method: string
  headers: Record<string, string>
  body?: string
  verifyTls: boolean
  timeoutMs?: number
  /** The error line for a non-2xx answer, when the module words it differently from `webhook`. */
  statusError?: (status: number, body: string) => string
}

/** The body quoted in an error line: trimmed to a readable length. */
function quoted(body: string): string {
  return body.length > MAX_QUOTED_BODY ? `${body.slice(0, MAX_QUOTED_BODY)}…` : body
}

/**
 * Sends the call and applies MISP's result handling: 2xx (MISP: 200–206) → true; 401/403 →
 * `Authentication failed.`; another status → the body in MISP's message; a transport failure →
 * MISP's transport message. A refused destination gives the allow-list's own message.
 */
export async function sendWebhook(ctx: ModuleContext<any>, call: WebhookCall): Promise<boolean> {
  const http = ctx.outbound?.http
  if (!http) {
    ctx.errors.push('Outbound HTTP is not available in this host.')
    return false
  }
  let status: number
  let body: string
  try {
    const response = await http({
      url: call.url,
      method: call.method,
      headers: call.headers,
      ...(call.body !== undefined ? { body: call.body } : {}),
      verifyTls: call.verifyTls,
      ...(call.timeoutMs !== undefined ? { timeoutMs: call.timeoutMs } : {}),
    })
    status = response.status
    body = response.body
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string }
    if (code === 'SLC_OUTBOUND_REFUSED') ctx.errors.push(String(message))
    else ctx.errors.push(`Something went wrong while sending the request. Error returned: ${message ?? String(error)}`)
    return false
  }
  if (status >= 200 && status <= 206) return true
  if (call.statusError) {
    ctx.errors.push(call.statusError(status, quoted(body)))
    return false
  }
  if (status === 401 || status === 403) {
    ctx.errors.push('Authentication failed.')
    return false
  }
  ctx.errors.push(
    `Something went wrong with the request or the remote side is having issues. Body returned: ${quoted(body)}`,
  )
  return false
}

/**
 * Outbound HTTP for action modules: undici's `request()` (global `fetch` refuses port 6666,
 * misp-modules' default), a whole-request timeout, a response-size cap, a TLS-verification
 * switch, and the allow-list check before anything connects (docs/outbound.md).
 *
 *   request ─▶ parse URL (http/https only) ─▶ allowed? ─┬─ no ─▶ SLC_OUTBOUND_REFUSED
 *                                                        └─ yes ─▶ undici ─▶ body ≤ cap ─▶ response
 *
 * A host name admitted because its addresses fall in an allowed network is connected to at the
 * very address that was checked (the agent's `lookup` is pinned to it), so a DNS answer that
 * changes between the check and the connection (DNS rebinding) cannot lead elsewhere.
 *
 * Error messages name the destination without its query string or credentials: URLs of
 * webhooks often carry a token.
 */
import { lookup } from 'node:dns/promises'
import { isIP, type LookupFunction } from 'node:net'
import { Agent, request } from 'undici'
import { OperationalError, UserError } from '../../errors.ts'
import type { OutboundRequest, OutboundResponse } from '../../engine/index.ts'
import { type AllowList, allowListEntries, parseAllowList } from './allow-list.ts'
import {
  OUTBOUND_DEFAULTS,
  OUTBOUND_SETTINGS,
  type SettingReader,
  settingFlag,
  settingNumber,
} from './outbound-settings.ts'

/** MISP's message when arbitrary URLs are off (spec/ENGINE.md §4.3 `webhook`); Sluice gives it when no allow-list is set either. */
export const ARBITRARY_URLS_OFF_MESSAGE = '`Security.rest_client_enable_arbitrary_urls` is turned off'

/** What the HTTP side needs from the host. */
export interface HttpOutboundOptions {
  settings: SettingReader
  /** Origins (`http://host:port`) the administrator configured; always reachable. */
  trustedOrigins(): string[]
  /** Resolves a host name to its addresses (default: the system resolver); tests replace it. */
  resolveHost?(host: string): Promise<Array<{ address: string; family: number }>>
}

/** An address a host name was checked at. */
interface CheckedAddress {
  address: string
  family: number
}

/** A `lookup` for `net.connect` that answers `checked` whatever the name, in both of its call forms. */
function pinnedLookup(checked: CheckedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) (callback as (error: null, addresses: CheckedAddress[]) => void)(null, [checked])
    else callback(null, checked.address, checked.family)
  }
}

/**
 * A URL as it may appear in messages: scheme, host and port only. Paths carry secrets too
 * (Telegram's `/bot<token>/`, Teams' webhook keys), so they are left out with the query.
 */
export function redactUrl(url: URL): string {
  return `${url.protocol}//${url.host}`
}

function defaultPort(url: URL): number {
  if (url.port !== '') return Number(url.port)
  return url.protocol === 'https:' ? 443 : 80
}

function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '')
}

/** Creates the HTTP method of the `Outbound` port. */
export function createHttpOutbound(
  options: HttpOutboundOptions,
): (request: OutboundRequest) => Promise<OutboundResponse> {
  const { settings } = options
  const resolveHost = options.resolveHost ?? ((host: string) => lookup(host, { all: true }))
  // Keep-alive agents, one per TLS mode; never one per request.
  const verifying = new Agent({ connect: { rejectUnauthorized: true } })
  const lenient = new Agent({ connect: { rejectUnauthorized: false } })
  let cachedSource: unknown
  let cachedList: AllowList = parseAllowList([])

  const allowList = (): AllowList => {
    const source = settings(OUTBOUND_SETTINGS.allowList)
    if (source !== cachedSource) {
      cachedList = parseAllowList(allowListEntries(source))
      cachedSource = source
    }
    return cachedList
  }

  /**
   * Throws SLC_OUTBOUND_REFUSED unless the destination is allowed; answers the address to pin
   * the connection to when the host name was admitted through its addresses.
   */
  const checkDestination = async (url: URL): Promise<CheckedAddress | undefined> => {
    if (options.trustedOrigins().includes(url.origin)) return
    const list = allowList()
    if (list.isEmpty) {
      if (settingFlag(settings, OUTBOUND_SETTINGS.arbitraryUrls)) return
      throw new UserError('SLC_OUTBOUND_REFUSED', ARBITRARY_URLS_OFF_MESSAGE)
    }
    const host = bareHost(url)
    const port = defaultPort(url)
    if (list.allows(host, port)) return
    if (list.hasNetworks && isIP(host) === 0) {
      const addresses = await resolveHost(host).catch(() => [])
      if (addresses.length > 0 && addresses.every((entry) => list.allowsAddress(entry.address, port))) {
        return addresses[0]
      }
    }
    throw new UserError(
      'SLC_OUTBOUND_REFUSED',
      `the outbound allow-list (\`${OUTBOUND_SETTINGS.allowList}\`) does not allow ${url.protocol}//${url.host}`,
    )
  }

  return async (outbound) => {
    let url: URL
    try {
      url = new URL(outbound.url)
    } catch {
      throw new UserError('SLC_OUTBOUND_REFUSED', 'the URL is not valid')
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new UserError('SLC_OUTBOUND_REFUSED', `only http and https URLs are allowed, not ${url.protocol}`)
    }
    const pinned = await checkDestination(url)
    const timeoutMs =
      outbound.timeoutMs ?? settingNumber(settings, OUTBOUND_SETTINGS.timeout, OUTBOUND_DEFAULTS.timeoutSeconds) * 1000
    const cap =
      outbound.maxResponseBytes ??
      settingNumber(settings, OUTBOUND_SETTINGS.maxResponseBytes, OUTBOUND_DEFAULTS.maxResponseBytes)
    const signal = AbortSignal.timeout(timeoutMs)
    // A pinned destination gets an agent of its own, closed after the answer: the shared
    // keep-alive agents resolve names themselves.
    const pinnedAgent = pinned
      ? new Agent({ connect: { rejectUnauthorized: outbound.verifyTls !== false, lookup: pinnedLookup(pinned) } })
      : undefined
    try {
      const response = await request(url, {
        method: outbound.method.toUpperCase() as 'GET',
        headers: outbound.headers,
        body: outbound.body,
        signal,
        dispatcher: pinnedAgent ?? (outbound.verifyTls === false ? lenient : verifying),
      })
      const chunks: Buffer[] = []
      let size = 0
      for await (const chunk of response.body) {
        size += (chunk as Buffer).length
        if (size > cap) {
          response.body.destroy()
          throw new OperationalError(
            'SLC_OUTBOUND_FAILED',
            `the answer of ${redactUrl(url)} is larger than ${cap} bytes`,
          )
        }
        chunks.push(chunk as Buffer)
      }
      return {
        status: response.statusCode,
        headers: response.headers as OutboundResponse['headers'],
        body: Buffer.concat(chunks).toString('utf8'),
      }
    } catch (error) {
      if (error instanceof OperationalError) throw error
      if (signal.aborted) {
        throw new OperationalError(
          'SLC_OUTBOUND_FAILED',
          `${redactUrl(url)} did not answer within ${timeoutMs} ms`,
          error,
        )
      }
      throw new OperationalError('SLC_OUTBOUND_FAILED', `${redactUrl(url)}: ${describeTransportError(error)}`, error)
    } finally {
      void pinnedAgent?.close()
    }
  }
}

/** A transport error as a short text: the socket error code when there is one. */
function describeTransportError(error: unknown): string {
  const err = error as { code?: string; message?: string; cause?: { code?: string; message?: string } }
  const code = err.code ?? err.cause?.code
  const message = err.message ?? String(error)
  return code && !message.includes(code) ? `${code} ${message}` : message
}

/**
 * A process's own Prometheus scrape endpoint (issue #4 point 8, docs/queue.md "Metrics"):
 * `GET /metrics` on a bare node:http server, for `sluice worker` (which serves no other HTTP)
 * and, optionally, `sluice serve`. Run counters live in the process that ran the workflows, so in
 * a distributed set-up each process is its own scrape target; Prometheus' `instance` label tells
 * them apart.
 *
 *   --metrics-port N   (SLUICE_METRICS_PORT)  off when absent; 0 picks any free port
 *   --metrics-host H   (SLUICE_METRICS_HOST)  default 127.0.0.1
 *   SLUICE_METRICS_TOKEN                      bearer token; required off loopback
 *
 * On loopback there is no authentication by default (only local processes reach it); on any other
 * address the process refuses to start without a token, which is then compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { type AddressInfo, isIPv4, isIPv6 } from 'node:net'
import { OperationalError, UserError } from '../errors.ts'
import { PROMETHEUS_CONTENT_TYPE } from '../platform/metrics/prometheus-text.ts'

/** Where the metrics endpoint listens unless `--metrics-host` says otherwise. */
export const DEFAULT_METRICS_HOST = '127.0.0.1'

/** The path Prometheus scrapes by default. */
const METRICS_PATH = '/metrics'

/** The metrics flags `sluice worker` and `sluice serve` share. */
export interface MetricsFlags {
  metricsPort?: string
  metricsHost?: string
}

/** A resolved endpoint: where to listen, and the bearer token scrapers must send, if any. */
export interface MetricsEndpoint {
  host: string
  /** 0: any free port (the started server's `url` names the one chosen). */
  port: number
  token?: string
}

/** What the endpoint renders: the platform's Prometheus exposition (absent on hosts without metrics). */
export interface MetricsSource {
  prometheusText?(): Promise<string>
}

/** A listening endpoint. */
export interface MetricsServer {
  /** `http://host:port/metrics`, with the port actually bound. */
  url: string
  /** Stops listening and drops open (keep-alive) connections. */
  close(): Promise<void>
}

/** Whether `host` can only be reached from this machine: `localhost`, 127.0.0.0/8 or ::1. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase()
  if (bare === 'localhost') return true
  const ipv4 = bare.replace(/^::ffff:/, '')
  if (isIPv4(ipv4)) return ipv4.startsWith('127.')
  return isIPv6(bare) && /^(0{0,4}:){7}0{0,3}1$|^::1$/.test(bare)
}

/** Parses `--metrics-port` (or `SLUICE_METRICS_PORT`): 0 to 65535, 0 meaning any free port. */
export function parseMetricsPort(text: string): number {
  const port = Number(text)
  if (!/^[0-9]{1,5}$/.test(text) || port > 65535) {
    throw new UserError(
      'SLC_VALIDATION',
      `--metrics-port ${text}: expected a port number from 0 to 65535 (0: any free port)`,
    )
  }
  return port
}

/**
 * The endpoint the flags (over `SLUICE_METRICS_*`) ask for, or undefined when no port is given.
 * Checked before the command opens anything, so that a bad flag stops the start at once.
 */
export function resolveMetricsEndpoint(flags: MetricsFlags, env: NodeJS.ProcessEnv): MetricsEndpoint | undefined {
  const portText = flags.metricsPort ?? (env.SLUICE_METRICS_PORT || undefined)
  if (portText === undefined) {
    // The flag alone would silently serve nothing; the variable may be set for every command.
    if (flags.metricsHost !== undefined) {
      throw new UserError('SLC_VALIDATION', '--metrics-host: needs --metrics-port (or SLUICE_METRICS_PORT)')
    }
    return undefined
  }
  const port = parseMetricsPort(portText)
  // `[::1]` as in a URL; node:http listens on the bare address.
  const host = (flags.metricsHost ?? (env.SLUICE_METRICS_HOST || DEFAULT_METRICS_HOST)).replace(/^\[(.*)\]$/, '$1')
  if (host.trim() === '') throw new UserError('SLC_VALIDATION', '--metrics-host: empty')
  const token = env.SLUICE_METRICS_TOKEN || undefined
  if (token === undefined && !isLoopbackHost(host)) {
    throw new UserError(
      'SLC_VALIDATION',
      `--metrics-host ${host}: not a loopback address, so the metrics endpoint needs a bearer token; set SLUICE_METRICS_TOKEN (or keep --metrics-host 127.0.0.1)`,
    )
  }
  return { host, port, token }
}

/** Whether the `Authorization` header carries `Bearer <token>`, compared in constant time. */
export function hasBearerToken(header: string | undefined, token: string): boolean {
  const match = /^bearer\s+(.+)$/i.exec((header ?? '').trim())
  // Hashing first gives both sides the same length, which timingSafeEqual needs, without
  // revealing the token's length through an early return.
  const sent = createHash('sha256')
    .update(match?.[1]?.trim() ?? '')
    .digest()
  const expected = createHash('sha256').update(token).digest()
  return timingSafeEqual(sent, expected) && match !== null
}

function send(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers }).end(`${text}\n`)
}

async function answer(
  request: IncomingMessage,
  response: ServerResponse,
  endpoint: MetricsEndpoint,
  source: MetricsSource,
  onError: (error: unknown) => void,
) {
  // Authentication comes first: without the token nothing, not even which paths exist, is told.
  if (endpoint.token !== undefined && !hasBearerToken(request.headers.authorization, endpoint.token)) {
    return send(response, 401, 'Unauthorized', { 'WWW-Authenticate': 'Bearer realm="sluice metrics"' })
  }
  if (new URL(request.url ?? '/', 'http://metrics').pathname !== METRICS_PATH) return send(response, 404, 'Not Found')
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return send(response, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' })
  }
  if (!source.prometheusText) return send(response, 404, 'This process keeps no metrics.')
  try {
    const text = await source.prometheusText()
    response.writeHead(200, { 'Content-Type': PROMETHEUS_CONTENT_TYPE }).end(text)
  } catch (error) {
    // The queue depth comes from Redis or the database: an outage fails the scrape, visibly.
    onError(error)
    send(response, 503, 'Metrics unavailable: the queue or the database did not answer.')
  }
}

/** The printable URL of a bound address (IPv6 in brackets). */
function urlOf(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return `http://${host}:${address.port}${METRICS_PATH}`
}

/** Starts serving `source` at `endpoint`; `onError` hears of scrapes that failed to render. */
export async function startMetricsServer(
  endpoint: MetricsEndpoint,
  source: MetricsSource,
  onError: (error: unknown) => void,
): Promise<MetricsServer> {
  const server = createServer((request, response) => {
    answer(request, response, endpoint, source, onError).catch((error) => {
      onError(error)
      if (!response.headersSent) send(response, 500, 'Internal Server Error')
    })
  })
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(endpoint.port, endpoint.host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (error) {
    throw listenError(error, endpoint)
  }
  return {
    url: urlOf(server.address() as AddressInfo),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        // Prometheus keeps its connection open between scrapes; close() alone would wait for it.
        server.closeAllConnections()
      }),
  }
}

/** A port in use or an address not on this machine is the operator's to fix: say which flag. */
function listenError(error: unknown, endpoint: MetricsEndpoint): unknown {
  const code = (error as NodeJS.ErrnoException).code
  const reasons: Record<string, string> = {
    EADDRINUSE: 'the port is in use',
    EACCES: 'permission denied',
    EADDRNOTAVAIL: 'no such address',
    ENOTFOUND: 'no such host',
  }
  const reason = code === undefined ? undefined : reasons[code]
  if (reason === undefined) return error
  return new OperationalError(
    'SLC_LISTEN',
    `Cannot serve metrics on ${endpoint.host}:${endpoint.port}: ${reason}; choose another with --metrics-host/--metrics-port (or SLUICE_METRICS_HOST/SLUICE_METRICS_PORT)`,
    error,
  )
}

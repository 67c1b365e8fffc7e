/**
 * `sluice serve`: the MISP-compatible server over the embedded SQLite store (or PostgreSQL with
 * `--db postgres://…`), as issue #3 and ARCHITECTURE.md §3 describe. Options come from the flags,
 * then `SLUICE_HOST`, `SLUICE_PORT`, `SLUICE_DATA`, `SLUICE_DB`, then the defaults;
 * `--enrichment-url` (`SLUICE_ENRICHMENT_URL`) points the enrichment settings at misp-modules. It holds the
 * data folder's lock, creates and migrates the database, bootstraps the host organisation and a
 * site admin (printing the API key once, or taking `SLUICE_ADMIN_KEY`), and shuts down cleanly
 * on SIGINT/SIGTERM. `--metrics-port` adds the unauthenticated loopback `GET /metrics` that
 * `sluice worker` serves (../metrics-server.ts); `/sluice/metrics` with an admin key stays.
 */
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import pino from 'pino'
import { buildApp, parseTrustedProxies } from '../../api/index.ts'
import { OperationalError, UserError } from '../../errors.ts'
import { acquireDataLock } from '../data-lock.ts'
import { type MetricsFlags, resolveMetricsEndpoint, startMetricsServer } from '../metrics-server.ts'
import { describeQueue, openQueue, parseConcurrency, parseQueueUrl, type QueueTarget } from '../open-queue.ts'

/** How often `serve` purges the run history by its retention settings. */
const RUN_PURGE_INTERVAL_MS = 10 * 60_000

/** The flags of `sluice serve` (each may be absent). */
export interface ServeFlags extends MetricsFlags {
  host?: string
  port?: string
  data?: string
  db?: string
  /** The folder of MISP blueprint files `/workflowBlueprints/update` loads. */
  blueprints?: string
  /** Where deferred work goes: `embedded` (default) or `redis://…` (open-queue.ts). */
  queue?: string
  /** Jobs this process runs at once (embedded queue). */
  concurrency?: string
  /** Where misp-modules answers enrichment queries (`http://host:port`). */
  enrichmentUrl?: string
  /** Reverse proxies trusted for the client's address (src/api/trusted-proxies.ts). */
  trustProxy?: string
}

/** The resolved settings. */
export interface ServeSettings {
  host: string
  port: number
  dataDir: string
  dbUrl: string
  adminKey?: string
  /** `--blueprints` or `SLUICE_BLUEPRINTS_DIR`, resolved. */
  blueprintsDir?: string
  /** `--queue` or `SLUICE_QUEUE`, parsed. */
  queue: QueueTarget
  /** `--concurrency` or `SLUICE_QUEUE_CONCURRENCY`. */
  concurrency: number
  /** `--enrichment-url` or `SLUICE_ENRICHMENT_URL`: written to the enrichment settings at start. */
  enrichmentUrl?: string
  /** `--trust-proxy` or `SLUICE_TRUST_PROXY`, parsed: none by default. */
  trustedProxies: string[]
}

/** Flags over environment over defaults (`127.0.0.1`, `8080`, `./data`, `<data>/sluice.sqlite`). */
export function resolveServeSettings(flags: ServeFlags, env: NodeJS.ProcessEnv): ServeSettings {
  const host = flags.host ?? env.SLUICE_HOST ?? '127.0.0.1'
  const portText = flags.port ?? env.SLUICE_PORT ?? '8080'
  const port = Number(portText)
  if (!/^[0-9]+$/.test(portText) || port > 65535) {
    throw new UserError('SLC_VALIDATION', `--port ${portText}: not a port number (0–65535)`)
  }
  const dataDir = resolve(flags.data ?? env.SLUICE_DATA ?? './data')
  const dbUrl = flags.db ?? env.SLUICE_DB ?? join(dataDir, 'sluice.sqlite')
  const adminKey = env.SLUICE_ADMIN_KEY || undefined
  const blueprintsText = flags.blueprints ?? (env.SLUICE_BLUEPRINTS_DIR || undefined)
  const blueprintsDir = blueprintsText === undefined ? undefined : resolve(blueprintsText)
  const queue = parseQueueUrl(flags.queue ?? (env.SLUICE_QUEUE || undefined))
  const concurrency = parseConcurrency(flags.concurrency ?? (env.SLUICE_QUEUE_CONCURRENCY || undefined))
  const enrichmentUrl = flags.enrichmentUrl ?? (env.SLUICE_ENRICHMENT_URL || undefined)
  const trustedProxies = parseTrustedProxies(flags.trustProxy ?? env.SLUICE_TRUST_PROXY)
  return { host, port, dataDir, dbUrl, adminKey, blueprintsDir, queue, concurrency, enrichmentUrl, trustedProxies }
}

/** The built web app (`npm run build:web`), served at `/` (issue #6). */
const WEB_ROOT = fileURLToPath(new URL('../../../web/dist', import.meta.url))

/** Hides the password of a PostgreSQL URL for the log. */
/** Starts listening; a port in use or not allowed is the operator's to fix, so say which and how. */
async function listen(app: ReturnType<typeof buildApp>, host: string, port: number): Promise<string> {
  try {
    return await app.listen({ host, port })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      const reason =
        code === 'EADDRINUSE' ? 'the port is in use' : code === 'EACCES' ? 'permission denied' : 'no such address'
      throw new OperationalError(
        'SLC_LISTEN',
        `Cannot listen on ${host}:${port}: ${reason}; choose another with --host/--port (or SLUICE_HOST/SLUICE_PORT)`,
        error,
      )
    }
    throw error
  }
}

/** Runs the server until SIGINT/SIGTERM; resolves with the exit code. */
export async function serveCommand(flags: ServeFlags, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const settings = resolveServeSettings(flags, env)
  const metricsEndpoint = resolveMetricsEndpoint(flags, env)
  const logger = pino({ name: 'sluice', level: env.SLUICE_LOG_LEVEL ?? 'info' })
  mkdirSync(settings.dataDir, { recursive: true })
  const lock = acquireDataLock(settings.dataDir)
  const cleanups: Array<() => Promise<void> | void> = [() => lock.release()]
  const shutdown = async () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup()
      } catch (error) {
        logger.error({ err: error }, 'error during shutdown')
      }
    }
  }
  try {
    // Loaded once the lock is held: a second process fails fast, before opening any database.
    const { describeDatabase, openDatabase } = await import('../../store/index.ts')
    const { bootstrap, createPlatform, enrichmentLocationSettings } = await import('../../platform/index.ts')
    // Checked before anything is opened: a mistyped URL stops the start, naming the flag.
    const enrichment = settings.enrichmentUrl === undefined ? [] : enrichmentLocationSettings(settings.enrichmentUrl)
    const store = await openDatabase(settings.dbUrl)
    cleanups.push(() => store.close())
    // Embedded: this process drains the jobs table. Redis: it relays jobs; `sluice worker`s run them.
    const queue = await openQueue(settings.queue, store, {
      concurrency: settings.concurrency,
      onJobError: (error) => logger.warn({ err: error }, 'deferred workflow job failed'),
    })
    const platform = createPlatform({
      store,
      blueprintsDir: settings.blueprintsDir,
      queue,
      isWorker: settings.queue.kind === 'embedded',
      isDrainedOnClose: false,
      // The run history's retention settings are applied every 10 minutes (docs/runs.md).
      purgeRunsEveryMs: RUN_PURGE_INTERVAL_MS,
    })
    const closable = platform as { close?: () => Promise<void> | void }
    if (typeof closable.close === 'function') cleanups.push(() => closable.close?.())
    const { apiKey } = await bootstrap(platform, { adminKey: settings.adminKey })
    // A key the operator chose (SLUICE_ADMIN_KEY) is not echoed into the output and its logs.
    if (apiKey && apiKey !== settings.adminKey) {
      process.stdout.write(`Site admin API key (shown once, keep it): ${apiKey}\n`)
    } else if (apiKey) {
      process.stdout.write('Site admin created with the API key from SLUICE_ADMIN_KEY.\n')
    }
    // The operator's URL wins over what the settings page saved, on every start (docs/outbound.md).
    for (const [name, value] of enrichment) await platform.settings.set(name, value)
    // misp-modules' action modules join the catalogue when the action service is on (docs/outbound.md).
    await platform.loadMispModules()
    const app = buildApp({
      platform,
      logger,
      version: env.npm_package_version,
      webRoot: WEB_ROOT,
      trustedProxies: settings.trustedProxies,
    })
    cleanups.push(() => app.close())
    const address = await listen(app, settings.host, settings.port)
    process.stdout.write(
      `Sluice listening on ${address} (data ${settings.dataDir}, database ${describeDatabase(settings.dbUrl)}, queue ${describeQueue(settings.queue)})\n`,
    )
    if (metricsEndpoint) {
      const metrics = await startMetricsServer(metricsEndpoint, platform, (error) =>
        logger.warn({ err: error }, 'metrics scrape failed'),
      )
      cleanups.push(() => metrics.close())
      process.stdout.write(`Sluice metrics at ${metrics.url}\n`)
    }
  } catch (error) {
    await shutdown()
    throw error
  }
  return new Promise<number>((resolvePromise) => {
    let isStopping = false
    const stop = (signal: NodeJS.Signals) => {
      if (isStopping) return
      isStopping = true
      logger.info({ signal }, 'shutting down')
      shutdown().then(() => resolvePromise(0))
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
}

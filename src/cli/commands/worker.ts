/**
 * `sluice worker`: a process that only runs deferred work (issue #4, ARCHITECTURE.md §3): the
 * non-blocking trigger runs and concurrent-task walks that `sluice serve` processes queue. It
 * opens the shared PostgreSQL database (`--db`, env `SLUICE_DB`) and takes jobs from BullMQ
 * (`--queue redis://…`) or straight from the database's `jobs` table (`--queue embedded`). It
 * serves no API; with `--metrics-port` (env `SLUICE_METRICS_PORT`) it serves its own run
 * metrics at `GET /metrics` for Prometheus (../metrics-server.ts), since the runs it makes show
 * in no server's `/sluice/metrics`. SIGINT/SIGTERM: it stops serving metrics, finishes the jobs
 * it runs and exits; queued jobs stay.
 *
 * An embedded SQLite data folder has one process (`sluice serve` holds its lock and drains its
 * queue itself), so a worker refuses a SQLite database.
 */
import pino from 'pino'
import { UserError } from '../../errors.ts'
import { type MetricsFlags, type MetricsServer, resolveMetricsEndpoint, startMetricsServer } from '../metrics-server.ts'
import { describeQueue, openQueue, parseConcurrency, parseQueueUrl } from '../open-queue.ts'

/** The flags of `sluice worker`. */
export interface WorkerFlags extends MetricsFlags {
  db?: string
  queue?: string
  concurrency?: string
}

/** Runs jobs until SIGINT/SIGTERM; resolves with the exit code. */
export async function workerCommand(flags: WorkerFlags, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const dbUrl = flags.db ?? env.SLUICE_DB
  if (!dbUrl || !/^postgres(ql)?:\/\//i.test(dbUrl)) {
    throw new UserError(
      'SLC_VALIDATION',
      '--db: sluice worker needs the PostgreSQL database of the servers (postgres://…); an embedded SQLite server runs its own jobs',
    )
  }
  const target = parseQueueUrl(flags.queue ?? (env.SLUICE_QUEUE || undefined))
  const concurrency = parseConcurrency(flags.concurrency ?? (env.SLUICE_QUEUE_CONCURRENCY || undefined))
  const metricsEndpoint = resolveMetricsEndpoint(flags, env)
  const logger = pino({ name: 'sluice-worker', level: env.SLUICE_LOG_LEVEL ?? 'info' })
  const { describeDatabase, openDatabase } = await import('../../store/index.ts')
  const { createPlatform } = await import('../../platform/index.ts')
  const store = await openDatabase(dbUrl)
  let platform: Awaited<ReturnType<typeof createPlatform>> | undefined
  let metricsServer: MetricsServer | undefined
  try {
    const queue = await openQueue(target, store, {
      concurrency,
      onJobError: (error) => logger.warn({ err: error }, 'deferred workflow job failed'),
    })
    platform = createPlatform({ store, queue, isWorker: true, isDrainedOnClose: false })
    await platform.settings.load()
    await platform.loadMispModules?.()
    if (metricsEndpoint) {
      metricsServer = await startMetricsServer(metricsEndpoint, platform, (error) =>
        logger.warn({ err: error }, 'metrics scrape failed'),
      )
    }
  } catch (error) {
    await platform?.close()
    await store.close()
    throw error
  }
  process.stdout.write(
    `Sluice worker running ${concurrency} job(s) at a time (database ${describeDatabase(dbUrl)}, queue ${describeQueue(target)})\n`,
  )
  if (metricsServer) process.stdout.write(`Sluice metrics at ${metricsServer.url}\n`)
  const running = platform
  const metrics = metricsServer
  return new Promise<number>((resolvePromise) => {
    let isStopping = false
    const stop = (signal: NodeJS.Signals) => {
      if (isStopping) return
      isStopping = true
      logger.info({ signal }, 'shutting down')
      // Metrics go first: a scrape during shutdown would read a queue being closed.
      Promise.resolve(metrics?.close())
        .then(() => running.close())
        .catch((error) => logger.error({ err: error }, 'error during shutdown'))
        .then(() => store.close())
        .then(() => resolvePromise(0))
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
}

#!/usr/bin/env node
/**
 * The `sluice` command line (ARCHITECTURE.md §5). Wiring happens here and nowhere else.
 * Exit codes: 0 success, 1 a run that was blocked or failed, 2 bad input.
 */
import { Command, CommanderError } from 'commander'
import { modulesCommand } from './commands/modules.ts'
import { runCommand } from './commands/run.ts'
import { validateCommand } from './commands/validate.ts'

// `sluice serve` and `sluice worker` share the Prometheus endpoint's flags (metrics-server.ts).
const METRICS_PORT_FLAG = '--metrics-port <port>'
const METRICS_PORT_HELP =
  'serve GET /metrics (Prometheus) on this port, 0 for any free port (env SLUICE_METRICS_PORT, default off)'
const METRICS_HOST_FLAG = '--metrics-host <host>'
const METRICS_HOST_HELP =
  'address of /metrics (env SLUICE_METRICS_HOST, default 127.0.0.1); off loopback it needs SLUICE_METRICS_TOKEN'

const program = new Command()
  .name('sluice')
  .description('Run MISP workflows and blueprints with MISP’s results.')
  .exitOverride()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) })

program
  .command('run')
  .description('run one workflow (record, graph or blueprint) on one trigger payload')
  .argument('<workflow>', 'workflow JSON file: a workflow record, a bare graph, or a blueprint')
  .requiredOption('--data <file>', 'the raw trigger data (JSON), as MISP hands it to the trigger')
  .option('--trigger <id>', 'the trigger to fire (default: the workflow’s own trigger)')
  .option('--modules <dir>', 'a directory of custom modules (.ts/.js) to load')
  .option('--json', 'print the result as one JSON object')
  .option(
    '--setting <name=value>',
    'an outbound setting for HTTP, ZeroMQ and misp-modules actions, e.g. Sluice.outbound_allow_list=127.0.0.1 (repeatable; docs/outbound.md)',
    (entry: string, all: string[] = []) => [...all, entry],
  )
  .action(async (workflow, options) => {
    process.exitCode = await runCommand(workflow, options)
  })

program
  .command('validate')
  .description('check workflows, graphs and blueprints with MISP’s save-time rules')
  .argument('<files...>', 'JSON files to check')
  .option('--modules <dir>', 'a directory of custom modules (.ts/.js) to load')
  .option('--json', 'print the verdicts as JSON')
  .action(async (files, options) => {
    process.exitCode = await validateCommand(files, options)
  })

program
  .command('modules')
  .description('list the module catalogue')
  .option('--type <type>', 'only trigger, logic or action modules')
  .option('--modules <dir>', 'a directory of custom modules (.ts/.js) to load')
  .option('--json', 'print MISP’s module descriptors as JSON')
  .action(async (options) => {
    process.exitCode = await modulesCommand(options)
  })

program
  .command('serve')
  .description('start the MISP-compatible server with its embedded store (or PostgreSQL with --db)')
  .option('--host <host>', 'address to listen on (env SLUICE_HOST, default 127.0.0.1)')
  .option('--port <port>', 'port to listen on, 0 for any free port (env SLUICE_PORT, default 8080)')
  .option('--data <dir>', 'data folder, locked while serving (env SLUICE_DATA, default ./data)')
  .option('--db <url>', 'database: a SQLite file or postgres://… (env SLUICE_DB, default <data>/sluice.sqlite)')
  .option(
    '--blueprints <dir>',
    'folder of MISP blueprint files for /workflowBlueprints/update (env SLUICE_BLUEPRINTS_DIR)',
  )
  .option(
    '--queue <url>',
    'deferred work: embedded (the database’s jobs table) or redis://… for BullMQ (env SLUICE_QUEUE)',
  )
  .option('--concurrency <n>', 'deferred jobs run at once by this process (env SLUICE_QUEUE_CONCURRENCY, default 4)')
  .option(
    '--enrichment-url <url>',
    'misp-modules for enrichment, e.g. http://127.0.0.1:6666; turns the service on (env SLUICE_ENRICHMENT_URL)',
  )
  .option(
    '--trust-proxy <list>',
    'reverse proxies (addresses, CIDR ranges, loopback…) whose X-Forwarded-For names the client (env SLUICE_TRUST_PROXY)',
  )
  .option(METRICS_PORT_FLAG, METRICS_PORT_HELP)
  .option(METRICS_HOST_FLAG, METRICS_HOST_HELP)
  .action(async (options) => {
    // Imported here so that the other commands never load the server and its database drivers.
    const { serveCommand } = await import('./commands/serve.ts')
    process.exitCode = await serveCommand(options)
  })

program
  .command('worker')
  .description('run deferred workflow jobs (non-blocking triggers, concurrent tasks) for sluice serve processes')
  .option('--db <url>', 'the PostgreSQL database the servers use (env SLUICE_DB)')
  .option('--queue <url>', 'embedded (the database’s jobs table) or redis://… for BullMQ (env SLUICE_QUEUE)')
  .option('--concurrency <n>', 'jobs run at once (env SLUICE_QUEUE_CONCURRENCY, default 4)')
  .option(METRICS_PORT_FLAG, METRICS_PORT_HELP)
  .option(METRICS_HOST_FLAG, METRICS_HOST_HELP)
  .action(async (options) => {
    const { workerCommand } = await import('./commands/worker.ts')
    process.exitCode = await workerCommand(options)
  })

program
  .command('import')
  .description('import MISP event JSON files or a MISP feed directory as a pull (event-after-save-new-from-pull)')
  .argument('<path>', 'a MISP event JSON file, or a directory: a feed (manifest.json + <uuid>.json) or *.json files')
  .option('--data <dir>', 'data folder, locked while importing (env SLUICE_DATA, default ./data)')
  .option('--db <url>', 'database: a SQLite file or postgres://… (env SLUICE_DB, default <data>/sluice.sqlite)')
  .option('--json', 'print the import report as JSON')
  .action(async (path, options) => {
    const { importCommand } = await import('./commands/import.ts')
    process.exitCode = await importCommand(path, options)
  })

program
  .command('feeds')
  .description('MISP feeds (docs/feeds.md)')
  .command('cache')
  .description('cache the feeds that have caching enabled, as /feeds/cacheFeeds does')
  .argument('[scope]', 'a feed id, all, freetext (freetext and CSV feeds), csv or misp', 'all')
  .option('--data <dir>', 'data folder, locked meanwhile (env SLUICE_DATA, default ./data)')
  .option('--db <url>', 'database: a SQLite file or postgres://… (env SLUICE_DB, default <data>/sluice.sqlite)')
  .option('--json', 'print each feed’s result as JSON')
  .action(async (scope, options) => {
    const { feedsCacheCommand } = await import('./commands/feeds.ts')
    process.exitCode = await feedsCacheCommand(scope, options)
  })

const queueCommand = program.command('queue').description('the deferred-work queue’s dead jobs (docs/queue.md)')
for (const [action, description] of [
  ['retry', 'put dead jobs back in the queue, with all their attempts again'],
  ['discard', 'remove dead jobs and their stored inputs'],
] as const) {
  queueCommand
    .command(action)
    .description(description)
    .argument('[ids...]', 'dead jobs as GET /sluice/queue lists them')
    .option('--all', 'every dead job')
    .option('--data <dir>', 'data folder, locked meanwhile (env SLUICE_DATA, default ./data)')
    .option('--db <url>', 'database: a SQLite file or postgres://… (env SLUICE_DB, default <data>/sluice.sqlite)')
    .option('--queue <url>', 'embedded (the database’s jobs table) or redis://… for BullMQ (env SLUICE_QUEUE)')
    .action(async (ids, options) => {
      const { queueActionCommand } = await import('./commands/queue.ts')
      process.exitCode = await queueActionCommand(action, ids, options)
    })
}

try {
  await program.parseAsync(process.argv)
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2
  } else {
    const code = (error as { code?: string }).code
    const known = typeof code === 'string' && code.startsWith('SLC_')
    process.stderr.write(`sluice: ${(error as Error).message ?? String(error)}\n`)
    if (!known && process.env.SLUICE_DEBUG) process.stderr.write(`${(error as Error).stack}\n`)
    process.exitCode = known && code !== 'SLC_INTERNAL' ? 2 : 70
  }
}

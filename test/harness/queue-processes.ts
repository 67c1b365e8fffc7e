/**
 * Real processes and peers for the queue's crash tests (issue #4): `sluice serve` and
 * `sluice worker` children that can be SIGKILLed, a webhook receiver on 127.0.0.1 that records
 * what deferred runs send it, the seeding of a data folder with a non-blocking workflow, and
 * the whole set-up of an embedded or a distributed (PostgreSQL + BullMQ) process test.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPlatform, bootstrap } from '../../src/platform/index.ts'
import { deleteBullmqQueue } from '../../src/queue/bullmq/bullmq-job-queue.ts'
import { expect } from 'vitest'
import { findRun, openDatabase, type Store } from '../../src/store/index.ts'
import { NODE_24, REPO_ROOT } from './cli.ts'
import { adminQuery } from './databases.ts'
import { buildGraph } from './graph-builder.ts'

/** A running `sluice` child. */
export interface SluiceProcess {
  child: ChildProcess
  output(): string
  /** Resolves with the first match of `pattern` in stdout (rejects after `timeoutMs` or on exit). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>
  /** SIGKILL: no cleanup, no shutdown hook, as a crash. */
  kill(): Promise<void>
  /** SIGTERM and wait for the exit. */
  stop(): Promise<number | null>
}

/** Starts `sluice <args…>` with the project's Node 24. */
export function startSluice(args: string[], env: Record<string, string> = {}): SluiceProcess {
  const child = spawn(NODE_24, ['src/cli/main.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1', SLUICE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
  })
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return {
    child,
    output: () => `${stdout}\n${stderr}`,
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ${pattern} in ${timeoutMs} ms:\n${stdout}\n${stderr}`)),
          timeoutMs,
        )
        const check = () => {
          const match = pattern.exec(stdout)
          if (match) {
            clearTimeout(timer)
            child.stdout!.off('data', check)
            resolve(match)
          }
        }
        child.stdout!.on('data', check)
        check()
        exited.then((code) => {
          clearTimeout(timer)
          reject(new Error(`sluice ${args[0]} exited with ${code}:\n${stdout}\n${stderr}`))
        })
      })
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await exited
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      return exited
    },
  }
}

/** An HTTP receiver of webhook posts: counts each marker `crash-<n>` it sees in a body. */
export interface WebhookReceiver {
  url: string
  /** How many posts arrived (duplicates included). */
  posts(): number
  /** The distinct markers seen. */
  markers(): Set<string>
  close(): Promise<void>
}

/** Starts a receiver that answers each post after `delayMs` (so that a drain takes a while). */
export async function startWebhookReceiver(delayMs: number): Promise<WebhookReceiver> {
  let posts = 0
  const markers = new Set<string>()
  const server: Server = createServer((request, response) => {
    let body = ''
    request.setEncoding('utf8').on('data', (chunk: string) => {
      body += chunk
    })
    request.on('end', () => {
      posts++
      for (const match of body.matchAll(/crash-(\d+)\.example/g)) markers.add(match[1]!)
      setTimeout(() => response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}'), delayMs)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hook`,
    posts: () => posts,
    markers: () => markers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/**
 * Seeds `store` for the crash tests: the site admin with `adminKey`, workflows on, and an
 * `attribute-after-save` workflow (non-blocking) that posts each saved attribute to `hookUrl`.
 */
export async function seedWebhookWorkflow(store: Store, adminKey: string, hookUrl: string): Promise<void> {
  const platform = createPlatform({ store })
  try {
    await bootstrap(platform, { adminKey })
    await platform.settings.set('Plugin.Workflow_enable', true)
    await platform.settings.set('Plugin.Workflow_triggers_attribute-after-save', true)
    await platform.settings.set('Sluice.outbound_allow_list', '127.0.0.1')
    const enabled = platform.settings.get('Workflow.modules_enabled')
    const ids = Array.isArray(enabled) ? enabled : []
    if (!ids.includes('webhook')) await platform.settings.set('Workflow.modules_enabled', [...ids, 'webhook'])
    await platform.workflows.install({
      id: 0,
      name: 'Post every saved attribute',
      trigger_id: 'attribute-after-save',
      data: buildGraph([
        { id: 1, module: 'attribute-after-save', type: 'trigger', outputs: { output_1: [2] } },
        {
          id: 2,
          module: 'webhook',
          type: 'action',
          params: { url: hookUrl, content_type: 'json', request_method: 'post' },
        },
      ]),
    })
  } finally {
    await platform.close()
  }
}

/** Polls `check` every 100 ms until it holds or `timeoutMs` passes (then throws `message()`). */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, message: () => string) {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(message())
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/**
 * What a process test starts from: a data folder for `serve`, a database holding the webhook
 * workflow (seedWebhookWorkflow), the receiver, and the `sluice` children started through
 * `start`, which `cleanup` kills before it removes the rest.
 */
export interface ProcessSetUp {
  /** The seeded database: the folder's SQLite file, or a distributed set-up's PostgreSQL database. */
  dbUrl: string
  folder: string
  receiver: WebhookReceiver
  start(args: string[], env?: Record<string, string>): SluiceProcess
  cleanup(): Promise<void>
}

/** A distributed (PostgreSQL + BullMQ) set-up: a fresh database and a BullMQ queue of its own. */
export interface DistributedSetUp extends ProcessSetUp {
  /** The Redis URL with `?queue=<a name of this test's own>`. */
  queueUrl: string
}

/** Names the set-up's folder (and database, queue); the receiver answers after `receiverDelayMs`. */
interface SetUpOptions {
  name: string
  adminKey: string
  receiverDelayMs: number
}

/** The shared part: `dbUrlOf` names the database of the folder; `dropStore` removes what it made elsewhere. */
async function openProcessSetUp(
  options: SetUpOptions,
  dbUrlOf: (folder: string) => string,
  dropStore: () => Promise<void>,
): Promise<ProcessSetUp> {
  const processes: SluiceProcess[] = []
  const folder = mkdtempSync(join(tmpdir(), `sluice-${options.name}-`))
  const dbUrl = dbUrlOf(folder)
  let receiver: WebhookReceiver | undefined
  const cleanup = async () => {
    for (const child of processes.splice(0)) await child.kill()
    await receiver?.close()
    rmSync(folder, { recursive: true, force: true })
    await dropStore()
  }
  try {
    receiver = await startWebhookReceiver(options.receiverDelayMs)
    const seeding = await openDatabase(dbUrl)
    await seedWebhookWorkflow(seeding, options.adminKey, receiver.url).finally(() => seeding.close())
  } catch (error) {
    await cleanup()
    throw error
  }
  return {
    dbUrl,
    folder,
    receiver,
    start(args, env = {}) {
      const child = startSluice(args, env)
      processes.push(child)
      return child
    },
    cleanup,
  }
}

/** An embedded set-up: `serve --data <folder>` on the folder's SQLite file. */
export function openEmbeddedSetUp(options: SetUpOptions): Promise<ProcessSetUp> {
  return openProcessSetUp(
    options,
    (folder) => join(folder, 'sluice.sqlite'),
    async () => {},
  )
}

/** A distributed set-up on the PostgreSQL server `adminUrl` and the Redis at `redisUrl`. */
export async function openDistributedSetUp(
  options: SetUpOptions & { adminUrl: string; redisUrl: string },
): Promise<DistributedSetUp> {
  const { adminUrl, redisUrl, name } = options
  const suffix = Math.random().toString(36).slice(2, 10)
  const database = `sluice_${name}_${suffix}`
  const queueName = `sluice-${name}-${suffix}`
  await adminQuery(adminUrl, `CREATE DATABASE ${database}`)
  const url = new URL(adminUrl)
  url.pathname = `/${database}`
  const setUp = await openProcessSetUp(
    options,
    () => url.toString(),
    async () => {
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
      await deleteBullmqQueue(redisUrl, queueName)
    },
  )
  return { ...setUp, queueUrl: `${redisUrl}${redisUrl.includes('?') ? '&' : '?'}queue=${queueName}` }
}

/**
 * After a crash test: no job is left, the workflow counted at least `runs` runs, and the run
 * history holds a run for each of the `runs` attributes (`crash-<n>.example`). At least once:
 * a run the kill interrupted after its count may be counted and recorded again.
 */
export async function expectEveryRunRecorded(db: Store['db'], runs: number): Promise<void> {
  expect(await db.selectFrom('jobs').select(['status', 'last_error']).execute()).toEqual([])
  const workflow = await db.withSchema('runtime').selectFrom('workflows').select('counter').executeTakeFirstOrThrow()
  expect(Number(workflow.counter)).toBeGreaterThanOrEqual(runs)
  // Each run's input as the history answers it (a deferred run's points at its job's stored input).
  const ids = await db
    .withSchema('runtime')
    .selectFrom('runs')
    .select('id')
    .where('trigger_id', '=', 'attribute-after-save')
    .execute()
  const recorded = await Promise.all(ids.map(async ({ id }) => (await findRun(db, id))!))
  const markers = new Set(recorded.flatMap((run) => [...run.input.matchAll(/crash-(\d+)\.example/g)].map((m) => m[1])))
  expect(markers.size).toBe(runs)
  expect(recorded.length).toBeGreaterThanOrEqual(runs)
}

/**
 * A worker process of the distributed deferred benchmark (bench/deferred.ts): `sluice worker`
 * with the benchmark's registry (the chain's custom action), noting when each run ends. Prints
 * `ready` once it takes jobs; on SIGTERM prints the end times as one JSON line and exits.
 *
 *   node bench/deferred-worker.ts <postgres url> <redis url?queue=name> <concurrency>
 */
import { createPlatform } from '../src/platform/index.ts'
import { openBullmqJobQueue } from '../src/queue/bullmq/bullmq-job-queue.ts'
import { openDatabase } from '../src/store/index.ts'
import { timedQueue } from './deferred-setup.ts'
import { benchRegistry } from './six-node-chain.ts'

const [dbUrl, queueUrl, concurrencyText] = process.argv.slice(2)
const store = await openDatabase(dbUrl!)
const finished = new Map<string, number>()
const queue = timedQueue(
  await openBullmqJobQueue(store, { url: queueUrl!, concurrency: Number(concurrencyText ?? 8) }),
  finished,
)
const platform = createPlatform({ store, registry: benchRegistry(), queue, isDrainedOnClose: false })
await platform.settings.load()
process.stdout.write('ready\n')
process.once('SIGTERM', async () => {
  await platform.close()
  await store.close()
  process.stdout.write(`${JSON.stringify(Object.fromEntries(finished))}\n`)
  process.exit(0)
})

/**
 * `npm run bench`: Sluice's benchmarks, printed with their targets. Run pinned to one core
 * (`taskset -c 0`) so that figures compare across machines with more cores.
 *
 * The engine benchmarks run first, before the other benchmarks' modules (the server, the
 * store, the queue) are even loaded: they measure the engine as a library. Loading those
 * modules first makes the garbage collector's full collections walk a much larger heap, and
 * (a) then drops from ~30,000 to ~12,000–16,000 runs/s with the same median run
 * (docs/benchmarks.md, "Engine").
 */
import { engineBenchmarks } from './engine.ts'

const seconds = Number(process.env.BENCH_SECONDS ?? 3)
const fmt = (n: number, digits = 3) => n.toFixed(digits)

console.log(`Sluice benchmarks (Node ${process.version}, ${seconds} s per case)\n`)
const [a, b] = await engineBenchmarks(seconds)
for (const figures of [a, b]) {
  console.log(figures.name)
  console.log(
    `  outcome ${figures.outcome}; ${Math.round(figures.run.perSecond).toLocaleString('en')} runs/s; p50 ${fmt(figures.run.p50Ms)} ms; p99 ${fmt(figures.run.p99Ms)} ms`,
  )
  console.log(
    `  structuredClone of the event: ${fmt(figures.cloneMs)} ms; run p50 / clone = ${fmt(figures.run.p50Ms / figures.cloneMs, 2)}×`,
  )
}
console.log('\nTargets (issue #2):')
console.log(
  `  (a) ≥ 20,000 runs/s: ${Math.round(a.run.perSecond).toLocaleString('en')} runs/s, ${a.run.perSecond >= 20_000 ? 'met' : 'NOT met'}`,
)
const ratio = b.run.p50Ms / b.cloneMs
console.log(`  (b) a run costs ≤ 3× one structuredClone: ${fmt(ratio, 2)}×, ${ratio <= 3 ? 'met' : 'NOT met'}`)

const { publishBenchmarks } = await import('./publish.ts')
const rounds = Number(process.env.BENCH_ROUNDS ?? 3)
const { none, blueprint, roundRatios, roundCpuRatios } = await publishBenchmarks(
  Number(process.env.BENCH_PUBLISHES ?? 1000),
  rounds,
)
console.log(
  `\nPublish over HTTP (embedded SQLite, concurrency 10, keep-alive fetch on 127.0.0.1; median of ${rounds} alternating rounds)`,
)
for (const figures of [none, blueprint]) {
  console.log(
    `  ${figures.name}: ${Math.round(figures.perSecond).toLocaleString('en')} publishes/s over ${figures.publishes}; p50 ${fmt(figures.p50Ms)} ms; p99 ${fmt(figures.p99Ms)} ms; CPU ${Math.round(figures.cpuUsPerPublish)} µs/publish`,
  )
}
console.log(`  with / without, round by round: ${roundRatios.map((r) => fmt(r, 2)).join(', ')}`)
console.log(`  CPU time without / with, round by round: ${roundCpuRatios.map((r) => fmt(r, 2)).join(', ')}`)
const throughput = blueprint.perSecond / none.perSecond
console.log('\nTarget (issue #3):')
console.log(
  `  the workflow costs ≤ 10% of publish throughput: with / without = ${fmt(throughput, 2)} (cost ${fmt((1 - throughput) * 100, 1)}%), ${throughput >= 0.9 ? 'met' : 'NOT met'}`,
)

const { webhookBenchmark, enrichEventBenchmark } = await import('./outbound.ts')
const hook = await webhookBenchmark(seconds)
console.log('\nOutbound (issue #5; receivers in the same process, on 127.0.0.1)')
console.log(
  `  webhook action: ${Math.round(hook.perSecond).toLocaleString('en')} runs/s; p50 ${fmt(hook.p50Ms)} ms; p99 ${fmt(hook.p99Ms)} ms (${hook.received.toLocaleString('en')} requests received)`,
)
const enrich = await enrichEventBenchmark(100)
console.log(
  `  enrich-event, ${enrich.attributes} attributes: cache cold ${fmt(enrich.coldMs, 1)} ms (${enrich.queriesCold} queries); warm ${fmt(enrich.warmMs, 1)} ms (${enrich.queriesWarm} queries)`,
)

const { embeddedDeferred, embeddedDeferredBothCores, distributedDeferred } = await import('./deferred.ts')
const deferredRuns = Number(process.env.BENCH_DEFERRED_RUNS ?? 2000)
console.log(
  `\nDeferred throughput (issue #4): ${deferredRuns} non-blocking runs of the 6-node chain, 38-attribute event, run history included`,
)
// One core like every case above, then both cores: the target is stated for this 2-core machine.
const deferredCases = [await embeddedDeferred(deferredRuns), await embeddedDeferredBothCores(deferredRuns)]
const adminUrl = process.env.TEST_DATABASE_URL
const redisUrl = process.env.TEST_REDIS_URL
if (adminUrl && redisUrl) deferredCases.push(await distributedDeferred(deferredRuns, adminUrl, redisUrl))
else console.log('  (TEST_DATABASE_URL and TEST_REDIS_URL are not set: the BullMQ case is skipped)')
for (const figures of deferredCases) {
  console.log(
    `  ${figures.name}: ${Math.round(figures.perSecond).toLocaleString('en')} runs/s; enqueue → end p50 ${fmt(figures.p50Ms, 0)} ms, p99 ${fmt(figures.p99Ms, 0)} ms`,
  )
}
console.log('Targets (issue #4):')
console.log(
  `  embedded ≥ 2,000 runs/s on 2 cores: ${Math.round(deferredCases[1]!.perSecond).toLocaleString('en')}, ${deferredCases[1]!.perSecond >= 2000 ? 'met' : 'NOT met'} (one core: ${Math.round(deferredCases[0]!.perSecond).toLocaleString('en')})`,
)
if (deferredCases[2]) {
  console.log(
    `  distributed ≥ 3,000 runs/s: ${Math.round(deferredCases[2].perSecond).toLocaleString('en')}, ${deferredCases[2].perSecond >= 3000 ? 'met' : 'NOT met'}`,
  )
}

/** Timing helpers for benchmarks: warm up, time each call, report rate and percentiles. */

/** What one measurement gives. */
export interface Measurement {
  runs: number
  perSecond: number
  p50Ms: number
  p99Ms: number
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]
}

/** Calls `fn` repeatedly for about `seconds` after a warm-up, timing every call. */
export async function measure(fn: () => unknown, seconds = 3, warmup = 200): Promise<Measurement> {
  for (let i = 0; i < warmup; i++) await fn()
  const times: number[] = []
  const start = performance.now()
  const deadline = start + seconds * 1000
  while (performance.now() < deadline) {
    const t0 = performance.now()
    await fn()
    times.push(performance.now() - t0)
  }
  const total = performance.now() - start
  times.sort((a, b) => a - b)
  return {
    runs: times.length,
    perSecond: (times.length / total) * 1000,
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
  }
}

/** Median time of a synchronous call, in milliseconds. */
export function medianTime(fn: () => unknown, samples = 200): number {
  for (let i = 0; i < 20; i++) fn()
  const times: number[] = []
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now()
    fn()
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  return percentile(times, 50)
}

/**
 * Run metrics of one process (issue #4 point 8, docs/queue.md "Metrics"): how many runs ended
 * with each outcome per trigger, and histograms of run and node durations. The dispatcher
 * observes every run it makes; `/sluice/metrics` renders them with the queue depth in
 * Prometheus' text format (prometheus-text.ts). Counters live in memory and start at zero with
 * the process, as Prometheus expects (it handles resets).
 */
import type { TraceEntry } from '../../engine/index.ts'

/** Upper bounds (seconds) of the duration histograms' buckets. */
export const DURATION_BUCKETS: readonly number[] = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]

/** A histogram: cumulative-free bucket counts (one per bound, plus +Inf), sum and count. */
export interface Histogram {
  buckets: number[]
  sum: number
  count: number
}

/** What a run looked like, for the metrics. */
export interface ObservedRun {
  triggerId: string
  /** `trigger` (a workflow run for a trigger) or `walk` (a concurrent-task branch). */
  kind: 'trigger' | 'walk'
  outcome: string
  durationMs: number
  trace: readonly TraceEntry[]
}

/** The metrics one process collects. */
export interface RunMetrics {
  observeRun(run: ObservedRun): void
  /** Runs by `kind`, trigger and outcome. */
  runs(): ReadonlyMap<string, { kind: string; triggerId: string; outcome: string; count: number }>
  /** Run durations by trigger. */
  runDurations(): ReadonlyMap<string, Histogram>
  /** Node durations by module id. */
  nodeDurations(): ReadonlyMap<string, Histogram>
}

function newHistogram(): Histogram {
  return { buckets: new Array(DURATION_BUCKETS.length + 1).fill(0), sum: 0, count: 0 }
}

function observe(histograms: Map<string, Histogram>, key: string, seconds: number) {
  let histogram = histograms.get(key)
  if (!histogram) {
    histogram = newHistogram()
    histograms.set(key, histogram)
  }
  let index = 0
  while (index < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[index]!) index++
  histogram.buckets[index]!++
  histogram.sum += seconds
  histogram.count++
}

/** Empty metrics. */
export function createRunMetrics(): RunMetrics {
  const runs = new Map<string, { kind: string; triggerId: string; outcome: string; count: number }>()
  const runDurations = new Map<string, Histogram>()
  const nodeDurations = new Map<string, Histogram>()
  return {
    observeRun(run) {
      const key = `${run.kind}\u0000${run.triggerId}\u0000${run.outcome}`
      const counter = runs.get(key)
      if (counter) counter.count++
      else runs.set(key, { kind: run.kind, triggerId: run.triggerId, outcome: run.outcome, count: 1 })
      observe(runDurations, run.triggerId, run.durationMs / 1000)
      for (const entry of run.trace) {
        if (entry.status !== 'skipped') observe(nodeDurations, entry.moduleId, entry.durationMs / 1000)
      }
    },
    runs: () => runs,
    runDurations: () => runDurations,
    nodeDurations: () => nodeDurations,
  }
}

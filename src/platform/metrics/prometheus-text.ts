/**
 * Prometheus' text exposition format (version 0.0.4) of the run metrics and the queue depth,
 * written by hand: a few counters and histograms do not need a client library.
 *
 *   # HELP sluice_runs_total …
 *   # TYPE sluice_runs_total counter
 *   sluice_runs_total{kind="trigger",trigger="event-publish",outcome="success"} 12
 */
import type { QueueDepth } from '../../queue/index.ts'
import { DURATION_BUCKETS, type Histogram, type RunMetrics } from './run-metrics.ts'

/** The content type Prometheus expects for this format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

/** A label value escaped as the format requires (backslash, quote, newline). */
export function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}

function labels(pairs: Record<string, string>): string {
  const text = Object.entries(pairs)
    .map(([name, value]) => `${name}="${escapeLabel(value)}"`)
    .join(',')
  return text === '' ? '' : `{${text}}`
}

function header(lines: string[], name: string, type: string, help: string) {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`)
}

function histogramLines(lines: string[], name: string, label: string, histograms: ReadonlyMap<string, Histogram>) {
  for (const [key, histogram] of [...histograms].sort(([a], [b]) => a.localeCompare(b))) {
    let cumulative = 0
    for (const [index, bound] of DURATION_BUCKETS.entries()) {
      cumulative += histogram.buckets[index]!
      lines.push(`${name}_bucket${labels({ [label]: key, le: String(bound) })} ${cumulative}`)
    }
    lines.push(`${name}_bucket${labels({ [label]: key, le: '+Inf' })} ${histogram.count}`)
    lines.push(`${name}_sum${labels({ [label]: key })} ${histogram.sum}`)
    lines.push(`${name}_count${labels({ [label]: key })} ${histogram.count}`)
  }
}

/** The exposition of `metrics` and `depth` (`queue`: `embedded` or `bullmq`). */
export function renderPrometheus(metrics: RunMetrics, depth: QueueDepth, queue: string): string {
  const lines: string[] = []
  header(
    lines,
    'sluice_runs_total',
    'counter',
    'Workflow runs by kind (trigger or concurrent-task walk), trigger and outcome.',
  )
  const runs = [...metrics.runs().values()].sort((a, b) =>
    `${a.kind}${a.triggerId}${a.outcome}`.localeCompare(`${b.kind}${b.triggerId}${b.outcome}`),
  )
  for (const run of runs) {
    lines.push(
      `sluice_runs_total${labels({ kind: run.kind, trigger: run.triggerId, outcome: run.outcome })} ${run.count}`,
    )
  }
  header(lines, 'sluice_run_duration_seconds', 'histogram', 'Duration of workflow runs, by trigger.')
  histogramLines(lines, 'sluice_run_duration_seconds', 'trigger', metrics.runDurations())
  header(lines, 'sluice_node_duration_seconds', 'histogram', 'Duration of node executions, by module.')
  histogramLines(lines, 'sluice_node_duration_seconds', 'module', metrics.nodeDurations())
  header(lines, 'sluice_queue_jobs', 'gauge', 'Deferred jobs (non-blocking runs, concurrent-task walks) by state.')
  for (const state of ['queued', 'running'] as const) {
    lines.push(`sluice_queue_jobs${labels({ queue, state })} ${depth[state]}`)
  }
  header(lines, 'sluice_queue_dead_jobs', 'gauge', 'Deferred jobs that failed on every attempt.')
  lines.push(`sluice_queue_dead_jobs${labels({ queue })} ${depth.dead}`)
  return `${lines.join('\n')}\n`
}

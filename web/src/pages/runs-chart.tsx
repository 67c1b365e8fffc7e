/**
 * Charts of the run history in plain SVG (issue #6): runs over time as stacked bars by outcome,
 * and latency per trigger (median and 95th percentile). Each chart is an image with a text
 * summary, and the latency figures are also a table, so nothing depends on seeing colours.
 */
import type { RunSummary } from '../api/runs.ts'

const OUTCOMES = ['success', 'blocked', 'failure'] as const
const COLOURS: Record<string, string> = { success: '#2f8a4d', blocked: '#d29a1e', failure: '#c0392b' }

/** Time buckets of equal width over the runs' span, each with a count per outcome. */
export function bucketRuns(runs: RunSummary[], bucketCount = 24) {
  const times = runs.map((run) => Date.parse(run.startedAt))
  const start = Math.min(...times)
  const end = Math.max(...times)
  const width = Math.max(1, (end - start) / bucketCount)
  const buckets = Array.from({ length: bucketCount }, (_, index) => ({
    start: start + index * width,
    counts: { success: 0, blocked: 0, failure: 0 } as Record<string, number>,
  }))
  runs.forEach((run, index) => {
    const slot = Math.min(bucketCount - 1, Math.floor((times[index] - start) / width))
    const outcome = OUTCOMES.includes(run.outcome as never) ? run.outcome : 'failure'
    buckets[slot].counts[outcome] += 1
  })
  return { buckets, start, end, width }
}

/** The q-th quantile (0–1) of sorted numbers. */
function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}

/** Median and p95 duration and count per trigger, slowest median first. */
export function latencyByTrigger(runs: RunSummary[]) {
  const groups = new Map<string, number[]>()
  for (const run of runs) {
    const key = run.triggerId ?? `(${run.kind})`
    groups.set(key, [...(groups.get(key) ?? []), run.durationMs])
  }
  return [...groups.entries()]
    .map(([trigger, durations]) => {
      const sorted = durations.sort((a, b) => a - b)
      return { trigger, count: sorted.length, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) }
    })
    .sort((a, b) => b.p50 - a.p50)
}

const formatMs = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0))

/** Stacked bars of runs over time, by outcome. */
export function RunsOverTime({ runs }: { runs: RunSummary[] }) {
  if (runs.length === 0) return <p className="muted">No runs to chart.</p>
  const { buckets, start, end } = bucketRuns(runs)
  const chartWidth = 720
  const chartHeight = 180
  const barWidth = chartWidth / buckets.length
  const highest = Math.max(1, ...buckets.map((bucket) => OUTCOMES.reduce((sum, key) => sum + bucket.counts[key], 0)))
  const totals = OUTCOMES.map((key) => `${runs.filter((run) => run.outcome === key).length} ${key}`).join(', ')
  const summary = `${runs.length} runs from ${new Date(start).toLocaleString()} to ${new Date(end).toLocaleString()}: ${totals}`
  return (
    <figure className="chart">
      <Legend />
      <svg
        role="img"
        aria-label={`Runs over time by outcome. ${summary}`}
        viewBox={`0 0 ${chartWidth + 40} ${chartHeight + 30}`}
        width="100%"
      >
        <text x={0} y={12} fontSize={11} fill="#5b6473">
          {highest}
        </text>
        <line x1={36} y1={chartHeight} x2={chartWidth + 36} y2={chartHeight} stroke="#9aa1ad" />
        {buckets.map((bucket, index) => {
          let top = chartHeight
          return OUTCOMES.map((key) => {
            const height = (bucket.counts[key] / highest) * (chartHeight - 10)
            top -= height
            return height > 0 ? (
              <rect
                key={`${bucket.start}-${key}`}
                x={36 + index * barWidth + 1}
                y={top}
                width={barWidth - 2}
                height={height}
                fill={COLOURS[key]}
              >
                <title>{`${new Date(bucket.start).toLocaleString()}: ${bucket.counts[key]} ${key}`}</title>
              </rect>
            ) : null
          })
        })}
        <text x={36} y={chartHeight + 22} fontSize={11} fill="#5b6473">
          {new Date(start).toLocaleTimeString()}
        </text>
        <text x={chartWidth + 36} y={chartHeight + 22} fontSize={11} fill="#5b6473" textAnchor="end">
          {new Date(end).toLocaleTimeString()}
        </text>
      </svg>
      <figcaption className="muted">{summary}</figcaption>
    </figure>
  )
}

function Legend() {
  return (
    <div className="legend">
      {OUTCOMES.map((key) => (
        <span key={key}>
          <span className="swatch" style={{ background: COLOURS[key] }} />
          {key}
        </span>
      ))}
    </div>
  )
}

/** Horizontal bars of median and p95 latency per trigger, plus the same figures as a table. */
export function LatencyPerTrigger({ runs }: { runs: RunSummary[] }) {
  const rows = latencyByTrigger(runs)
  if (rows.length === 0) return null
  const highest = Math.max(0.001, ...rows.map((row) => row.p95))
  const rowHeight = 26
  const labelWidth = 190
  const barSpace = 480
  return (
    <figure className="chart">
      <svg
        role="img"
        aria-label="Latency per trigger: median and 95th percentile"
        viewBox={`0 0 ${labelWidth + barSpace + 90} ${rows.length * rowHeight + 8}`}
        width="100%"
      >
        {rows.map((row, index) => {
          const y = 4 + index * rowHeight
          return (
            <g key={row.trigger}>
              <text x={labelWidth - 6} y={y + 15} fontSize={12} textAnchor="end">
                {row.trigger}
              </text>
              <rect x={labelWidth} y={y + 3} width={(row.p95 / highest) * barSpace} height={16} fill="#b9cdee" />
              <rect x={labelWidth} y={y + 7} width={(row.p50 / highest) * barSpace} height={8} fill="#2b5fa8" />
              <text x={labelWidth + (row.p95 / highest) * barSpace + 6} y={y + 15} fontSize={11} fill="#5b6473">
                {`${formatMs(row.p50)} / ${formatMs(row.p95)} ms`}
              </text>
            </g>
          )
        })}
      </svg>
      <table aria-label="Latency per trigger">
        <thead>
          <tr>
            <th scope="col">Trigger</th>
            <th scope="col">Runs</th>
            <th scope="col">Median (ms)</th>
            <th scope="col">95th percentile (ms)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.trigger}>
              <th scope="row">{row.trigger}</th>
              <td>{row.count}</td>
              <td>{formatMs(row.p50)}</td>
              <td>{formatMs(row.p95)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  )
}

import { describe, expect, it } from 'vitest'
import type { RunSummary } from '../api/runs.ts'
import { bucketRuns, latencyByTrigger } from './runs-chart.tsx'

function run(triggerId: string | null, outcome: string, startedAt: string, durationMs: number): RunSummary {
  return {
    id: `${triggerId}-${startedAt}`,
    kind: triggerId ? 'trigger' : 'manual',
    parentId: null,
    triggerId,
    workflowId: '1',
    workflowName: 'W',
    startNode: null,
    outcome,
    errors: [],
    chain: [],
    startedAt,
    durationMs,
  }
}

describe('bucketRuns', () => {
  it('counts each outcome in equal time slices, the last run in the last slice', () => {
    const runs = [
      run('event-publish', 'success', '2026-11-22T10:00:00Z', 1),
      run('event-publish', 'blocked', '2026-11-22T10:00:30Z', 1),
      run('event-publish', 'failure', '2026-11-22T10:01:00Z', 1),
    ]
    const { buckets } = bucketRuns(runs, 2)
    expect(buckets.map((bucket) => bucket.counts)).toEqual([
      { success: 1, blocked: 0, failure: 0 },
      { success: 0, blocked: 1, failure: 1 },
    ])
  })
})

describe('latencyByTrigger', () => {
  it('gives the median and 95th percentile per trigger, slowest first', () => {
    const runs = [
      ...[1, 2, 3, 4, 100].map((ms) => run('event-publish', 'success', '2026-11-22T10:00:00Z', ms)),
      run(null, 'success', '2026-11-22T10:00:00Z', 50),
    ]
    expect(latencyByTrigger(runs)).toEqual([
      { trigger: '(manual)', count: 1, p50: 50, p95: 50 },
      { trigger: 'event-publish', count: 5, p50: 3, p95: 100 },
    ])
  })
})

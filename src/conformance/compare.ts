/**
 * Comparing Sluice's scenario results with MISP's (conformance/MISP-SCENARIOS.md §5).
 * "Must match" fields produce failures; informative fields are not compared.
 */

type Json = Record<string, any>

/** MISP's PHP normalisation for "should match" values (§5 rules 1–3). */
export function phpNormalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(phpNormalise)
  if (typeof value !== 'object' || value === null) return value
  const keys = Object.keys(value)
  if (keys.length === 0) return []
  if (keys.every((key) => /^\d+$/.test(key))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((key) => phpNormalise((value as Json)[String(key)]))
  }
  const out: Json = {}
  for (const key of keys.sort()) out[key] = phpNormalise((value as Json)[key])
  return out
}

/** Deep equality ignoring key order; JSON types kept (`"1"` ≠ `1`). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const ka = Object.keys(a as Json)
  const kb = Object.keys(b as Json)
  if (ka.length !== kb.length) return false
  return ka.every((key) => Object.hasOwn(b as Json, key) && deepEqual((a as Json)[key], (b as Json)[key]))
}

const ids = (list: unknown[]): string[] => list.map(String)

function same(failures: string[], where: string, expected: unknown, actual: unknown): void {
  if (!deepEqual(expected, actual)) {
    failures.push(`${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
  }
}

const VIEW_FIELDS = [
  'event_id',
  'event_info',
  'event_tags',
  'attributes',
  'flattened',
  'flattened_uuids',
  'objects',
  'has_unfiltered_data',
  'enabled_filters',
  'other_top_level',
] as const

/** Compares two view digests under the §5 rules. */
export function compareViews(failures: string[], where: string, expected: Json, actual: Json): void {
  if ('not_an_object' in expected || 'not_an_object' in actual) {
    same(failures, where, expected, actual)
    return
  }
  same(
    failures,
    `${where}.top_keys (as a set)`,
    [...(expected.top_keys ?? [])].sort(),
    [...(actual.top_keys ?? [])].sort(),
  )
  for (const key of VIEW_FIELDS) {
    if (!(key in expected) && !(key in actual)) continue
    same(failures, `${where}.${key}`, expected[key] ?? null, actual[key] ?? null)
  }
}

function compareMatchingValues(failures: string[], where: string, expected: unknown[], actual: unknown[]): void {
  if (expected.length !== actual.length) {
    failures.push(`${where}: expected ${expected.length} matching items, got ${actual.length}`)
    return
  }
  expected.forEach((value, index) => {
    const isObjectSummary = typeof value === 'string' && value.startsWith('{') && value.endsWith('}')
    if (isObjectSummary) {
      const other = actual[index]
      if (!(typeof other === 'string' && other.startsWith('{'))) failures.push(`${where}[${index}]: expected an object`)
      return
    }
    same(failures, `${where}[${index}]`, value, actual[index])
  })
}

/** Compares per-node record lists (`recorded`). */
export function compareRecorded(failures: string[], where: string, expected: Json, actual: Json): void {
  same(failures, `${where} node ids`, Object.keys(expected).sort(), Object.keys(actual).sort())
  for (const [nodeId, records] of Object.entries(expected)) {
    const mine: Json[] = actual[nodeId] ?? []
    if (mine.length !== records.length) {
      failures.push(`${where}[${nodeId}]: expected ${records.length} records, got ${mine.length}`)
      continue
    }
    ;(records as Json[]).forEach((record, index) => {
      const at = `${where}[${nodeId}][${index}]`
      const other = mine[index]
      same(failures, `${at}.label`, record.label, other.label)
      same(failures, `${at}.filters_enabled`, record.filters_enabled, other.filters_enabled)
      if ('digest_path' in record || 'digest_path' in other) {
        same(failures, `${at}.digest_path`, phpNormalise(record.digest_path), phpNormalise(other.digest_path))
      }
      compareMatchingValues(failures, `${at}.matching.values`, record.matching.values, other.matching.values)
      compareViews(failures, `${at}.view`, record.view, other.view)
      if ('full_view' in record)
        same(failures, `${at}.full_view`, phpNormalise(record.full_view), phpNormalise(other.full_view))
      if ('full_matching' in record) {
        same(failures, `${at}.full_matching`, phpNormalise(record.full_matching), phpNormalise(other.full_matching))
      }
    })
  }
}

/** Compares the walk fields every run and job shares. */
export function compareWalk(failures: string[], where: string, expected: Json, actual: Json): void {
  same(failures, `${where}.success`, expected.success, actual.success)
  same(failures, `${where}.executed_nodes`, ids(expected.executed_nodes), ids(actual.executed_nodes))
  same(failures, `${where}.blocking_nodes`, ids(expected.blocking_nodes), ids(actual.blocking_nodes))
  same(failures, `${where}.blocked_paths`, expected.blocked_paths, actual.blocked_paths)
  same(failures, `${where}.errors`, expected.errors, actual.errors)
  compareRecorded(failures, `${where}.recorded`, expected.recorded ?? {}, actual.recorded ?? {})
}

/**
 * Compares a whole scenario result. MISP crashed on `exception` scenarios; Sluice must fail
 * cleanly there instead (§6), so `failure` is the expected outcome for them.
 */
export function compareScenario(expected: Json, actual: Json): string[] {
  const failures: string[] = []
  if (expected.outcome === 'exception') {
    same(failures, 'outcome (MISP crashed; Sluice must fail cleanly)', 'failure', actual.outcome)
    compareRecorded(failures, 'recorded', expected.recorded ?? {}, actual.recorded ?? {})
    return failures
  }
  same(failures, 'outcome', expected.outcome, actual.outcome)
  compareWalk(failures, 'run', expected, actual)
  same(failures, 'enqueued (count)', expected.enqueued.length, actual.enqueued.length)
  ;(expected.enqueued as Json[]).forEach((job, index) => {
    const mine = actual.enqueued[index]
    if (!mine) return
    const at = `enqueued[${index}]`
    for (const key of ['enqueued_by_node', 'node_id_to_exec'])
      same(failures, `${at}.${key}`, String(job[key]), String(mine[key]))
    for (const key of ['for_path', 'queue', 'command']) same(failures, `${at}.${key}`, job[key], mine[key])
    compareViews(failures, `${at}.data_digest`, job.data_digest, mine.data_digest)
    if ('data' in job) same(failures, `${at}.data`, phpNormalise(job.data), phpNormalise(mine.data))
  })
  same(failures, 'jobs (count)', expected.jobs.length, actual.jobs.length)
  ;(expected.jobs as Json[]).forEach((job, index) => {
    if (actual.jobs[index]) compareWalk(failures, `jobs[${index}]`, job, actual.jobs[index])
  })
  return failures
}

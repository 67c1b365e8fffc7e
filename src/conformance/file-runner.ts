/**
 * Runs any file in the formats of `shared/conformance/`: hash-path vectors and combine
 * vectors (a JSON list of vectors), or MISP oracle scenarios (`{scenarios: [...]}`).
 */
import { runHashpathVector } from '../hashpath/vector-runner.ts'
import { compareScenario } from './compare.ts'
import { runScenario, type Scenario } from './scenario-runner.ts'

/** The result of one vector or scenario. */
export interface CaseResult {
  name: string
  ok: boolean
  failures: string[]
}

/** The results of one file. */
export interface FileResult {
  kind: 'hashpath' | 'scenarios'
  cases: CaseResult[]
}

/** Runs every case of a parsed conformance file. */
export async function runConformanceJson(json: unknown): Promise<FileResult> {
  if (Array.isArray(json)) {
    return {
      kind: 'hashpath',
      cases: json.map((vector, index) => {
        const name = String((vector as { name?: unknown })?.name ?? `vector #${index}`)
        try {
          const verdict = runHashpathVector(vector as never)
          return { name, ok: verdict.ok, failures: verdict.ok ? [] : [verdict.message ?? 'mismatch'] }
        } catch (error) {
          return { name, ok: false, failures: [`the runner threw: ${(error as Error).message}`] }
        }
      }),
    }
  }
  const scenarios = (json as { scenarios?: unknown } | null)?.scenarios
  if (!Array.isArray(scenarios)) {
    throw new Error('not a conformance file: expected a list of hash-path vectors or an object with `scenarios`')
  }
  const cases: CaseResult[] = []
  for (const scenario of scenarios as Scenario[]) {
    try {
      const failures = compareScenario(scenario.expected, await runScenario(scenario))
      cases.push({ name: scenario.name, ok: failures.length === 0, failures })
    } catch (error) {
      cases.push({ name: scenario.name, ok: false, failures: [`the run threw: ${(error as Error).stack}`] })
    }
  }
  return { kind: 'scenarios', cases }
}

/**
 * MISP's oracle scenarios (shared/conformance/misp-oracle-scenarios.json), one test each,
 * compared under the rules of MISP-SCENARIOS.md §5. The expected results come from running
 * MISP's own PHP code; unseen scenarios of the same kind are run against the engine too.
 */
import { describe, expect, it } from 'vitest'
import { compareScenario, runScenario, type Scenario } from '../src/conformance/index.ts'
import { sharedJson } from './harness/shared.ts'

const file = sharedJson<{ scenarios: Scenario[] }>('conformance/misp-oracle-scenarios.json')

describe('MISP oracle scenarios', () => {
  for (const scenario of file.scenarios) {
    it(`${scenario.name}${scenario.misp_bug ? ' (MISP bug reproduced)' : ''}`, async () => {
      const actual = await runScenario(scenario)
      expect(compareScenario(scenario.expected, actual)).toEqual([])
    })
  }
})

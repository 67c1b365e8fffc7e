import { describe, expect, it } from 'vitest'
import { DECAYING_MODELS } from '../../../platform/workflow-actions/decaying-models.ts'
import { baseScore, decayScore, polynomialScore } from './decay-formula.ts'

const NIDS = DECAYING_MODELS[0]
const DAY = 86400

describe('polynomialScore', () => {
  it('starts at the base score, follows base·(1 − (t/τ)^(1/δ)) and reaches 0 at the lifetime', () => {
    expect(polynomialScore(80, 0, 120, 2)).toBe(80)
    expect(polynomialScore(80, 30, 120, 2)).toBeCloseTo(80 * (1 - 0.25 ** 0.5), 10)
    expect(polynomialScore(80, 120, 120, 2)).toBe(0)
    expect(polynomialScore(80, 500, 120, 2)).toBe(0)
  })
})

describe('baseScore', () => {
  it("weighs the tags' numerical values by the model's configuration, else takes the default", () => {
    expect(baseScore(NIDS, [{ name: 'tlp:white' }])).toBe(80)
    expect(
      baseScore(NIDS, [
        { name: 'false-positive:risk="low"', numerical_value: 50 },
        { name: 'retention:expired', numerical_value: 100 },
      ]),
    ).toBeCloseTo(75, 10)
  })
})

describe('decayScore', () => {
  it('decays a NIDS indicator last seen 60 days ago below the threshold of 30', () => {
    const now = 1_700_000_000
    const score = decayScore(NIDS, { type: 'ip-dst', timestamp: String(now - 60 * DAY) }, now)
    expect(score).toEqual({
      score: Math.round(80 * (1 - 0.5 ** 0.5) * 100) / 100,
      base_score: 80,
      decayed: true,
      DecayingModel: { id: '1', name: 'NIDS Simple Decaying Model' },
    })
  })

  it('counts from the latest sighting when it is newer than the attribute', () => {
    const now = 1_700_000_000
    const attribute = { timestamp: String(now - 100 * DAY), Sighting: [{ date_sighting: String(now) }] }
    expect(decayScore(NIDS, attribute, now).score).toBe(80)
  })
})

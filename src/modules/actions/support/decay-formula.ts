/**
 * MISP's polynomial decaying model (spec/ENGINE.md §4.3 `attach-decay-score`): an indicator's
 * score starts at its base score and falls to 0 over the model's lifetime τ (days), with speed δ:
 *
 *     score(t) = base · (1 − (t / τ)^(1/δ))   for 0 ≤ t ≤ τ, else 0
 *
 * where t is the time in days since the indicator was last seen (its timestamp, or its latest
 * sighting). The base score weighs the numerical values of the tags named in the model's
 * `base_score_config`; without any, it is the model's `default_base_score`. The indicator has
 * decayed once its score is at or below the model's threshold. Pure.
 */
import type { DecayingModelInfo } from '../../../engine/index.ts'
import { phpToString } from '../../../format/index.ts'
import { type Item, recordsOf } from './items.ts'

const DAY_SECONDS = 86400

/** One entry of an attribute's `decay_score`, as MISP lists them. */
export interface DecayScore {
  score: number
  base_score: number
  decayed: boolean
  DecayingModel: { id: string; name: string }
}

/** The polynomial score of `base` after `days` days for lifetime τ and speed δ. */
export function polynomialScore(base: number, days: number, lifetime: number, decaySpeed: number): number {
  if (lifetime <= 0 || decaySpeed <= 0) return 0
  const t = Math.max(0, days)
  if (t >= lifetime) return 0
  return Math.max(0, base * (1 - (t / lifetime) ** (1 / decaySpeed)))
}

/** The weight the model gives to a tag: its `namespace:predicate`, else its namespace; null for none. */
function tagWeight(config: Record<string, number>, name: string): number | null {
  const key = name.split('=')[0]
  if (config[key] !== undefined) return config[key]
  const namespace = key.split(':')[0]
  return config[namespace] ?? null
}

/** The base score from the tags' numerical values (the weighted mean), else the model's default. */
export function baseScore(model: DecayingModelInfo, tags: unknown): number {
  let weighted = 0
  let weights = 0
  for (const tag of recordsOf(tags)) {
    const value = Number(tag.numerical_value)
    const weight = tagWeight(model.parameters.base_score_config, phpToString(tag.name))
    if (weight === null || tag.numerical_value === null || tag.numerical_value === undefined || !Number.isFinite(value))
      continue
    weighted += weight * value
    weights += weight
  }
  return weights > 0 ? weighted / weights : model.parameters.default_base_score
}

/** When the attribute was last seen, in Unix seconds: its timestamp or its latest sighting. */
function lastSeen(attribute: Item): number {
  let latest = Number(attribute.timestamp) || 0
  for (const sighting of recordsOf(attribute.Sighting)) latest = Math.max(latest, Number(sighting.date_sighting) || 0)
  return latest
}

/** The decay score of `attribute` under `model` at `nowSeconds`, rounded as MISP shows it (2 decimals). */
export function decayScore(model: DecayingModelInfo, attribute: Item, nowSeconds: number): DecayScore {
  const tags = attribute._allTags ?? attribute.Tag
  const base = baseScore(model, tags)
  const days = (nowSeconds - lastSeen(attribute)) / DAY_SECONDS
  const score = polynomialScore(base, days, model.parameters.lifetime, model.parameters.decay_speed)
  return {
    score: Math.round(score * 100) / 100,
    base_score: Math.round(base * 100) / 100,
    decayed: score <= model.parameters.threshold,
    DecayingModel: { id: model.id, name: model.name },
  }
}

import { defineActionModule } from '../define.ts'
import { idOf, recordsOf, stringList } from './support/items.ts'
import { decayScore } from './support/decay-formula.ts'
import { requireOperation } from './support/operations.ts'
import { overrideAttribute } from './support/override-attribute.ts'

/**
 * Attach decay score: overrides each matching attribute with its decay score for the selected
 * models, as MISP's attribute search with `includeDecayScore` gives it (`decay_score: [{score,
 * base_score, decayed, DecayingModel}]`), computed with the models' polynomial formula
 * (support/decay-formula.ts) for the attribute types each model covers (spec/ENGINE.md §4.3).
 * Nothing is written to the database. `options` (`{<id>: <name>}` of enabled decaying models)
 * is filled by the host.
 */
export const attachDecayScore = defineActionModule({
  id: 'attach-decay-score',
  name: 'Attach decay score',
  description: 'Attach selected decaying model score to Attributes.',
  icon: 'chart-line',
  support_filters: true,
  expect_misp_core_format: true,
  params: [
    {
      id: 'decayingmodels',
      label: 'Decaying Model',
      type: 'picker',
      // MISP quirk: the string "true", not a boolean.
      multiple: 'true',
      options: {},
      placeholder: 'Pick a Decaying Model',
    },
  ],
  async exec(ctx) {
    const selected = stringList(ctx.params.decayingmodels)
    if (selected.length === 0) {
      ctx.errors.push('No decaying model selected')
      return false
    }
    const items = ctx.matchingItems()
    if (items === false) return true
    const models = (await requireOperation(ctx, 'listDecayingModels')()).filter(
      (model) => model.enabled && selected.includes(model.id),
    )
    const now = Math.floor((ctx.ports.clock?.now() ?? new Date()).getTime() / 1000)
    const data = ctx.data
    for (const attribute of recordsOf(items)) {
      const id = idOf(attribute.id)
      if (id === null) continue
      const scores = models
        .filter((model) => model.attribute_types.length === 0 || model.attribute_types.includes(attribute.type))
        .map((model) => decayScore(model, attribute, now))
      overrideAttribute(data, id, (old) => ({ ...old, decay_score: scores }))
    }
    ctx.setData(data)
    return true
  },
})

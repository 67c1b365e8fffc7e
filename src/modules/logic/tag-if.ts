/** IF :: Tag (spec/ENGINE.md §4.2 `tag-if`). */
import { UserError } from '../../errors.ts'
import { isPhpArray, phpToString, phpTruthy } from '../../format/index.ts'
import { evaluateCondition } from '../../engine/index.ts'
import { extract } from '../../hashpath/index.ts'
import { defineLogicModule } from '../define.ts'

/** The tag names each scope reads (spec/ENGINE.md §4.2). */
const TAG_PATHS = {
  event: 'Event.Tag.{n}.name',
  attribute: 'Event._AttributeFlattened.{n}.Tag.{n}.name',
  event_attribute: 'Event._AttributeFlattened.{n}._allTags.{n}.name',
}

/**
 * A picker value as a list: PHP-empty values are `[]`. MISP hands any other value to
 * `array_map` / `array_merge`, so a lone value (a string, not a list) is a PHP `TypeError` that
 * crashes the run (spec/ENGINE.md §10): here it ends the walk with a failure.
 */
function listOf(value: unknown, param: string): unknown[] {
  if (!phpTruthy(value)) return []
  if (!isPhpArray(value)) {
    throw new UserError('SLC_MISP_CRASH', `The parameter \`${param}\` must be a list, not ${JSON.stringify(value)}`)
  }
  return Object.values(value)
}

/**
 * IF :: Tag: `then` when the tag names of the scope satisfy the condition against the selected
 * tags and galaxy clusters (spec/ENGINE.md §4.2, §2.9.3). The attribute scopes take the union
 * over all attributes. MISP quirk (Q3): `in_and` fails when a selected tag is extracted twice,
 * and `not_in_and` depends on the selection's order, as MISP implements them.
 */
export const tagIf = defineLogicModule<{ scope: unknown; condition: unknown; tags: unknown; clusters: unknown }>({
  id: 'tag-if',
  name: 'IF :: Tag',
  version: '0.4',
  description:
    'Tag IF / ELSE condition block. The `then` output will be used if the encoded conditions is satisfied, otherwise the `else` output will be used.',
  icon: 'code-branch',
  html_template: 'if',
  expect_misp_core_format: true,
  params: [
    {
      id: 'scope',
      label: 'Scope',
      type: 'select',
      options: { event: 'Event', attribute: 'Attribute', event_attribute: 'Inherited Attribute' },
      default: 'event',
    },
    {
      id: 'condition',
      label: 'Condition',
      type: 'select',
      default: 'in_or',
      options: {
        in_or: 'Is tagged with any (OR)',
        in_and: 'Is tagged with all (AND)',
        not_in_or: 'Is not tagged with any (OR)',
        not_in_and: 'Is not tagged with all (AND)',
      },
    },
    // Filled from the instance's non-galaxy tag names, sorted.
    { id: 'tags', label: 'Tags', type: 'picker', multiple: true, options: [], placeholder: 'Pick a tag' },
    // Filled from the galaxy tag names without their leading `misp-galaxy:`.
    {
      id: 'clusters',
      label: 'Galaxy Clusters',
      type: 'picker',
      multiple: true,
      options: [],
      placeholder: 'Pick a Galaxy Cluster',
    },
  ],
  exec({ params, data }) {
    const tags = listOf(params.tags, 'tags')
    const clusters = listOf(params.clusters, 'clusters').map((cluster) => `misp-galaxy:${phpToString(cluster)}`)
    const selected = [...tags, ...clusters]
    const path =
      params.scope === 'attribute' || params.scope === 'event_attribute' ? TAG_PATHS[params.scope] : TAG_PATHS.event
    return evaluateCondition(extract(data, path) ?? [], params.condition, selected)
  },
})

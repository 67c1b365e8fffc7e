/** IF :: Published (spec/ENGINE.md §4.2 `published-if`). */
import { phpTruthy } from '../../format/index.ts'
import { evaluateCondition } from '../../engine/index.ts'
import { get } from '../../hashpath/index.ts'
import { defineLogicModule } from '../define.ts'

/**
 * IF :: Published: `then` when the event's published flag matches the condition. The flag is
 * read PHP-truthily: missing, `false`, `0`, `"0"` and `""` count as unpublished (spec/ENGINE.md §4.2).
 */
export const publishedIf = defineLogicModule<{ condition: unknown }>({
  id: 'published-if',
  name: 'IF :: Published',
  version: '0.1',
  description:
    'Published IF / ELSE condition block. The `then` output will be used if the encoded conditions is satisfied, otherwise the `else` output will be used.',
  icon: 'code-branch',
  html_template: 'if',
  expect_misp_core_format: true,
  params: [
    {
      id: 'condition',
      label: 'Condition',
      type: 'select',
      default: 'equals',
      options: { equals: 'Event is published', not_equals: 'Event is not published' },
    },
  ],
  exec({ params, data }) {
    const isPublished = phpTruthy(get(data, 'Event.published'))
    return evaluateCondition(isPublished, params.condition, true)
  },
})

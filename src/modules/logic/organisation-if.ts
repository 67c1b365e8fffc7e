/** IF :: Organisation (spec/ENGINE.md §4.2 `organisation-if`). */
import { isPhpArray, phpIntval, phpTruthy } from '../../format/index.ts'
import { evaluateCondition } from '../../engine/index.ts'
import { get } from '../../hashpath/index.ts'
import { defineLogicModule } from '../define.ts'

/** Operators of version 0.1, still found in saved workflows. */
const LEGACY_OPERATORS: Record<string, string> = { equals: 'in', not_equals: 'not_in' }

/**
 * IF :: Organisation: `then` when the event's owner (`org`) or creator (`orgc`) organisation
 * id is (`in`) or is not (`not_in`) among the selected ones, compared PHP-loosely (`"3"`
 * matches 3). A missing id counts as 0; a lone selected id counts as a list (spec/ENGINE.md §4.2).
 */
export const organisationIf = defineLogicModule<{ org_type: unknown; condition: unknown; org_id: unknown }>({
  id: 'organisation-if',
  name: 'IF :: Organisation',
  version: '0.2',
  description:
    'Organisation IF / ELSE condition block. The `then` output will be used if the encoded conditions is satisfied, otherwise the `else` output will be used.',
  icon: 'code-branch',
  html_template: 'if',
  expect_misp_core_format: true,
  params: [
    {
      id: 'org_type',
      label: 'Organisation Type',
      type: 'select',
      options: { org: 'Owner Organisation', orgc: 'Creator Organisation' },
      default: 'orgc',
    },
    {
      id: 'condition',
      label: 'Condition',
      type: 'select',
      default: 'in',
      options: { in: 'Is any of (OR)', not_in: 'Is not any of (OR)' },
    },
    {
      id: 'org_id',
      type: 'picker',
      multiple: true,
      // Filled from the organisations of the instance, ordered by lower-cased name: `{<id>: <name>}`.
      options: {},
      default: [1],
      placeholder: 'Pick an organisation',
    },
  ],
  exec({ params, data }) {
    const condition = params.condition
    const operator =
      typeof condition === 'string' && Object.hasOwn(LEGACY_OPERATORS, condition)
        ? LEGACY_OPERATORS[condition]
        : condition
    const raw = phpTruthy(params.org_id) ? params.org_id : []
    const selected = isPhpArray(raw) ? raw : [raw]
    const path = params.org_type === 'orgc' ? 'Event.orgc_id' : 'Event.org_id'
    return evaluateCondition(selected, operator, phpIntval(get(data, path)))
  },
})

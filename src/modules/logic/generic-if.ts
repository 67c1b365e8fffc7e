/** IF :: Generic (spec/ENGINE.md §4.2 `generic-if`). */
import { phpTruthy } from '../../format/index.ts'
import { evaluateCondition } from '../../engine/index.ts'
import { extract, get } from '../../hashpath/index.ts'
import { defineLogicModule } from '../define.ts'
import { FILTER_OPERATORS } from './generic-filter-data.ts'

/**
 * IF :: Generic: `then` when the data at `hash_path` satisfies the condition (spec/ENGINE.md
 * §4.2, §2.9.3). `equals`/`not_equals` read one value with `Hash::get` (default `[]`), so a
 * missing path or a `{n}` path yields an array and fails both; the other operators use
 * `Hash::extract`; `any_value` holds when something was extracted.
 */
export const genericIf = defineLogicModule<{
  value: unknown
  value_list: unknown
  operator: unknown
  hash_path: unknown
}>({
  id: 'generic-if',
  name: 'IF :: Generic',
  version: '0.2',
  description:
    'Generic IF / ELSE condition block. The `then` output will be used if the encoded conditions is satisfied, otherwise the `else` output will be used.',
  icon: 'code-branch',
  html_template: 'if',
  params: [
    {
      id: 'value',
      label: 'Value',
      type: 'input',
      placeholder: 'tlp:red',
      display_on: { operator: ['in', 'not_in', 'equals', 'not_equals'] },
    },
    {
      id: 'value_list',
      label: 'Value list',
      type: 'picker',
      picker_create_new: true,
      display_on: { operator: 'in_or' },
    },
    { id: 'operator', label: 'Operator', type: 'select', default: 'in', options: FILTER_OPERATORS },
    { id: 'hash_path', label: 'Hash path', type: 'hashpath', placeholder: 'Attribute.{n}.Tag' },
  ],
  exec({ params, data }) {
    const { operator } = params
    const path = String(params.hash_path ?? '')
    const value = operator === 'in_or' ? params.value_list : params.value
    if (operator === 'equals' || operator === 'not_equals') {
      return evaluateCondition(get(data, path, []), operator, value)
    }
    const extracted = extract(data, path)
    if (operator === 'any_value') return phpTruthy(extracted)
    return evaluateCondition(extracted, operator, value)
  },
})

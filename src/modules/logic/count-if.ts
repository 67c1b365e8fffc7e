/** IF :: Count (spec/ENGINE.md §4.2 `count-if`). */
import { phpGreaterOrEqual, phpGreaterThan, phpLessOrEqual, phpLessThan, phpLooseEquals } from '../../format/index.ts'
import { extract } from '../../hashpath/index.ts'
import { defineLogicModule } from '../define.ts'

type Comparison = (amount: number, value: unknown) => boolean

const COMPARISONS: Record<string, Comparison> = {
  equals: (amount, value) => phpLooseEquals(amount, value),
  not_equals: (amount, value) => !phpLooseEquals(amount, value),
  greater: (amount, value) => phpGreaterThan(amount, value),
  greater_equals: (amount, value) => phpGreaterOrEqual(amount, value),
  less: (amount, value) => phpLessThan(amount, value),
  less_equals: (amount, value) => phpLessOrEqual(amount, value),
}

function countOf(extracted: unknown): number {
  if (Array.isArray(extracted)) return extracted.length
  if (typeof extracted === 'object' && extracted !== null) return Object.keys(extracted).length
  return extracted === undefined || extracted === null ? 0 : 1
}

/**
 * IF :: Count: `then` when the number of entries the selector extracts compares true with
 * the value, PHP-8-loosely (`0 == ""` is false; a non-numeric value compares as a string).
 * Unknown operators are false (spec/ENGINE.md §4.2).
 */
export const countIf = defineLogicModule<{ selector: unknown; operator: unknown; value: unknown }>({
  id: 'count-if',
  name: 'IF :: Count',
  version: '0.1',
  description:
    'Count IF / ELSE condition block. It counts the amount of entry selected by the provided hashpath. The `then` output will be used if the encoded conditions is satisfied, otherwise the `else` output will be used.',
  icon: 'code-branch',
  html_template: 'if',
  params: [
    {
      id: 'selector',
      label: 'Data selector to count',
      type: 'hashpath',
      placeholder: 'Event.Tag.{n}.name',
      hashpath: { is_sub_selector: false },
    },
    {
      id: 'operator',
      label: 'Condition',
      type: 'select',
      default: 'equals',
      options: {
        equals: 'Equals to',
        not_equals: 'Not Equals to',
        greater: 'Greater than',
        greater_equals: 'Greater or equals than',
        less: 'Less than',
        less_equals: 'Less or equals than',
      },
    },
    { id: 'value', label: 'Value', type: 'input', placeholder: '50' },
  ],
  exec({ params, data }) {
    const amount = countOf(extract(data, String(params.selector ?? '')))
    const operator = typeof params.operator === 'string' ? params.operator : ''
    const compare = Object.hasOwn(COMPARISONS, operator) ? COMPARISONS[operator] : undefined
    return compare ? compare(amount, params.value) : false
  },
})

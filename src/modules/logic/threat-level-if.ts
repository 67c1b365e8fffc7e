/** IF :: Threat Level (spec/ENGINE.md §4.2 `threat-level-if`, §10). */
import { isPhpArray, phpArrayGet, phpGreaterOrEqual, phpLessOrEqual, phpLooseEquals } from '../../format/index.ts'
import { defineLogicModule } from '../define.ts'

type Comparison = (threatLevel: unknown, selected: unknown) => boolean

// A lower id is more severe (1 High … 4 Undefined).
const COMPARISONS: Record<string, Comparison> = {
  equals: (threatLevel, selected) => phpLooseEquals(threatLevel, selected),
  not_equals: (threatLevel, selected) => !phpLooseEquals(threatLevel, selected),
  greater_or_equal_than: (threatLevel, selected) => phpLessOrEqual(threatLevel, selected),
  less_or_equal_than: (threatLevel, selected) => phpGreaterOrEqual(threatLevel, selected),
}

/** `$data['Event']['threat_level_id']`: null when missing. */
function threatLevelOf(data: unknown): unknown {
  const event = isPhpArray(data) ? phpArrayGet(data, 'Event') : undefined
  return (isPhpArray(event) ? phpArrayGet(event, 'threat_level_id') : undefined) ?? null
}

/**
 * IF :: Threat Level: `then` when the event's `threat_level_id` compares true with the selected
 * level, PHP-loosely; "greater or equal" means at least as severe (a lower or equal id).
 * MISP quirk (Q6): the default `"Low"` is a name, so `"3" == "Low"` is false, kept as MISP
 * does. A missing `threat_level_id` is null, and `null <= "2"` holds in PHP (§10).
 */
export const threatLevelIf = defineLogicModule<{ condition: unknown; threatlevel: unknown }>({
  id: 'threat-level-if',
  name: 'IF :: Threat Level',
  version: '0.1',
  description:
    'Threat Level IF / ELSE condition block. The `then` output will be used if the encoded conditions is satisfied, otherwise the `else` output will be used.',
  icon: 'code-branch',
  html_template: 'if',
  params: [
    {
      id: 'condition',
      label: 'Condition',
      type: 'select',
      default: 'equals',
      options: {
        equals: 'Is',
        not_equals: 'Is not',
        greater_or_equal_than: 'Greater or equal than',
        less_or_equal_than: 'Less or equal than',
      },
    },
    {
      id: 'threatlevel',
      label: 'Threat Level',
      type: 'select',
      default: 'Low',
      // MISP's threat-level table, fixed in every installation.
      options: { 1: 'High', 2: 'Medium', 3: 'Low', 4: 'Undefined' },
      placeholder: 'Pick a threat level',
    },
  ],
  exec({ params, data }) {
    const operator = typeof params.condition === 'string' ? params.condition : ''
    const compare = Object.hasOwn(COMPARISONS, operator) ? COMPARISONS[operator] : undefined
    return compare ? compare(threatLevelOf(data), params.threatlevel) : false
  },
})

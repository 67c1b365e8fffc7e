/** IF :: Distribution (spec/ENGINE.md §4.2 `distribution-if`, §10). */
import { UserError } from '../../errors.ts'
import { isPhpArray, phpArrayGet, phpIntval, phpLooseEquals, phpToString, phpTruthy } from '../../format/index.ts'
import { evaluateCondition } from '../../engine/index.ts'
import { defineLogicModule } from '../define.ts'
import { distributionOptions } from '../distribution-levels.ts'

const SHARING_GROUP = 4
/** MISP's `__getPropagatedDistribution` start value when there is no attribute: 5, "inherit". */
const INHERIT = 5

/** `$container[$key]`: undefined when the container is not an array or lacks the key. */
function field(container: unknown, key: string): unknown {
  return isPhpArray(container) ? phpArrayGet(container, key) : undefined
}

/** `0` if either is 0, else `4` if either is 4, else the smaller. */
function mostRestrictive(a: number, b: number): number {
  if (a === 0 || b === 0) return 0
  if (a === SHARING_GROUP || b === SHARING_GROUP) return SHARING_GROUP
  return Math.min(a, b)
}

function propagatedDistribution(event: unknown, object: unknown = [], attribute: unknown = []): number {
  let final = phpTruthy(attribute) ? phpIntval(field(attribute, 'distribution')) : INHERIT
  if (phpTruthy(object)) final = mostRestrictive(final, phpIntval(field(object, 'distribution')))
  return mostRestrictive(final, phpIntval(field(event, 'distribution')))
}

function sharingGroupIds(event: unknown, object: unknown, attribute: unknown, scope: unknown): unknown[] {
  const hasSharingGroup = (entity: unknown) =>
    phpTruthy(entity) && phpLooseEquals(field(entity, 'distribution'), SHARING_GROUP)
  const ids: unknown[] = []
  if (hasSharingGroup(event)) ids.push(field(event, 'sharing_group_id') ?? null)
  if (phpLooseEquals(scope, 'event')) return ids
  if (hasSharingGroup(attribute)) ids.push(field(attribute, 'sharing_group_id') ?? null)
  if (hasSharingGroup(object)) ids.push(field(object, 'sharing_group_id') ?? null)
  return ids
}

/** PHP `array_diff($ids, $selection)`: the ids whose string form is not in the selection. */
function notSelected(ids: unknown[], selection: unknown[]): unknown[] {
  const selected = new Set(selection.map(phpToString))
  return ids.filter((id) => !selected.has(phpToString(id)))
}

function sharingGroupCondition(operator: unknown, ids: unknown[], rawSelection: unknown, errors: string[]): boolean {
  const selection = phpTruthy(rawSelection) ? rawSelection : []
  const isEquals = phpLooseEquals(operator, 'equals')
  if (!isEquals && !phpLooseEquals(operator, 'not_equals')) {
    errors.push('Condition operator not supported for that distribution level')
    return false
  }
  const selected = isPhpArray(selection) ? Object.values(selection) : null
  if (selected !== null && selected.length === 0) return isEquals ? ids.length > 0 : ids.length === 0
  // MISP's `array_diff` on a lone id (not a list) is a PHP TypeError: the run crashes (§10).
  if (selected === null) {
    throw new UserError(
      'SLC_MISP_CRASH',
      `The parameter \`sharing_group_id\` must be a list, not ${JSON.stringify(rawSelection)}`,
    )
  }
  const rest = notSelected(ids, selected)
  return isEquals ? rest.length === 0 : rest.length === ids.length
}

/** PHP `range($from, $to)` over integers, in either direction. */
function range(from: number, to: number): number[] {
  const step = from <= to ? 1 : -1
  const values: number[] = []
  for (let value = from; step > 0 ? value <= to : value >= to; value += step) values.push(value)
  return values
}

function levelCondition(operator: unknown, selected: unknown, final: number): boolean {
  if (operator === 'more_restrictive_or_equal_than')
    return evaluateCondition(range(0, phpIntval(selected)), 'in', final)
  if (operator === 'more_permisive_or_equal_than') return evaluateCondition(range(phpIntval(selected), 3), 'in', final)
  return evaluateCondition(phpIntval(selected), operator, final)
}

/** `Event.Attribute[0]` and its `Object` (`[]` when absent), as MISP hands them to its helpers. */
function firstAttributeAndObject(event: unknown): { attribute: unknown; object: unknown } {
  const attribute = field(field(event, 'Attribute'), '0')
  // MISP passes `Event.Attribute[0]` to an `array` parameter: null crashes it with a TypeError (§10).
  if (!isPhpArray(attribute)) {
    throw new UserError(
      'SLC_MISP_CRASH',
      'The event has no attribute: the distribution of `Event.Attribute[0]` cannot be evaluated',
    )
  }
  const object = field(attribute, 'Object') ?? []
  // Likewise for the object: anything but an array is a TypeError (§10).
  if (!isPhpArray(object)) throw new UserError('SLC_MISP_CRASH', 'The first attribute’s `Object` is not an array')
  return { attribute, object }
}

/**
 * IF :: Distribution: `then` when the final distribution (of the event, or of its first
 * attribute folded with its object and the event) satisfies the condition; for the
 * sharing-group level, when the sharing groups match the selection (spec/ENGINE.md §4.2).
 * Where MISP crashes on an event without attributes (scope `attribute`, or the sharing-group
 * level, which reads the first attribute in both scopes), the node fails with an error (§10).
 */
export const distributionIf = defineLogicModule<{
  scope: unknown
  condition: unknown
  distribution: unknown
  sharing_group_id: unknown
}>({
  id: 'distribution-if',
  name: 'IF :: Distribution',
  version: '0.3',
  description:
    'Distribution IF / ELSE condition block. The `then` output will be used if the encoded conditions is satisfied, otherwise the `else` output will be used.',
  icon: 'code-branch',
  html_template: 'if',
  expect_misp_core_format: true,
  params: [
    {
      id: 'scope',
      label: 'Scope',
      type: 'select',
      options: { attribute: 'Final distribution of the Attribute', event: 'Distribution of the Event' },
      default: 'attribute',
    },
    {
      id: 'condition',
      label: 'Condition',
      type: 'select',
      default: 'equals',
      options: {
        equals: 'Is',
        not_equals: 'Is not',
        more_restrictive_or_equal_than: 'More restrictive or equal than',
        more_permisive_or_equal_than: 'More permisive or equal than',
      },
    },
    {
      id: 'distribution',
      label: 'Distribution',
      type: 'select',
      default: '0',
      options: distributionOptions(),
      placeholder: 'Pick a distribution',
    },
    {
      id: 'sharing_group_id',
      label: 'Sharing Groups',
      type: 'picker',
      multiple: true,
      // Filled from the sharing groups of the instance: `{<id>: <name>}`.
      options: {},
      default: [],
      placeholder: 'Pick a sharing group',
      display_on: { distribution: '4' },
    },
  ],
  exec({ params, data, errors }) {
    const event = field(data, 'Event')
    if (!isPhpArray(event))
      throw new UserError('SLC_MISP_CRASH', 'The data holds no event: its distribution cannot be evaluated')
    const { scope, condition, distribution } = params
    // MISP reads the first attribute for the attribute scope before it checks the level, but
    // for the sharing-group level only after: an unsupported event level on an event without
    // attributes is an error line there, not a crash (spec/ENGINE.md §4.2 steps 1-3).
    const isAttributeScope = phpLooseEquals(scope, 'attribute')
    const first = isAttributeScope ? firstAttributeAndObject(event) : null
    const final = first ? propagatedDistribution(event, first.object, first.attribute) : propagatedDistribution(event)
    if (final < 0 || final > SHARING_GROUP) {
      errors.push('Distribution level not supported')
      return false
    }
    if (phpLooseEquals(distribution, SHARING_GROUP)) {
      // MISP quirk: the final distribution is not checked to be 4 here.
      const { attribute, object } = first ?? firstAttributeAndObject(event)
      const ids = sharingGroupIds(event, object, attribute, scope)
      return sharingGroupCondition(condition, ids, params.sharing_group_id, errors)
    }
    return levelCondition(condition, distribution, final)
  },
})

/**
 * Conformance audit of the logic modules and of node-level condition evaluation against MISP
 * 2.5.1 on odd input (spec/ENGINE.md §2.8, §2.9, §4.2; HASHPATH.md §3, §4, §7). Each case
 * states what MISP's PHP does with the input and why; the ones marked "fix" failed before
 * the audit.
 */
import { describe, expect, it } from 'vitest'
import { applyPathFilters, itemsMatchingCondition, matchingItemsForAttributes } from '../src/engine/index.ts'
import { countIf, distributionIf, genericIf, tagIf, threatLevelIf } from '../src/modules/logic/index.ts'
import { execModule } from './harness/exec-module.ts'

const event = {
  Event: {
    id: '7',
    distribution: '5',
    sharing_group_id: '1',
    Tag: [{ name: 'tlp:red' }],
    _AttributeFlattened: [{ type: 'ip-dst' }, { type: 'domain' }],
  },
}

describe('itemsMatchingCondition', () => {
  // Fix (§2.9.2): MISP tests each step with its own `$operator == …`, and `true` equals every
  // operator name: the first-value step and the any_value step both apply, so an item with
  // something at the path is kept whatever the value.
  it('applies every operator step to an operator `true`, as PHP loose == does', () => {
    const items = [{ type: 'ip-dst' }, { value: 'x' }]
    expect(itemsMatchingCondition(items, 'domain', true, 'type')).toEqual([{ type: 'ip-dst' }])
  })

  // §2.9.2 step 2: with an empty path the item itself is the sub-value, and `$item[0]` of an
  // attribute (a map without key 0) is null, which equals "" loosely.
  it('compares a whole map item as null with equals, as PHP $item[0] does', () => {
    expect(itemsMatchingCondition([{ type: 'ip-dst' }], '', 'equals', '')).toEqual([{ type: 'ip-dst' }])
    expect(itemsMatchingCondition([{ type: 'ip-dst' }], 'ip-dst', 'equals', '')).toEqual([])
  })
})

describe('node filters (§2.9.1)', () => {
  it('takes the top-level entries of the view as the items when the selector is ""', () => {
    const filters = { selector: '', value: 'tlp:red', operator: 'in', path: 'Tag.{n}.name' }
    expect(matchingItemsForAttributes(filters, event)).toEqual(event)
    expect(matchingItemsForAttributes({ ...filters, value: 'tlp:white' }, event)).toEqual([])
  })
})

describe('path filters (§2.8.3)', () => {
  // Hash::insert with the path "" assigns the key "": the kept entries are stored beside the
  // data, which itself is left as it was.
  it('stores the kept top-level entries under the key "" when the selector is ""', () => {
    const data = {
      ...event,
      enabledFilters: { A: { selector: '', path: 'Tag.{n}.name', operator: 'not_in', value: 'tlp:red' } },
    }
    const view = applyPathFilters(data) as Record<string, unknown>
    expect(view.Event).toEqual(event.Event)
    expect(view['']).toEqual({ enabledFilters: data.enabledFilters })
  })
})

describe('IF modules on odd input (§4.2)', () => {
  it('count-if counts the top-level keys for an empty selector, as Hash::extract returns the data', async () => {
    expect((await execModule(countIf, { selector: '', operator: 'equals', value: '1' }, event)).result).toBe(true)
  })

  it('count-if compares "1 " with trailing whitespace numerically, as PHP 8 does', async () => {
    const params = { selector: 'Event.Tag', operator: 'equals', value: '1 ' }
    expect((await execModule(countIf, params, event)).result).toBe(true)
  })

  it('generic-if any_value holds on an empty hash path: the whole data is extracted', async () => {
    expect((await execModule(genericIf, { operator: 'any_value', hash_path: '' }, event)).result).toBe(true)
  })

  it('tag-if in_and holds for an empty selection: no match equals no selection, as PHP == does', async () => {
    expect((await execModule(tagIf, { condition: 'in_and' }, event)).result).toBe(true)
  })

  it('threat-level-if less_or_equal_than fails on a missing threat level: null >= "2" is false', async () => {
    const params = { condition: 'less_or_equal_than', threatlevel: '2' }
    expect((await execModule(threatLevelIf, params, event)).result).toBe(false)
  })

  // Fix (§4.2 distribution-if steps 2-3): the level check precedes the sharing-group branch,
  // which is the first to read `Event.Attribute[0]` in the event scope.
  it('distribution-if reports an unsupported event level before reading an attribute', async () => {
    const params = { scope: 'event', condition: 'equals', distribution: '4', sharing_group_id: ['1'] }
    const outcome = await execModule(distributionIf, params, event)
    expect(outcome).toMatchObject({ result: false, errors: ['Distribution level not supported'] })
  })
})

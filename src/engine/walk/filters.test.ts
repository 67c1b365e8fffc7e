import { describe, expect, it } from 'vitest'
import type { SavedFilters } from '../contract/index.ts'
import { applyPathFilters, effectiveNodeFilters, matchingItemsForAttributes, nodeFiltersEnabled } from './filters.ts'

const ip = { type: 'ip-dst', value: '1.2.3.4', to_ids: '1' }
const domain = { type: 'domain', value: 'example.com', to_ids: '0' }
const url = { type: 'url', value: 'http://x', to_ids: '1' }

function event(extra: Record<string, unknown> = {}) {
  return {
    Event: {
      id: '1',
      info: 'test',
      Tag: [{ name: 'tlp:red' }, { name: 'misp-galaxy:threat-actor="Sofacy"' }],
      _AttributeFlattened: [ip, domain, url],
    },
    ...extra,
  }
}

const filter = (selector: string, path: string, operator: string, value: unknown) => ({
  selector,
  path,
  operator,
  value,
})

describe('applyPathFilters', () => {
  it('crashes like MISP when enabledFilters or one of its filters is not an array (PHP TypeError)', () => {
    const code = (data: unknown) => {
      try {
        applyPathFilters(data)
      } catch (error) {
        return (error as { code?: string }).code
      }
      return 'no error'
    }
    // getEnabledFilters(): array returns a non-empty string; applyFilter(array $data, array $options).
    expect(code(event({ enabledFilters: 'A' }))).toBe('SLC_MISP_CRASH')
    expect(code(event({ enabledFilters: { A: 'x' } }))).toBe('SLC_MISP_CRASH')
    // PHP-empty values are no filters at all.
    expect(code(event({ enabledFilters: '0' }))).toBe('no error')
    expect(code(event({ enabledFilters: false }))).toBe('no error')
  })

  it('returns the data itself when no filter is enabled', () => {
    for (const data of [event(), event({ enabledFilters: {} }), event({ enabledFilters: [] }), null, 'x']) {
      expect(applyPathFilters(data)).toBe(data)
    }
  })

  it('strips a trailing .{n} from the selector and keeps the original keys', () => {
    const data = event({ enabledFilters: { A: filter('Event._AttributeFlattened.{n}', 'type', 'equals', 'domain') } })
    const view = applyPathFilters(data) as ReturnType<typeof event>
    expect(view.Event._AttributeFlattened).toEqual({ 1: domain })
    expect(view.Event.Tag).toEqual(data.Event.Tag)
    expect((view as Record<string, unknown>).enabledFilters).toBe((data as Record<string, unknown>).enabledFilters)
  })

  it('filters a collection named without .{n}', () => {
    const data = event({ enabledFilters: { F: filter('Event.Tag', 'name', 'equals', 'tlp:red') } })
    expect((applyPathFilters(data) as ReturnType<typeof event>).Event.Tag).toEqual([{ name: 'tlp:red' }])
  })

  it('keeps enabledFilters and _unfilteredData in the view', () => {
    const snapshot = event()
    const data = event({
      _unfilteredData: snapshot,
      enabledFilters: { A: filter('Event._AttributeFlattened.{n}', 'to_ids', 'equals', '1') },
    })
    const view = applyPathFilters(data) as Record<string, unknown>
    expect(view._unfilteredData).toBe(snapshot)
    expect((view.Event as { _AttributeFlattened: unknown })._AttributeFlattened).toEqual({ 0: ip, 2: url })
  })

  it('does not change the stored data', () => {
    const data = event({ enabledFilters: { A: filter('Event._AttributeFlattened.{n}', 'type', 'equals', 'url') } })
    const before = structuredClone(data)
    applyPathFilters(data)
    expect(data).toEqual(before)
  })

  it('combines several filters', () => {
    const data = event({
      enabledFilters: {
        A: filter('Event._AttributeFlattened.{n}', 'type', 'in_or', ['ip-dst', 'url']),
        B: filter('Event._AttributeFlattened.{n}', 'to_ids', 'equals', '1'),
        C: filter('Event.Tag.{n}', 'name', 'not_equals', 'tlp:red'),
      },
    })
    const view = applyPathFilters(data) as ReturnType<typeof event>
    expect(view.Event._AttributeFlattened).toEqual({ 0: ip, 2: url })
    expect(view.Event.Tag).toEqual({ 1: { name: 'misp-galaxy:threat-actor="Sofacy"' } })
  })

  it('applies the filters in insertion order', () => {
    // A keeps the objects holding an ip-dst; B keeps the domain attributes of object 0.
    // A then B: object 0 survives with its domain only. B then A: object 0 lost its ip-dst first.
    const objects = { Event: { Object: [{ name: 'o', Attribute: [ip, domain] }] } }
    const a = filter('Event.Object.{n}', 'Attribute.{n}.type', 'in', 'ip-dst')
    const b = filter('Event.Object.0.Attribute', 'type', 'equals', 'domain')
    const aThenB = applyPathFilters({ ...objects, enabledFilters: { A: a, B: b } }) as typeof objects
    const bThenA = applyPathFilters({ ...objects, enabledFilters: { B: b, A: a } }) as typeof objects
    expect(aThenB.Event.Object).toEqual([{ name: 'o', Attribute: { 1: domain } }])
    expect(bThenA.Event.Object).toEqual([])
  })

  it('is idempotent: filtering a view again gives the same view', () => {
    const data = event({
      enabledFilters: {
        A: filter('Event._AttributeFlattened.{n}', 'type', 'not_equals', 'domain'),
        B: filter('Event.Tag', 'name', 'in', 'tlp:red'),
      },
    })
    const view = applyPathFilters(data)
    expect(applyPathFilters(view)).toEqual(view)
  })
})

describe('effectiveNodeFilters', () => {
  const node = (saved_filters: unknown) =>
    ({ data: { id: 'x', module_type: 'action' as const, saved_filters } }) as never

  it('reads the object form', () => {
    const saved = { selector: 'Event._AttributeFlattened.{n}', value: '1', operator: 'equals', path: 'to_ids' }
    expect(effectiveNodeFilters(node(saved))).toEqual(saved)
  })

  it('uses "" for missing or null values', () => {
    expect(effectiveNodeFilters(node({ selector: 'a', value: null }))).toEqual({
      selector: 'a',
      value: '',
      operator: '',
      path: '',
    })
  })

  it('ignores the values of the list form, as PHP does', () => {
    const listForm = [
      { text: 'selector', value: 'Event' },
      { text: 'value', value: 'x' },
      { text: 'operator', value: 'equals' },
      { text: 'path', value: 'info' },
    ]
    expect(effectiveNodeFilters(node(listForm))).toEqual({ selector: '', value: '', operator: '', path: '' })
  })

  it('uses "" everywhere when saved_filters is missing', () => {
    expect(effectiveNodeFilters(node(undefined))).toEqual({ selector: '', value: '', operator: '', path: '' })
  })

  it('keeps a hand-written list value', () => {
    expect(effectiveNodeFilters(node({ value: ['a', 'b'] })).value).toEqual(['a', 'b'])
  })
})

describe('nodeFiltersEnabled', () => {
  const filters = (partial: Partial<Record<keyof SavedFilters, unknown>>) =>
    ({ selector: '', value: '', operator: '', path: '', ...partial }) as SavedFilters

  it('is false when all four values are ""', () => {
    expect(nodeFiltersEnabled(filters({}))).toBe(false)
  })

  it('is true when any value is set', () => {
    for (const key of ['selector', 'value', 'operator', 'path'] as const) {
      expect(nodeFiltersEnabled(filters({ [key]: 'x' }))).toBe(true)
    }
  })

  it('compares loosely with "": null is unset, 0 is set under PHP 8', () => {
    expect(nodeFiltersEnabled(filters({ value: null }))).toBe(false)
    expect(nodeFiltersEnabled(filters({ value: 0 }))).toBe(true)
  })
})

describe('matchingItemsForAttributes', () => {
  const none = { selector: '', value: '', operator: '', path: '' }

  it('returns every flattened attribute without filters', () => {
    expect(matchingItemsForAttributes(none, event())).toEqual([ip, domain, url])
  })

  it('returns the filtered items with their original keys', () => {
    const filters = { selector: 'Event._AttributeFlattened.{n}', value: '1', operator: 'equals', path: 'to_ids' }
    expect(matchingItemsForAttributes(filters, event())).toEqual({ 0: ip, 2: url })
  })

  it('treats selector "" as the top-level entries of the data', () => {
    const filters = { selector: '', value: 'tlp:red', operator: 'in', path: 'Tag.{n}.name' }
    const data = event()
    expect(matchingItemsForAttributes(filters, data)).toBe(data)
    expect(matchingItemsForAttributes({ ...filters, value: 'tlp:white' }, data)).toEqual([])
  })

  it('returns an empty list when the data holds no attributes', () => {
    expect(matchingItemsForAttributes(none, { Event: { id: '1' } })).toEqual([])
  })
})

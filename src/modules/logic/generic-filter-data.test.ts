import { describe, expect, it } from 'vitest'
import { execModule } from '../../../test/harness/exec-module.ts'
import { applyPathFilters } from '../../engine/index.ts'
import { genericFilterData } from './generic-filter-data.ts'

const ip = { type: 'ip-dst', value: '1.2.3.4' }
const domain = { type: 'domain', value: 'example.com' }
const original = () => ({ Event: { id: '1', _AttributeFlattened: [ip, domain] } })

const domainsOnly = {
  'filtering-label': 'A',
  selector: 'Event._AttributeFlattened.{n}',
  hash_path: 'type',
  operator: 'equals',
  value: 'domain',
  value_list: '',
}

describe('generic-filter-data', () => {
  it('adds the filter under its label and snapshots the unfiltered data', async () => {
    const outcome = await execModule(genericFilterData, domainsOnly, original())
    expect(outcome.result).toBe(true)
    expect(outcome.data).toEqual({
      ...original(),
      _unfilteredData: original(),
      enabledFilters: {
        A: { selector: 'Event._AttributeFlattened.{n}', path: 'type', operator: 'equals', value: 'domain' },
      },
    })
  })

  it('makes later reads see the filtered view', async () => {
    const { data } = await execModule(genericFilterData, domainsOnly, original())
    expect((applyPathFilters(data) as ReturnType<typeof original>).Event._AttributeFlattened).toEqual({ 1: domain })
  })

  it('stores value_list as the value for in_or', async () => {
    const params = { ...domainsOnly, operator: 'in_or', value: 'ignored', value_list: ['ip-dst', 'url'] }
    const { data } = await execModule(genericFilterData, params, original())
    expect((data as { enabledFilters: { A: { value: unknown } } }).enabledFilters.A.value).toEqual(['ip-dst', 'url'])
  })

  it('defaults to label A and the operator in', async () => {
    const { data } = await execModule(genericFilterData, { selector: 'Event.Tag.{n}', hash_path: 'name' }, original())
    expect((data as { enabledFilters: unknown }).enabledFilters).toEqual({
      A: { selector: 'Event.Tag.{n}', path: 'name', operator: 'in', value: '' },
    })
  })

  it('keeps the first snapshot and adds or replaces labels', async () => {
    const first = await execModule(genericFilterData, domainsOnly, original())
    const second = await execModule(
      genericFilterData,
      { ...domainsOnly, 'filtering-label': 'B', value: 'url' },
      first.data,
    )
    const third = await execModule(genericFilterData, { ...domainsOnly, value: 'ip-dst' }, second.data)
    const data = third.data as { _unfilteredData: unknown; enabledFilters: Record<string, { value: string }> }
    expect(data._unfilteredData).toEqual(original())
    expect(Object.keys(data.enabledFilters)).toEqual(['A', 'B'])
    expect(data.enabledFilters.A.value).toBe('ip-dst')
  })

  it('snapshots the filtered view when filters were already active', async () => {
    // A view after "reset all" has `enabledFilters: []` and no snapshot: the next filter takes a new one.
    const afterReset = { ...original(), enabledFilters: [] }
    const { data } = await execModule(genericFilterData, domainsOnly, afterReset)
    expect((data as { _unfilteredData: unknown })._unfilteredData).toEqual(afterReset)
    expect(Object.keys((data as { enabledFilters: object }).enabledFilters)).toEqual(['A'])
  })

  it('snapshots the data as it was before the first filter, leaving the input unmodified', async () => {
    const input = original()
    const { data } = await execModule(genericFilterData, domainsOnly, input)
    expect((data as { _unfilteredData: unknown })._unfilteredData).toEqual(original())
    expect(input).toEqual(original())
  })
})

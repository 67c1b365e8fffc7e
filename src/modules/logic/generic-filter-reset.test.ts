import { describe, expect, it } from 'vitest'
import { execModule } from '../../../test/harness/exec-module.ts'
import { genericFilterData } from './generic-filter-data.ts'
import { genericFilterReset } from './generic-filter-reset.ts'

const ip = { type: 'ip-dst', value: '1.2.3.4' }
const domain = { type: 'domain', value: 'example.com' }
const original = () => ({ Event: { id: '1', info: 'original', _AttributeFlattened: [ip, domain] } })

const filterParams = (label: string, value: string) => ({
  'filtering-label': label,
  selector: 'Event._AttributeFlattened.{n}',
  hash_path: 'type',
  operator: 'equals',
  value,
})

async function filtered(...labels: string[]): Promise<unknown> {
  let data: unknown = original()
  for (const label of labels) data = (await execModule(genericFilterData, filterParams(label, 'domain'), data)).data
  return data
}

describe('generic-filter-reset', () => {
  it('restores the snapshot with no filters for "all"', async () => {
    const outcome = await execModule(genericFilterReset, { 'filtering-label': 'all' }, await filtered('A', 'B'))
    expect(outcome.result).toBe(true)
    expect(outcome.data).toEqual({ ...original(), enabledFilters: [] })
  })

  it('defaults to "all"', async () => {
    expect((await execModule(genericFilterReset, {}, await filtered('A'))).data).toEqual({
      ...original(),
      enabledFilters: [],
    })
  })

  it('drops every filter when one label is reset, as PHP does', async () => {
    const { data } = await execModule(genericFilterReset, { 'filtering-label': 'A' }, await filtered('A', 'B'))
    expect(data).toEqual(original())
  })

  it('drops the active filters when an unused label is reset, as PHP does', async () => {
    const { data } = await execModule(genericFilterReset, { 'filtering-label': 'C' }, await filtered('A'))
    expect(data).toEqual(original())
  })

  it('loses changes made while filtered, as PHP does', async () => {
    const before = (await filtered('A')) as ReturnType<typeof original>
    const changed = { ...before, Event: { ...before.Event, info: 'changed' } }
    const { data } = await execModule(genericFilterReset, { 'filtering-label': 'all' }, changed)
    expect((data as ReturnType<typeof original>).Event.info).toBe('original')
  })

  it('removes exactly the label from a snapshot that holds filters (PHP unset of one key)', async () => {
    const filter = { selector: 'Event.Tag', path: 'name', operator: 'in', value: 'x' }
    const snapshot = { Event: {}, enabledFilters: { A: filter, A_1: filter, AB: filter, B: filter } }
    const { data } = await execModule(
      genericFilterReset,
      { 'filtering-label': 'A' },
      { Event: {}, _unfilteredData: snapshot },
    )
    expect(data).toEqual({ Event: {}, enabledFilters: { A_1: filter, AB: filter, B: filter } })
  })

  it('leaves an emptied filter list as [] and a snapshot without enabledFilters without the key', async () => {
    const filter = { selector: 'Event.Tag', path: 'name', operator: 'in', value: 'x' }
    const reset = async (snapshot: unknown) =>
      (await execModule(genericFilterReset, { 'filtering-label': 'A' }, { Event: {}, _unfilteredData: snapshot })).data
    expect(await reset({ Event: {}, enabledFilters: { A: filter } })).toEqual({ Event: {}, enabledFilters: [] })
    expect(await reset({ Event: {} })).toEqual({ Event: {} })
  })

  it('replaces the data with {enabledFilters: []} when "all" is reset with no filter set, as PHP does', async () => {
    const { data } = await execModule(genericFilterReset, { 'filtering-label': 'all' }, original())
    expect(data).toEqual({ enabledFilters: [] })
  })

  it('fails with an error when a label is reset with no filter set, where MISP crashes', async () => {
    await expect(execModule(genericFilterReset, { 'filtering-label': 'A' }, original())).rejects.toThrow(
      'Cannot remove filter `A`: no filter is active',
    )
  })
})

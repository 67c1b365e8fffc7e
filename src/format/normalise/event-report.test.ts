import { describe, expect, it } from 'vitest'
import { deepFreeze, quickEvent } from '../__fixtures__/rows.ts'
import { inMemoryLookups } from '../in-memory-lookups.ts'
import type { PhpMap } from '../types.ts'
import { normaliseEventReportAfterSave } from './event-report.ts'

const lookups = inMemoryLookups({ quickEvents: { '42': deepFreeze(quickEvent()) } })

describe('normaliseEventReportAfterSave', () => {
  it('returns false without EventReport', async () => {
    expect(await normaliseEventReportAfterSave({}, lookups)).toBe(false)
  })
  it('gives the quick event with Event.EventReport = [report]', async () => {
    const report = { id: '3', event_id: '42', name: 'Initial analysis' }
    const event = ((await normaliseEventReportAfterSave(deepFreeze({ EventReport: report }), lookups)) as PhpMap)
      .Event as PhpMap
    expect(event.EventReport).toEqual([report])
    expect(Object.keys(event)).toEqual([
      'id',
      'info',
      'distribution',
      'sharing_group_id',
      'EventReport',
      'Orgc',
      'Tag',
      '_AttributeFlattened',
    ])
  })
  it('still converts when the event is not found', async () => {
    const output = await normaliseEventReportAfterSave({ EventReport: { id: '3', event_id: '9' } }, lookups)
    expect(output).toEqual({ Event: { EventReport: [{ id: '3', event_id: '9' }], _AttributeFlattened: [] } })
  })
})

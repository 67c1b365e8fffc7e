import { describe, expect, it } from 'vitest'
import { execModule } from '../../../test/harness/exec-module.ts'
import { organisationIf } from './organisation-if.ts'

const data = { Event: { org_id: '1', orgc_id: '2' } }

const run = async (params: Record<string, unknown>, event: unknown = data) =>
  (await execModule(organisationIf, params, event)).result

describe('organisation-if', () => {
  it('tests the creator organisation with in and not_in', async () => {
    expect(await run({ org_type: 'orgc', condition: 'in', org_id: ['2', '3'] })).toBe(true)
    expect(await run({ org_type: 'orgc', condition: 'not_in', org_id: ['2', '3'] })).toBe(false)
    expect(await run({ org_type: 'orgc', condition: 'not_in', org_id: ['3'] })).toBe(true)
  })

  it('tests the owner organisation', async () => {
    expect(await run({ org_type: 'org', condition: 'in', org_id: ['1'] })).toBe(true)
    expect(await run({ org_type: 'org', condition: 'in', org_id: ['2'] })).toBe(false)
  })

  it('maps the legacy operators equals and not_equals to in and not_in', async () => {
    expect(await run({ org_type: 'orgc', condition: 'equals', org_id: ['2'] })).toBe(true)
    expect(await run({ org_type: 'orgc', condition: 'not_equals', org_id: ['2'] })).toBe(false)
  })

  it('accepts a lone organisation id', async () => {
    expect(await run({ org_type: 'orgc', condition: 'in', org_id: '2' })).toBe(true)
  })

  it('compares loosely: the selected "2" matches the id 2', async () => {
    expect(await run({ org_type: 'orgc', condition: 'in', org_id: [2] })).toBe(true)
  })

  it('uses the defaults orgc, in and [1]', async () => {
    expect(await run({}, { Event: { orgc_id: '1' } })).toBe(true)
    expect(await run({}, { Event: { orgc_id: '2' } })).toBe(false)
  })

  it('counts a missing id as 0, as PHP intval(null) does', async () => {
    expect(await run({ org_type: 'orgc', condition: 'not_in', org_id: ['2'] }, { Event: {} })).toBe(true)
    expect(await run({ org_type: 'orgc', condition: 'in', org_id: ['0'] }, { Event: {} })).toBe(true)
  })

  it('treats an empty selection as no organisation', async () => {
    expect(await run({ org_type: 'orgc', condition: 'in', org_id: [] })).toBe(false)
    expect(await run({ org_type: 'orgc', condition: 'not_in', org_id: '' })).toBe(true)
  })
})

import { describe, expect, it } from 'vitest'
import { execModule } from '../../../test/harness/exec-module.ts'
import { threatLevelIf } from './threat-level-if.ts'

const run = async (params: Record<string, unknown>, threatLevelId?: unknown) =>
  (
    await execModule(threatLevelIf, params, {
      Event: threatLevelId === undefined ? {} : { threat_level_id: threatLevelId },
    })
  ).result

describe('threat-level-if', () => {
  it('compares equals and not_equals loosely', async () => {
    expect(await run({ condition: 'equals', threatlevel: '2' }, '2')).toBe(true)
    expect(await run({ condition: 'equals', threatlevel: '2' }, 2)).toBe(true)
    expect(await run({ condition: 'equals', threatlevel: '2' }, '3')).toBe(false)
    expect(await run({ condition: 'not_equals', threatlevel: '2' }, '3')).toBe(true)
    expect(await run({ condition: 'not_equals', threatlevel: '2' }, '2')).toBe(false)
  })

  it('reads "greater or equal" as at least as severe (a lower or equal id)', async () => {
    expect(await run({ condition: 'greater_or_equal_than', threatlevel: '2' }, '1')).toBe(true)
    expect(await run({ condition: 'greater_or_equal_than', threatlevel: '2' }, '2')).toBe(true)
    expect(await run({ condition: 'greater_or_equal_than', threatlevel: '2' }, '3')).toBe(false)
  })

  it('reads "less or equal" as at most as severe (a higher or equal id)', async () => {
    expect(await run({ condition: 'less_or_equal_than', threatlevel: '2' }, '3')).toBe(true)
    expect(await run({ condition: 'less_or_equal_than', threatlevel: '2' }, '2')).toBe(true)
    expect(await run({ condition: 'less_or_equal_than', threatlevel: '2' }, '1')).toBe(false)
  })

  it('never matches the default "Low" with equals, as PHP does', async () => {
    expect(await run({ condition: 'equals' }, '3')).toBe(false)
    expect(await run({}, '3')).toBe(false)
  })

  it('holds "greater or equal than Medium" when threat_level_id is missing, as PHP does (null <= "2")', async () => {
    expect(await run({ condition: 'greater_or_equal_than', threatlevel: '2' })).toBe(true)
  })

  it('is false for an unknown operator', async () => {
    expect(await run({ condition: 'in', threatlevel: '2' }, '2')).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import { execModule } from '../../../test/harness/exec-module.ts'
import { distributionIf } from './distribution-if.ts'

interface EventShape {
  distribution: string
  sharing_group_id?: string
  Attribute?: unknown[]
}

const event = (distribution: string, Attribute?: unknown[], extra: Partial<EventShape> = {}) => ({
  Event: { distribution, ...(Attribute ? { Attribute } : {}), ...extra },
})

const run = async (params: Record<string, unknown>, data: unknown) => execModule(distributionIf, params, data)
const result = async (params: Record<string, unknown>, data: unknown) => (await run(params, data)).result

describe('distribution-if', () => {
  describe('scope event', () => {
    it('compares the event distribution with equals and not_equals', async () => {
      expect(await result({ scope: 'event', condition: 'equals', distribution: '1' }, event('1'))).toBe(true)
      expect(await result({ scope: 'event', condition: 'equals', distribution: '1' }, event('3'))).toBe(false)
      expect(await result({ scope: 'event', condition: 'not_equals', distribution: '1' }, event('3'))).toBe(true)
      expect(await result({ scope: 'event', condition: 'not_equals', distribution: '1' }, event('1'))).toBe(false)
    })

    it('reads more restrictive or equal as the range 0 … selected', async () => {
      const params = { scope: 'event', condition: 'more_restrictive_or_equal_than', distribution: '2' }
      expect(await result(params, event('0'))).toBe(true)
      expect(await result(params, event('2'))).toBe(true)
      expect(await result(params, event('3'))).toBe(false)
    })

    it('reads more permissive or equal as the range selected … 3', async () => {
      const params = { scope: 'event', condition: 'more_permisive_or_equal_than', distribution: '2' }
      expect(await result(params, event('1'))).toBe(false)
      expect(await result(params, event('2'))).toBe(true)
      expect(await result(params, event('3'))).toBe(true)
    })

    it('does not need attributes', async () => {
      expect(await result({ scope: 'event', condition: 'equals', distribution: '0' }, event('0'))).toBe(true)
    })

    it('is false for an unknown operator', async () => {
      expect(await result({ scope: 'event', condition: 'in', distribution: '1' }, event('1'))).toBe(false)
    })
  })

  describe('scope attribute', () => {
    it('folds the first attribute, its object and the event to the most restrictive level', async () => {
      const params = { scope: 'attribute', condition: 'equals' }
      expect(await result({ ...params, distribution: '1' }, event('3', [{ distribution: '1' }]))).toBe(true)
      expect(await result({ ...params, distribution: '1' }, event('1', [{ distribution: '3' }]))).toBe(true)
      expect(
        await result(
          { ...params, distribution: '2' },
          event('3', [{ distribution: '3', Object: { distribution: '2' } }]),
        ),
      ).toBe(true)
      expect(await result({ ...params, distribution: '2' }, event('2', [{ distribution: '4' }]))).toBe(false)
      expect(
        await result({ ...params, condition: 'not_equals', distribution: '3' }, event('3', [{ distribution: '4' }])),
      ).toBe(true)
      expect(await result({ ...params, distribution: '0' }, event('4', [{ distribution: '0' }]))).toBe(true)
    })

    it('inherits the event distribution when the attribute says 5', async () => {
      expect(
        await result(
          { scope: 'attribute', condition: 'equals', distribution: '2' },
          event('2', [{ distribution: '5' }]),
        ),
      ).toBe(true)
    })

    it('uses only the first attribute', async () => {
      const data = event('3', [{ distribution: '3' }, { distribution: '0' }])
      expect(await result({ scope: 'attribute', condition: 'equals', distribution: '3' }, data)).toBe(true)
    })

    it('fails with an error on an event without attributes, where MISP crashes', async () => {
      await expect(run({ condition: 'equals', distribution: '0' }, event('0'))).rejects.toThrow(/no attribute/)
      await expect(run({ condition: 'equals', distribution: '0' }, event('0', []))).rejects.toThrow(/no attribute/)
    })
  })

  it('fails with an error when the data holds no event', async () => {
    await expect(run({ scope: 'event' }, {})).rejects.toThrow(/no event/)
  })

  it('reports an unsupported distribution level and takes `else`', async () => {
    const outcome = await run({ scope: 'event', condition: 'equals', distribution: '5' }, event('5'))
    expect(outcome.result).toBe(false)
    expect(outcome.errors).toEqual(['Distribution level not supported'])
  })

  describe('the sharing-group level', () => {
    const sg = (condition: string, sharing_group_id: unknown) => ({
      scope: 'event',
      condition,
      distribution: '4',
      sharing_group_id,
    })
    const shared = event('4', [{ distribution: '5' }], { sharing_group_id: '1' })
    const community = event('1', [{ distribution: '5' }])

    it('with equals, holds when every sharing group is selected', async () => {
      expect(await result(sg('equals', ['1']), shared)).toBe(true)
      expect(await result(sg('equals', ['2', '3']), shared)).toBe(false)
    })

    it('with equals and no selection, holds when the event has a sharing group', async () => {
      expect(await result(sg('equals', []), shared)).toBe(true)
      expect(await result(sg('equals', []), community)).toBe(false)
    })

    it('with equals, holds for an event without sharing group, as PHP does', async () => {
      expect(await result(sg('equals', ['1']), community)).toBe(true)
    })

    it('with not_equals, holds when no sharing group is selected', async () => {
      expect(await result(sg('not_equals', ['2']), shared)).toBe(true)
      expect(await result(sg('not_equals', ['1']), shared)).toBe(false)
      expect(await result(sg('not_equals', []), community)).toBe(true)
      expect(await result(sg('not_equals', []), shared)).toBe(false)
    })

    it('collects the attribute and object sharing groups in the attribute scope', async () => {
      const data = event('3', [
        { distribution: '4', sharing_group_id: '7', Object: { distribution: '4', sharing_group_id: '8' } },
      ])
      expect(await result({ ...sg('equals', ['7', '8']), scope: 'attribute' }, data)).toBe(true)
      expect(await result({ ...sg('equals', ['7']), scope: 'attribute' }, data)).toBe(false)
      expect(await result({ ...sg('not_equals', ['9']), scope: 'attribute' }, data)).toBe(true)
    })

    it('fails with an error on a lone selected sharing group, where MISP crashes (array_diff TypeError)', async () => {
      await expect(run(sg('equals', '1'), shared)).rejects.toMatchObject({ code: 'SLC_MISP_CRASH' })
      await expect(run(sg('not_equals', '1'), shared)).rejects.toMatchObject({ code: 'SLC_MISP_CRASH' })
      // No array_diff without a selection, nor for the unsupported operators.
      expect(await result(sg('equals', ''), shared)).toBe(true)
      expect((await run(sg('more_restrictive_or_equal_than', '1'), shared)).errors).toEqual([
        'Condition operator not supported for that distribution level',
      ])
    })

    it('reports the range operators as unsupported', async () => {
      const outcome = await run(sg('more_restrictive_or_equal_than', []), shared)
      expect(outcome.result).toBe(false)
      expect(outcome.errors).toEqual(['Condition operator not supported for that distribution level'])
    })

    it('fails with an error on an event without attributes in the event scope too, where MISP crashes', async () => {
      await expect(run(sg('equals', ['1']), event('4', undefined, { sharing_group_id: '1' }))).rejects.toThrow(
        /no attribute/,
      )
    })

    // spec/ENGINE.md §4.2 steps 2-3: the level check comes before the sharing-group branch
    // reads `Event.Attribute[0]`, so MISP reports the level and does not crash.
    it('reports an unsupported event level before it needs an attribute, as PHP does', async () => {
      const outcome = await run(sg('equals', ['1']), event('5', undefined, { sharing_group_id: '1' }))
      expect(outcome.result).toBe(false)
      expect(outcome.errors).toEqual(['Distribution level not supported'])
    })
  })
})

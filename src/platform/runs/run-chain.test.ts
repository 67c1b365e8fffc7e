import { describe, expect, it } from 'vitest'
import { describeChain, extendChain, isRunChain, loopGuardRefusal, loopLimits } from './run-chain.ts'

const link = (workflowId: string, triggerId = 'tag-attached-after-save') => ({ workflowId, triggerId })
const limits = { maxDepth: 3, maxReentries: 2 }

describe('loopGuardRefusal', () => {
  it('lets a run with no causing chain through', () => {
    expect(loopGuardRefusal(undefined, link('1'), limits)).toBeNull()
    expect(loopGuardRefusal([], link('1'), limits)).toBeNull()
  })
  it('refuses a run once the chain is as deep as the limit, naming the whole chain', () => {
    const chain = [link('1', 'event-publish'), link('2'), link('3')]
    const refusal = loopGuardRefusal(chain, link('4'), limits)
    expect(refusal).toContain('SLC_LOOP_GUARD')
    expect(refusal).toContain('3 deep (limit 3)')
    expect(refusal).toContain(
      'Chain: workflow #1 (event-publish) → workflow #2 (tag-attached-after-save) → workflow #3 (tag-attached-after-save) → workflow #4 (tag-attached-after-save)',
    )
    expect(loopGuardRefusal(chain.slice(0, 2), link('4'), limits)).toBeNull()
  })
  it('refuses a workflow that already ran as often as the re-entry limit allows in its chain', () => {
    expect(loopGuardRefusal([link('7')], link('7'), limits)).toBeNull()
    expect(loopGuardRefusal([link('7'), link('7')], link('7'), { maxDepth: 10, maxReentries: 2 })).toContain(
      'already ran 2 times in this chain (limit 2)',
    )
  })
})

describe('loopLimits', () => {
  it('reads positive integers from the settings and falls back to 10', () => {
    const values: Record<string, unknown> = { 'Sluice.loop_max_depth': '4', 'Sluice.loop_max_reentries': -1 }
    expect(loopLimits((name) => values[name])).toEqual({ maxDepth: 4, maxReentries: 10 })
    expect(loopLimits(() => undefined)).toEqual({ maxDepth: 10, maxReentries: 10 })
  })
})

describe('isRunChain', () => {
  it('accepts a chain and refuses anything else a job payload might hold', () => {
    expect(isRunChain(extendChain(undefined, { ...link('1'), runId: 'r' }))).toBe(true)
    expect(isRunChain([{ workflowId: 1, triggerId: 'x' }])).toBe(false)
    expect(isRunChain(['log-after-save'])).toBe(false)
    expect(isRunChain('x')).toBe(false)
  })
})

describe('describeChain', () => {
  it('lists the runs oldest first', () => {
    expect(describeChain([link('1', 'a'), link('2', 'b')])).toBe('workflow #1 (a) → workflow #2 (b)')
  })
})

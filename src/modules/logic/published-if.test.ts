import { describe, expect, it } from 'vitest'
import { execModule } from '../../../test/harness/exec-module.ts'
import { publishedIf } from './published-if.ts'

const run = async (condition: string | undefined, Event: Record<string, unknown>) =>
  (await execModule(publishedIf, condition === undefined ? {} : { condition }, { Event })).result

describe('published-if', () => {
  it('takes `then` for a published event when the condition is "equals"', async () => {
    expect(await run('equals', { published: true })).toBe(true)
    expect(await run('equals', { published: false })).toBe(false)
  })

  it('takes `then` for an unpublished event when the condition is "not_equals"', async () => {
    expect(await run('not_equals', { published: false })).toBe(true)
    expect(await run('not_equals', { published: true })).toBe(false)
  })

  it('treats published "0", "" and a missing flag as unpublished, as PHP does', async () => {
    expect(await run('equals', { published: '0' })).toBe(false)
    expect(await run('equals', { published: '' })).toBe(false)
    expect(await run('not_equals', {})).toBe(true)
    expect(await run('equals', { published: '1' })).toBe(true)
  })

  it('defaults to "equals"', async () => {
    expect(await run(undefined, { published: true })).toBe(true)
  })

  it('is false for an unknown condition', async () => {
    expect(await run('in', { published: true })).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import { createInputHandoff } from './input-handoff.ts'

describe('createInputHandoff', () => {
  it('names each job uniquely and gives a kept input once', () => {
    const handoff = createInputHandoff('owner', () => 0)
    const first = handoff.tag()
    const second = handoff.tag()
    expect(first).not.toBe(second)
    expect(first.startsWith('owner:')).toBe(true)
    const data = { Event: { info: 'given away' } }
    handoff.keep(first, { text: JSON.stringify(data), data, isTransferred: true })
    expect(handoff.take(first)?.data).toBe(data)
    // A second claim of the same job (a retry) reads the database, not this.
    expect(handoff.take(first)).toBeUndefined()
    expect(handoff.take(second)).toBeUndefined()
  })

  it('refuses the newest input when full, so the backlog about to run keeps its own', () => {
    const handoff = createInputHandoff('owner', () => 0, { maxTextLength: 10 })
    const [a, b, c] = [handoff.tag(), handoff.tag(), handoff.tag()]
    handoff.keep(a, { text: '"1234"', isTransferred: false })
    handoff.keep(b, { text: '"12345"', isTransferred: false })
    expect(handoff.take(b)).toBeUndefined()
    expect(handoff.take(a)?.text).toBe('"1234"')
    // Taking frees the room again.
    handoff.keep(c, { text: '"12345"', isTransferred: false })
    expect(handoff.take(c)?.text).toBe('"12345"')
  })

  it('drops what no one took in time (a rolled-back job, one another process claimed)', () => {
    let now = 0
    const handoff = createInputHandoff('owner', () => now, { maxAgeMs: 1000, maxTextLength: 10 })
    const [old, fresh] = [handoff.tag(), handoff.tag()]
    handoff.keep(old, { text: '"12345678"', isTransferred: false })
    now = 1500
    // The expired entry no longer takes room: the new one fits.
    handoff.keep(fresh, { text: '"12345678"', isTransferred: false })
    expect(handoff.take(old)).toBeUndefined()
    expect(handoff.take(fresh)?.text).toBe('"12345678"')
  })
})

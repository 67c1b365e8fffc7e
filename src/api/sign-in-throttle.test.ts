import { describe, expect, it } from 'vitest'
import { createSignInThrottle } from './sign-in-throttle.ts'

describe('createSignInThrottle', () => {
  it('refuses an address after `limit` failures until the window has passed', () => {
    let time = 0
    const throttle = createSignInThrottle({ limit: 3, windowMs: 1000, now: () => time })
    for (let attempt = 0; attempt < 3; attempt++) {
      expect(throttle.allows('192.0.2.1')).toBe(true)
      throttle.fail('192.0.2.1')
    }
    expect(throttle.allows('192.0.2.1')).toBe(false)
    expect(throttle.allows('192.0.2.2')).toBe(true)
    time = 1000
    expect(throttle.allows('192.0.2.1')).toBe(true)
  })

  it('forgets the failures of an address that signs in', () => {
    const throttle = createSignInThrottle({ limit: 2 })
    throttle.fail('192.0.2.1')
    throttle.succeed('192.0.2.1')
    throttle.fail('192.0.2.1')
    expect(throttle.allows('192.0.2.1')).toBe(true)
  })
})

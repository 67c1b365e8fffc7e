import { describe, expect, it } from 'vitest'
import { afterReady } from './after-ready.ts'

describe('afterReady', () => {
  it('runs a method only once ready() has resolved, with the service as `this`', async () => {
    const steps: string[] = []
    const service = {
      prefix: 'answer',
      async name(value: number) {
        steps.push('method')
        return `${this.prefix} ${value}`
      },
    }
    const wrapped = afterReady(async () => {
      steps.push('ready')
    }, service)
    expect(await wrapped.name(42)).toBe('answer 42')
    expect(steps).toEqual(['ready', 'method'])
  })

  it('copies properties that are not functions as they are', () => {
    const wrapped = afterReady(async () => {}, { limit: 3, async run() {} })
    expect(wrapped.limit).toBe(3)
  })

  it('answers the rejection of ready() without running the method', async () => {
    let hasRun = false
    const wrapped = afterReady(() => Promise.reject(new Error('settings not loaded')), {
      async run() {
        hasRun = true
      },
    })
    await expect(wrapped.run()).rejects.toThrow('settings not loaded')
    expect(hasRun).toBe(false)
  })
})
